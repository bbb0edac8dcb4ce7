"""Fixtures of the plotting tests."""

from tests.results_folders import folders  # noqa: F401
