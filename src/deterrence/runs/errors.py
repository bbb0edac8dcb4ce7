"""The error raised for bad user input (configs, overrides, CLI arguments)."""

from __future__ import annotations

from pathlib import Path


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


def read_text(path: str | Path, kind: str) -> str:
    """A UTF-8 text file's contents; every failure is a one-line ConfigError.

    ``kind`` names what the file should be ("a TOML file", "a Gambit game file").
    """
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(source, "", "no such file") from None
    except IsADirectoryError:
        raise ConfigError(source, "", f"is a directory, not {kind}") from None
    except OSError as exc:
        raise ConfigError(source, "", f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(source, "", f"not UTF-8 text; expected {kind}") from None
