"""kith's part of the pages, rendered on the machine's other cores while the site engine works.

A static-site engine such as MkDocs builds on one core: it reads every page and renders its
Markdown, then puts every page into the theme. kith's part of a page (a profile's timeline and
graph, a topic's members; the parts around the body) depends only on the vault, so worker
processes render it meanwhile, through a standard `concurrent.futures` executor whose workers are
forked once the vault is loaded and hold it already.

The engine asks for the pages in a known order, and work is handed to the workers in chunks in
that same order. A worker renders only kith's part of a page, the engine all the rest of it, so the
workers mostly run ahead and the engine finds each chunk finished when it gets there. Where it
does not, the engine renders the page itself, cancelling the chunk if no worker has begun it. If
the engine catches the workers up like that, they take the chunks still left from the far end
instead, and the two meet in the middle: workers following close behind the engine would only
render what it had rendered already. So the engine never waits, nothing is rendered twice but the
chunks a worker is on, and the pages are the same whoever rendered them: the results never depend
on whether, or how far, a worker ran. The workers run at a lower priority than the engine
(`WORKER_NICENESS`): where the machine's cores are short, the engine, which the build waits for,
gets them first.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import lz4.frame

from ..core.workers import can_fork, fork_context, usable_cores

# Below this many pages the workers are not worth their start; the engine renders them itself.
MIN_PAGES = 200
CHUNK = 24  # pages a worker renders per task: few enough that little is rendered twice

# What a worker renders, set in the parent just before the workers are forked (they inherit it).
_RENDER: Callable[[str], Any] | None = None


# How much a worker gives way to other work on the machine (`os.nice`): MkDocs' process is what the
# build waits for, and the workers only run ahead of it. When the cores are short (the system
# writing the site to disk, another program), MkDocs' process gets them first; a worker that falls
# behind costs nothing but the pages MkDocs' process then renders itself.
WORKER_NICENESS = 10


def _worker_started() -> None:
    """In a new worker: what it inherited lives as long as it does, so the cycle collector need
    not walk it (nor copy its pages of memory by touching them); rendering makes new garbage.
    It runs at a lower priority than the build it helps (`WORKER_NICENESS`)."""
    gc.freeze()
    gc.enable()
    with contextlib.suppress(OSError):  # lowering one's own priority is always allowed; just in case
        os.nice(WORKER_NICENESS)


def _render_chunk(keys: Sequence[str]) -> bytes:
    """In a worker: the chunk's pieces, pickled and compressed (they cross a pipe, and wait in
    the engine's memory until it gets to them). LZ4: about as small as zlib's quickest level on
    HTML, and many times quicker to open again, which the engine does for every page."""
    assert _RENDER is not None
    return lz4.frame.compress(pickle.dumps([_RENDER(key) for key in keys], pickle.HIGHEST_PROTOCOL))


class PageWork:
    """Pieces rendered by worker processes: `take(key)` gives one back, or None to render it here."""

    def __init__(self, keys: Sequence[str], render: Callable[[str], Any], workers: int) -> None:
        global _RENDER
        self._chunk_of: dict[str, int] = {}
        self._chunks: list[list[str]] = [list(keys[i:i + CHUNK]) for i in range(0, len(keys), CHUNK)]
        for number, chunk in enumerate(self._chunks):
            for key in chunk:
                self._chunk_of[key] = number
        self._futures: dict[int, Future[bytes]] = {}
        self._done: dict[int, dict[str, Any]] = {}
        self.delivered = 0
        self._from_far_end = False
        _RENDER = render
        self._executor = ProcessPoolExecutor(workers, mp_context=fork_context(),
                                             initializer=_worker_started)
        try:
            for number in range(len(self._chunks)):
                self._futures[number] = self._executor.submit(_render_chunk, self._chunks[number])
        finally:
            _RENDER = None  # the parent renders through its own calls, not this

    @classmethod
    def start(cls, keys: Sequence[str], render: Callable[[str], Any]) -> PageWork | None:
        """Workers for the keys, or None where that is not safe or not worth it."""
        if len(keys) < MIN_PAGES or not can_fork():
            return None
        try:
            return cls(keys, render, usable_cores() - 1)
        except OSError:
            return None

    def take(self, key: str) -> Any | None:
        """The piece a worker rendered for `key`, if its chunk is finished; else None (and the
        chunk is cancelled if no worker has begun it). Never waits; each key is given once."""
        number = self._chunk_of.pop(key, None)
        if number is None:
            return None
        pieces = self._done.get(number)
        if pieces is None:
            future = self._futures.get(number)
            if future is None:
                return None
            if not future.done():
                if future.cancel():  # no worker began it: nobody will
                    del self._futures[number]
                    self._continue_from_far_end()
                return None  # a worker is on it: the rest of the chunk may still come from it
            del self._futures[number]
            if future.cancelled() or future.exception() is not None:
                return None  # a worker failed: the engine meets the same error and reports it
            chunk = self._chunks[number]
            pieces = self._done[number] = dict(zip(chunk, pickle.loads(lz4.frame.decompress(future.result())),
                                                   strict=True))
        piece = pieces.pop(key)
        if not pieces:
            del self._done[number]
        self.delivered += 1
        return piece

    def _continue_from_far_end(self) -> None:
        """The engine has caught the workers up: the chunks no worker has begun go to them again,
        the last first (once; the workers already forked hold what they render with)."""
        if self._from_far_end:
            return
        self._from_far_end = True
        waiting = [number for number, future in self._futures.items() if future.cancel()]
        try:
            for number in reversed(waiting):
                self._futures[number] = self._executor.submit(_render_chunk, self._chunks[number])
        except RuntimeError:  # a worker died (BrokenProcessPool): the engine renders the rest
            for number in waiting:
                if self._futures[number].cancelled():
                    del self._futures[number]

    def close(self) -> None:
        """Stops the workers; what they still render, nobody will take."""
        for future in self._futures.values():
            future.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._futures.clear()
        self._done.clear()
