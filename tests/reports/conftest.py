"""Fixtures of the report tests."""

from tests.results_folders import folders  # noqa: F401
