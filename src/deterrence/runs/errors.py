"""The error raised for bad user input (configs, overrides, CLI arguments, files)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_CONFIG_BYTES = 8 * 2**20  # a config (or case) file larger than this is refused unread
MAX_SHOWN = 400  # characters of an error line's message before its middle is elided
MAX_SHOWN_PART = 200  # characters of its source and key


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` itself, or its head and tail around a note of how much was left out."""
    if len(text) <= limit:
        return text
    tail = limit // 3
    head = limit - tail
    return f"{text[:head]} …[{len(text) - head - tail:,} characters omitted]… {text[-tail:]}"


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

    The line never spans lines and never echoes a long value whole: each part
    is shortened around its middle (:func:`shorten`).
    """

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key, self.message = source, key, message
        super().__init__(str(self))

    def __str__(self) -> str:
        source = shorten(" ".join(str(self.source).split()), MAX_SHOWN_PART)
        key = shorten(" ".join(str(self.key).split()), MAX_SHOWN_PART)
        where = f"{source}: {key}" if key else source
        return f"{where}: {shorten(' '.join(self.message.split()))}"


# --------------------------------------------------------------------------- OS errors
_OS_REASONS = {
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large (the file-size limit, ulimit -f, was reached)",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ELOOP: "a part of the path is a symbolic link (not followed)",
    errno.EISDIR: "is a folder",
    errno.ENAMETOOLONG: "the path is too long",
    errno.EEXIST: "already exists",
    errno.ENOENT: "no such file or folder",
    errno.EMFILE: "too many open files",
    errno.EIO: "input/output error",
}


def os_reason(exc: OSError) -> str:
    """A short, plain reason for an OS error (no errno numbers, no traceback)."""
    return _OS_REASONS.get(exc.errno or -1) or (exc.strerror or type(exc).__name__).lower()


def os_error(source: str | Path, exc: OSError, action: str = "cannot write") -> ConfigError:
    """A one-line ConfigError for an OS error on ``source`` (naming the file at fault)."""
    culprit = str(exc.filename) if exc.filename is not None else ""
    where = str(source)
    if not where:
        where = culprit or "a file"
    elif culprit and culprit != where:
        where = f"{where}: {culprit}"
    return ConfigError(where, "", f"{action}: {os_reason(exc)}")


# ----------------------------------------------------------------------------- reading
def read_bytes(path: str | Path, kind: str, max_bytes: int = MAX_CONFIG_BYTES) -> bytes:
    """At most ``max_bytes`` bytes of a file; every failure is a one-line ConfigError.

    A regular file's size is checked before anything is read; anything else (a
    pipe, a device such as ``/dev/zero``, a link to one) is read only up to
    the limit, so an endless stream is refused rather than read until memory
    runs out.
    """
    source = str(path)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise ConfigError(source, "", f"is a folder, not {kind}")
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise _too_large(source, kind, max_bytes, info.st_size)
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ConfigError(source, "", "no such file") from None
    except IsADirectoryError:
        raise ConfigError(source, "", f"is a folder, not {kind}") from None
    except OSError as exc:
        raise ConfigError(source, "", f"cannot read: {os_reason(exc)}") from None
    if len(data) > max_bytes:
        raise _too_large(source, kind, max_bytes, None)
    return data


def _too_large(source: str, kind: str, limit: int, size: int | None) -> ConfigError:
    got = f"{size:,} bytes" if size is not None else "an endless or growing stream"
    return ConfigError(source, "", f"{got}; {kind} may be at most {limit:,} bytes")


def read_text(path: str | Path, kind: str, max_bytes: int = MAX_CONFIG_BYTES) -> str:
    """A UTF-8 text file's contents (at most ``max_bytes``); failures are one-line ConfigErrors.

    ``kind`` names what the file should be ("a TOML file", "a Gambit game file").
    """
    data = read_bytes(path, kind, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(str(path), "", f"not UTF-8 text; expected {kind}") from None
