"""Rendering pages in a second process while the site engine does its own work.

A static-site engine such as MkDocs builds on one core: it turns every page's Markdown into HTML,
then puts every page into the theme. kith's part of each page (a profile's timeline and graph, a
topic's members) does not depend on that work, so a forked child renders it meanwhile, on the
other core, and the engine's process picks each page up when it gets to it.

The child writes each page, in the order given, to an unlinked temporary file (so it needs no
clean-up and holds no memory) and then one byte to a pipe: a byte read means the page is complete
in the file. Whatever the child has not delivered, because it failed, was slow or could not be
started, the caller renders itself: the results never depend on whether the child ran.
"""

from __future__ import annotations

import logging
import os
import select
import struct
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from typing import BinaryIO

_HEADER = struct.Struct("<II")  # length of the key, length of the page, both in UTF-8 bytes
# Below this many pages a child is not worth its start-up; the caller renders them itself.
MIN_PAGES = 200


def can_fork() -> bool:
    """Whether a child can be forked safely: a POSIX system, more than one core, and no other
    thread in this process (a thread could hold a lock the child would then wait on for ever)."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and sys.platform != "darwin")  # macOS system libraries are not safe after fork


class Prerender:
    """Pages rendered by a forked child: `take(key)` gives one back, or None to render it here."""

    def __init__(self, keys: Sequence[str], render: Callable[[str], str]) -> None:
        self._keys = list(keys)
        self._pending = set(self._keys)  # keys the child may still deliver
        self._render = render
        self._pid = 0
        self._file: BinaryIO | None = None
        self._notices = -1  # the read end of the pipe
        self._committed = 0  # pages the child reported complete
        self._consumed = 0  # pages read back from the file
        self._offset = 0
        self._waiting: dict[str, str] = {}  # read ahead of the caller's order
        self._finished = False
        self.waited = 0.0  # seconds the caller spent waiting for the child

    @classmethod
    def start(cls, keys: Sequence[str], render: Callable[[str], str]) -> Prerender | None:
        """Forks the child, or returns None where that is not safe or not worth it."""
        if len(keys) < MIN_PAGES or not can_fork():
            return None
        return cls.launch(keys, render)

    @classmethod
    def launch(cls, keys: Sequence[str], render: Callable[[str], str]) -> Prerender | None:
        """Forks the child without asking whether that is wise (`start` asks); None if it fails."""
        prerender = cls(keys, render)
        try:
            prerender._fork()
        except OSError:
            prerender.close()
            return None
        return prerender

    @property
    def delivered(self) -> int:
        return self._consumed

    def take(self, key: str, timeout: float = 60.0) -> str | None:
        """The page the child rendered for `key`, waiting for it if the child is still on its way;
        None if the child will not deliver it (it failed, or it never had that key)."""
        if self._file is None or key not in self._pending:
            return None
        deadline = time.monotonic() + timeout
        while key not in self._waiting:
            if self._consumed < self._committed:
                read_key, page = self._read_next()
                self._waiting[read_key] = page
                continue
            if self._finished or not self._wait_for_child(deadline):
                return None
        self._pending.discard(key)
        return self._waiting.pop(key)

    def close(self) -> None:
        """Stops the child if it still runs and releases the file and the pipe."""
        if self._pid:
            try:
                os.kill(self._pid, 9)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0
        if self._notices >= 0:
            os.close(self._notices)
            self._notices = -1
        if self._file is not None:
            self._file.close()
            self._file = None
        self._waiting.clear()

    # The parent's side.

    def _fork(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="kith-pages-")
        read_end, write_end = os.pipe()
        self._notices = read_end
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_end)
            _run_child(self._file.fileno(), write_end, self._keys, self._render)
        self._pid = pid
        os.close(write_end)

    def _wait_for_child(self, deadline: float) -> bool:
        """Blocks until the child reports another page or ends; False once it has ended or the
        deadline passed (the caller then renders the rest itself)."""
        now = time.monotonic()
        remaining = deadline - now
        if remaining <= 0:
            self._finished = True
            return False
        ready, _, _ = select.select([self._notices], [], [], remaining)
        self.waited += time.monotonic() - now
        if not ready:
            self._finished = True
            return False
        data = os.read(self._notices, 65536)
        if not data or data.endswith(b"\0"):  # the child ended, or gave up on an error
            self._committed += data.count(b"\1")
            self._finished = True
            return self._consumed < self._committed
        self._committed += len(data)
        return True

    def _read_next(self) -> tuple[str, str]:
        assert self._file is not None
        descriptor = self._file.fileno()
        header = os.pread(descriptor, _HEADER.size, self._offset)
        key_size, page_size = _HEADER.unpack(header)
        body = _pread_all(descriptor, key_size + page_size, self._offset + _HEADER.size)
        self._offset += _HEADER.size + key_size + page_size
        self._consumed += 1
        return body[:key_size].decode("utf-8"), body[key_size:].decode("utf-8")


def _pread_all(descriptor: int, size: int, offset: int) -> bytes:
    parts: list[bytes] = []
    while size > 0:
        part = os.pread(descriptor, size, offset)
        if not part:
            raise OSError("kith: the pre-rendered pages file ended early")
        parts.append(part)
        size -= len(part)
        offset += len(part)
    return b"".join(parts)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _run_child(file_descriptor: int, notices: int, keys: list[str], render: Callable[[str], str]) -> None:
    """The child's whole life: render, write, report; then leave without running the parent's
    clean-up (atexit handlers, buffered output), which belongs to the parent alone."""
    status = 0
    try:
        logging.disable(logging.CRITICAL)  # whatever goes wrong, the parent meets it again and reports it
        for key in keys:
            page = render(key).encode("utf-8")
            encoded_key = key.encode("utf-8")
            _write_all(file_descriptor, _HEADER.pack(len(encoded_key), len(page)) + encoded_key + page)
            os.write(notices, b"\1")
    except BaseException:  # noqa: BLE001 - the parent renders what is missing, and reports any error
        status = 1
        try:
            if os.environ.get("KITH_DEBUG_PRERENDER"):
                traceback.print_exc()
            os.write(notices, b"\0")
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(status)
