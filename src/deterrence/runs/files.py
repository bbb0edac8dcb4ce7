"""Files the package can prove it wrote: created exclusively, never through a symbolic link.

Every result the package writes goes through these few functions:

* :func:`write_new` creates a file that did not exist (``O_EXCL``) without
  following a symbolic link (``O_NOFOLLOW``), and removes it again if the
  write fails part way (a full disk, the file-size limit);
* :func:`move_new` renames a file into place only where nothing exists yet
  (a hard link, then the old name removed), so nothing is ever overwritten;
* :func:`read_own` reads a file the package wrote, refusing a symbolic link,
  anything that is not a regular file, and anything larger than expected.

They raise :class:`OSError`; callers turn it into a one-line error naming the
file (:func:`deterrence.runs.errors.os_error`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def sha256(data: bytes) -> str:
    """The SHA-256 digest of ``data`` in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``; never an existing file, never through a link.

    If the write fails part way, the file (which this call created) is removed.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    fd = os.open(path, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)


def move_new(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, which must not exist (FileExistsError if it does).

    A hard link and the removal of the old name make the move atomic and
    never overwriting; where hard links are not supported, the target is
    checked and the file renamed.
    """
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)


def kind_of(path: Path) -> str | None:
    """ "file", "folder", "link" or "other" for what is at ``path`` (links not followed),
    or None if nothing is there."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "other"


class TooLarge(OSError):
    """A file larger than the reader expects (a damaged or replaced file, or a stream)."""


KIND_NAMES = {"link": "symbolic link", "other": "special file"}


def kind_name(kind: str | None) -> str:
    """How a message names a kind of :func:`kind_of` ("symbolic link", "folder", ...)."""
    return KIND_NAMES.get(kind or "", kind or "nothing")


def read_own(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file at ``path`` (not a link), at most ``max_bytes``.

    Raises OSError (ELOOP for a link, EINVAL for anything that is not a
    regular file) or :class:`TooLarge` beyond ``max_bytes``.
    """
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > max_bytes:
            raise TooLarge(errno.EFBIG, f"larger than {max_bytes:,} bytes", str(path))
        return handle.read(max_bytes + 1)


def nearest_existing(path: Path) -> Path:
    """The nearest ancestor of ``path`` (or ``path`` itself) that exists."""
    path = Path(os.path.abspath(path))
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def check_creatable(path: Path) -> None:
    """Raise OSError if the folder ``path`` evidently cannot be created: a part of the
    path is a file, or the nearest existing folder is read-only or not writable.

    A cheap check before work starts, so that the usual failures are reported
    before anything is computed; creating the folder may still fail (a full disk).
    """
    base = nearest_existing(path)
    if not base.is_dir():
        code = errno.ELOOP if kind_of(base) == "link" else errno.ENOTDIR
        raise OSError(code, os.strerror(code), str(base))
    if _read_only(base):
        raise OSError(errno.EROFS, "Read-only file system", str(base))
    if not os.access(base, os.W_OK | os.X_OK):
        raise OSError(errno.EACCES, "Permission denied", str(base))


def _read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def make_folders(path: Path) -> list[Path]:
    """Create ``path`` and its missing parents; return the folders created (outermost first),
    so that a failure later can remove exactly those."""
    missing = []
    current = Path(os.path.abspath(path))
    while not os.path.lexists(current):
        missing.append(current)
        current = current.parent
    created = []
    try:
        for folder in reversed(missing):
            os.mkdir(folder)
            created.append(folder)
    except BaseException:
        remove_folders(created)
        raise
    return created


def remove_folders(created: list[Path]) -> None:
    """Remove folders this process created (innermost first), each only if it is empty."""
    for folder in reversed(created):
        try:
            os.rmdir(folder)
        except OSError:
            return
