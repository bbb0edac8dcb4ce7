"""The error raised for bad user input (configs, overrides, CLI arguments)."""

from __future__ import annotations


class ConfigError(Exception):
    """Bad input, reported to the user as one line: ``SOURCE: KEY: what is allowed``.

    Parameters
    ----------
    source
        Where the input came from: a file path, or ``--set`` for an override.
    key
        The dotted key at fault (``parameters.stakes``), or "" for the whole input.
    message
        What is wrong and what is allowed.
    """

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key, self.message = source, key, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: {self.key}" if self.key else self.source
        return f"{where}: {' '.join(self.message.split())}"
