"""Rendering pages in a second process while the site engine does its own work.

A static-site engine such as MkDocs builds on one core: it turns every page's Markdown into HTML,
then puts every page into the theme. Much of kith's part of each page (a profile's timeline and
graph, a topic's members, and a body's Markdown) does not depend on that work, so a forked child
does it meanwhile, on the other core, and the engine's process picks each piece up when it gets to
it.

The caller asks for pieces in a known order (the engine's passes over its pages). The child works
through that order in steps: where it is slower than the caller, the caller starts from the front
and the child from the back, and the child stops where they meet; where it is quicker, it starts at
the front too, keeps ahead of the caller, and skips whatever the caller has passed. Either way the caller never
waits, and the child never does what the caller already did. The child writes each
piece to an unlinked temporary file (no clean-up, no memory held) and then one byte to a pipe; a
byte read means the piece is complete in the file. Whatever the child has not delivered, the
caller renders itself: the results never depend on whether, or how far, the child ran.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import mmap
import os
import struct
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import BinaryIO

# One step of the child's plan: a range of keys (start, end) in the caller's order, and whether
# the child runs ahead of the caller there (True: it renders quicker than the caller uses the
# pieces) or meets it from the back (False). Steps may come in any order.
Step = tuple[int, int, bool]
_HEADER = struct.Struct("<II")  # length of the key, length of the piece, both in UTF-8 bytes
_POSITION = struct.Struct("<q")
# Below this many pieces a child is not worth its start-up; the caller renders them itself.
MIN_PAGES = 200


def can_fork() -> bool:
    """Whether a child can be forked safely: a POSIX system, more than one core, and no other
    thread in this process (a thread could hold a lock the child would then wait on for ever)."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and sys.platform != "darwin")  # macOS system libraries are not safe after fork


class Prerender:
    """Pieces rendered by a forked child: `take(key)` gives one back, or None to render it here."""

    def __init__(self, keys: Sequence[str], plan: Sequence[Step], render: Callable[[str], str]) -> None:
        self._keys = list(keys)
        self._plan = list(plan)
        self._position = {key: index for index, key in enumerate(self._keys)}
        self._render = render
        self._pid = 0
        self._file: BinaryIO | None = None
        self._notices = -1  # the read end of the pipe
        self._shared: mmap.mmap | None = None  # the caller's position, for the child to see
        self._committed = 0  # pieces the child reported complete
        self._scanned = 0  # of those, pieces whose place in the file is known
        self._offset = 0
        self._places: dict[str, tuple[int, int, int]] = {}  # key: offset, key size, piece size
        # Keys the caller asked for: each is its own once asked, even if the child, which saw the
        # caller's position too late, delivers it afterwards.
        self._asked: set[str] = set()
        self.delivered = 0
        self.child_cpu = 0.0  # CPU seconds the child used, known once it is closed

    @classmethod
    def start(cls, keys: Sequence[str], plan: Sequence[Step], render: Callable[[str], str]) -> Prerender | None:
        """Forks the child, or returns None where that is not safe or not worth it."""
        if len(keys) < MIN_PAGES or not can_fork():
            return None
        return cls.launch(keys, plan, render)

    @classmethod
    def launch(cls, keys: Sequence[str], plan: Sequence[Step], render: Callable[[str], str]) -> Prerender | None:
        """Forks the child without asking whether that is wise (`start` asks); None if it fails."""
        prerender = cls(keys, plan, render)
        try:
            prerender._fork()
        except OSError:
            prerender.close()
            return None
        return prerender

    def take(self, key: str) -> str | None:
        """The piece the child rendered for `key` if it has; None to render it here. Never waits.
        A key is answered once: asked again, or delivered after it was asked, it gives None.
        Tells the child the caller got this far, so it renders nothing before this in the round."""
        if self._file is None:
            return None
        position = self._position.get(key)
        if position is None or key in self._asked:
            return None
        assert self._shared is not None
        _POSITION.pack_into(self._shared, 0, position)
        self._collect()
        place = self._places.pop(key, None)
        self._asked.add(key)
        if place is None:
            return None
        offset, key_size, size = place
        self.delivered += 1
        return _pread_all(self._file.fileno(), size, offset + _HEADER.size + key_size).decode("utf-8")

    def close(self) -> None:
        """Stops the child and releases the file, the pipe and the shared position."""
        if self._pid:
            try:
                os.kill(self._pid, 9)  # whatever it still renders, nobody will take
            except ProcessLookupError:
                pass
            try:
                _, _, usage = os.wait4(self._pid, 0)
                self.child_cpu = usage.ru_utime + usage.ru_stime
            except ChildProcessError:
                pass
            self._pid = 0
        if self._notices >= 0:
            os.close(self._notices)
            self._notices = -1
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._shared is not None:
            self._shared.close()
            self._shared = None
        self._places.clear()

    # The caller's side.

    def _fork(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="kith-pages-")
        self._shared = mmap.mmap(-1, _POSITION.size)  # anonymous and shared with the child
        _POSITION.pack_into(self._shared, 0, -1)
        read_end, write_end = os.pipe()
        self._notices = read_end
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_end)
            _run_child(self._file.fileno(), write_end, self._shared, self._keys, self._plan, self._render)
        self._pid = pid
        os.close(write_end)
        fcntl.fcntl(read_end, fcntl.F_SETFL, fcntl.fcntl(read_end, fcntl.F_GETFL) | os.O_NONBLOCK)

    def _collect(self) -> None:
        """Notes where each piece the child has completed since the last call lies in the file."""
        while True:
            try:
                data = os.read(self._notices, 65536)
            except BlockingIOError:
                break
            if not data:
                break  # the child has ended
            self._committed += len(data)
        assert self._file is not None
        descriptor = self._file.fileno()
        while self._scanned < self._committed:
            key_size, size = _HEADER.unpack(_pread_all(descriptor, _HEADER.size, self._offset))
            key = _pread_all(descriptor, key_size, self._offset + _HEADER.size).decode("utf-8")
            if key not in self._asked:  # else the caller made it already
                self._places[key] = (self._offset, key_size, size)
            self._offset += _HEADER.size + key_size + size
            self._scanned += 1


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


def _run_child(file_descriptor: int, notices: int, shared: mmap.mmap, keys: list[str],
               plan: list[Step], render: Callable[[str], str]) -> None:
    """The child's whole life: render each step of the plan (ahead of the caller, or from its
    back until they meet), write, report; then leave without running the parent's clean-up (atexit handlers,
    buffered output), which belongs to the parent alone."""

    def deliver(index: int) -> None:
        key = keys[index]
        piece = render(key).encode("utf-8")
        encoded_key = key.encode("utf-8")
        _write_all(file_descriptor, _HEADER.pack(len(encoded_key), len(piece)) + encoded_key + piece)
        os.write(notices, b"\1")

    def caller_at() -> int:
        return _POSITION.unpack_from(shared, 0)[0]

    status = 0
    try:
        logging.disable(logging.CRITICAL)  # whatever goes wrong, the parent meets it again and reports it
        gc.freeze()  # the parent's objects are alive: collections here need not walk (and copy) them
        gc.enable()  # the parent may have paused it while forking; rendering makes garbage
        for start, end, ahead in plan:
            if ahead:
                index = start
                while index < end:
                    index = max(index, caller_at() + 1)  # what the caller passed, it did itself
                    if index < end:
                        deliver(index)
                    index += 1
            else:
                index = end - 1
                while index >= start and index > caller_at():
                    deliver(index)
                    index -= 1
    except BaseException:  # noqa: BLE001 - the parent renders what is missing, and reports any error
        status = 1
        if os.environ.get("KITH_DEBUG_PRERENDER"):
            traceback.print_exc()
    finally:
        os._exit(status)
