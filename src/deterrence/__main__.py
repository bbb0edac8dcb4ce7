"""``python -m deterrence`` runs the command-line interface."""

from deterrence.cli import entry

entry()
