"""Writing into a vault without ever losing a user's file.

New files are written whole to a temporary file in the target folder, flushed to disk, then
hard-linked to their final name: `os.link` fails if that name exists, so an existing file is
never overwritten, and an interrupted write leaves at most a stray temporary file (named
`.kith-*.tmp`, which the loader skips), never a half-written note. The one replacement kith
makes (adding fields on `kith import --merge`, `kith merge`) swaps in a complete new file with
`os.replace`, and only if the file still holds what kith read (`replace_unchanged`).

Every target is checked to stay inside the folder it is meant for, whatever a name contains.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .files import FileTooLarge, NotRegularFile, read_regular_file

TEMP_PREFIX = ".kith-"
TEMP_SUFFIX = ".tmp"
# File systems without hard links (FAT, some network shares) report one of these.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.ENOSYS}


class UnsafeTarget(ValueError):
    """A file name that would place a file outside its folder."""


def inside(folder: Path, name: str) -> Path:
    """`folder/name`, refusing any name that is not one plain file name within `folder`."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise UnsafeTarget(f"'{name}' is not a plain file name")
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base:  # e.g. a symlink named like the file, pointing elsewhere
        raise UnsafeTarget(f"'{name}' would be written outside {folder}")
    return base / name


def ensure_within(root: Path, folder: Path) -> Path:
    """The folder, if it lies within the vault root (lexically: a symlinked folder is allowed)."""
    normal = Path(os.path.normpath(root.absolute() / folder))
    if not normal.is_relative_to(Path(os.path.normpath(root.absolute()))):
        raise UnsafeTarget(f"the folder '{folder}' is outside the vault {root}")
    return normal


def _temp_copy(folder: Path, data: bytes, mode: int | None = None) -> Path:
    """A temporary file in `folder` holding `data`, flushed to disk."""
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(path, mode)
        else:
            # mkstemp makes the file 0600; a new note gets the permissions any new file would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(path, 0o666 & ~umask)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


def _sync_folder(folder: Path) -> None:
    """Make the new directory entry itself durable (a no-op where folders cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _encoded(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def write_new(folder: Path, name: str, text: str | bytes) -> Path:
    """Create `folder/name` with `text`, atomically; FileExistsError if it exists already."""
    target = inside(folder, name)
    temp = _temp_copy(target.parent, _encoded(text))
    try:
        _link_exclusive(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _sync_folder(target.parent)
    return target


def _link_exclusive(temp: Path, target: Path) -> None:
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # No hard links here: claim the name with O_EXCL (still never overwriting), then swap
        # the complete file in. An interruption between the two leaves an empty file, not a
        # partial one, and `kith check` reports empty files.
        handle = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        os.close(handle)
        os.replace(temp, target)


def write_unique(folder: Path, stem: str, suffix: str, text: str | bytes,
                 attempts: int = 1000) -> Path:
    """Create `stem+suffix`, or `stem-2+suffix`, `stem-3+suffix`...: the first free name."""
    data = _encoded(text)
    for number in range(1, attempts + 1):
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        try:
            return write_new(folder, name, data)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, f"no free name for {stem}{suffix} in {folder}")


def replace_file(path: Path, text: str | bytes, expected: os.stat_result | None = None) -> None:
    """Replace an existing file's content atomically, keeping its permissions.

    With `expected` (the file's stat when it was read), refuse if the file changed since:
    someone else's edit is never thrown away.
    """
    target = inside(path.parent, path.name)
    current = target.stat()
    if expected is not None and (current.st_mtime_ns, current.st_size) != (
            expected.st_mtime_ns, expected.st_size):
        raise FileChangedError(f"{path} changed while kith was updating it; run the command again")
    temp = _temp_copy(target.parent, _encoded(text), mode=current.st_mode & 0o7777)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_folder(target.parent)


class FileChangedError(RuntimeError):
    """The file was edited between kith reading it and replacing it."""


def _unchanged(path: Path, original: bytes) -> Path:
    """The checked target, if the file still holds exactly `original`; FileChangedError if not."""
    target = inside(path.parent, path.name)
    try:  # never blocks: a pipe put there meanwhile is a change too
        _, current = read_regular_file(target, len(original))
    except (NotRegularFile, FileTooLarge):
        current = None
    if current != original:
        raise FileChangedError(f"{path} changed while kith was updating it; run the command again")
    return target


def replace_unchanged(path: Path, original: bytes, text: str | bytes) -> None:
    """Replace a file's content atomically, only if it still holds `original` (the bytes kith
    read and based the new content on): an edit made meanwhile is never thrown away. Between
    the check and the swap there is only the rename itself."""
    _unchanged(path, original)
    replace_file(path, text)


def remove_unchanged(path: Path, original: bytes) -> None:
    """Delete a file, only if it still holds `original`; FileNotFoundError if it is gone."""
    target = _unchanged(path, original)
    os.unlink(target)
    _sync_folder(target.parent)
