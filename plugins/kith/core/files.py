"""Reading a user's file safely, whatever the path turns out to be.

A vault may hold a named pipe, a device or a link to one (`/dev/zero`), or a file far larger than
anyone writes by hand. Reading such a path would hang or exhaust memory, so every read of a user's
file goes through `read_regular_file`: it refuses anything but a regular file, never blocks on
opening, and never reads more than a limit.
"""

from __future__ import annotations

import json
import os
import stat

# No contact, note or address book written or exported by a person comes near this.
MAX_FILE_BYTES = 16 * 1024 * 1024


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder (possibly through a symlink)."""


class FileTooLarge(OSError):
    """The file is larger than the limit a person's file can sensibly have."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words a user recognises."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _refuse_unless_regular(path: os.PathLike[str] | str, status: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise NotRegularFile(0, f"is {kind_of(status.st_mode)}, not a regular file", str(path))
    if status.st_size > limit:
        raise FileTooLarge(0, f"is {status.st_size / 1048576:.0f} MB, more than the "
                              f"{limit // 1048576} MB a hand-written file can have", str(path))


def open_regular_file(path: os.PathLike[str] | str,
                      limit: int = MAX_FILE_BYTES) -> tuple[int, os.stat_result]:
    """A descriptor (to read) of a regular file of at most `limit` bytes, and its status;
    NotRegularFile or FileTooLarge (both OSError, with the reason as `strerror`) for anything
    else, which is never opened. Never blocks. The caller closes the descriptor."""
    _refuse_unless_regular(path, os.stat(path), limit)  # follows symlinks, as opening does
    # O_NONBLOCK: should the path become a FIFO between the two looks, opening it does not wait.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        _refuse_unless_regular(path, status, limit)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, status


def read_regular_file(path: os.PathLike[str] | str,
                      limit: int = MAX_FILE_BYTES) -> tuple[os.stat_result, bytes]:
    """A regular file's status and bytes, in one open (`open_regular_file`). Never blocks, never
    reads more than `limit` bytes."""
    descriptor, status = open_regular_file(path, limit)
    try:
        parts = [os.read(descriptor, status.st_size + 1)]
        total = len(parts[0])
        if total != status.st_size:  # a short read, or the file changed meanwhile: read to the end
            while total <= limit and (chunk := os.read(descriptor, 1 << 20)):
                parts.append(chunk)
                total += len(chunk)
            if total > limit:
                raise FileTooLarge(0, f"grew past the {limit // 1048576} MB limit while being read",
                                   str(path))
        return status, b"".join(parts)
    finally:
        os.close(descriptor)


# An app's settings file (Obsidian's, a plugin's): small JSON.
MAX_SETTINGS_BYTES = 1024 * 1024


def read_settings_json(path: os.PathLike[str] | str) -> object | None:
    """The JSON in a settings file another app keeps in the vault, or None when there is no such
    file, or it is not a small regular file of JSON (a pipe there must not hang kith)."""
    try:
        _, data = read_regular_file(path, MAX_SETTINGS_BYTES)
        return json.loads(data)
    except (OSError, ValueError):
        return None
