"""Reading a vault's files: each file read, split into its fields and its body, and its body's
links and tasks found, once; on the machine's other cores too when there are many files.

What a file's text holds (its fields, the `[[links]]` and the task lines of its body) depends on
that file alone, so it is found while the file is read, and kept with it (`RawFile.finds`): a
file read again only when it changes is also searched again only then. Linking those finds to
people and notes needs the whole vault and is the loader's work (`records.py`).

Reading and searching is about half the time of loading a vault. With many files to read and a
second core, a worker process (a standard `concurrent.futures` executor, forked, so it starts at
once with everything loaded; up to `MAX_WORKERS` of them with more cores) reads chunks of them
while this process does, each chunk claimed once, in order, by whichever is free. The chunks are
handed on in order as they come in (`take`), so that the loader builds contacts and notes while
the workers read on. Files not in the system's cache (the first read after a while) are asked for
ahead, by a worker of their own, so that the disk fetches many at a time. A file is read the same
way whoever reads it, so the vault is the same either way.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from typing import Any

from .files import open_regular_file
from .frontmatter import RawFile, read_file
from .links import find_links
from .model import Link, Pickled
from .tasks import TaskIds, TaskLine, task_lines
from .workers import can_fork, fork_context, usable_cores

# Below this many files to read, a worker is not worth its start.
MIN_FILES = 1500
CHUNK = 100  # files per chunk: small, so that at the end nobody waits long for the last one
# This process takes in every chunk a worker reads, at about a quarter of the cost of reading it:
# beyond a few workers it would only be waiting on its own taking in.
MAX_WORKERS = 3


@dataclass(frozen=True)
class BodyFinds(Pickled):
    """What a body holds, found once per reading of its file: each `[[link]]` (as found, linked
    to nobody yet), and each task line with its line number and its id (`TaskIds`: from the
    file's path and the task's text)."""

    links: tuple[Link, ...]
    tasks: tuple[tuple[int, TaskLine], ...]
    task_ids: tuple[str, ...]  # of `tasks`, in order

    @classmethod
    def of(cls, body: str, first_line: int, path: str) -> BodyFinds:
        tasks = tuple(task_lines(body, first_line))
        ids = TaskIds(path) if tasks else None  # most notes have none
        return cls(tuple(find_links(body, first_line)), tasks,
                   tuple(ids.next(task.text) for _, task in tasks) if ids else ())

    def numbered_tasks(self) -> Iterator[tuple[int, str, TaskLine]]:
        """Each task as (line, id, task)."""
        for (number, task), task_id in zip(self.tasks, self.task_ids, strict=True):
            yield number, task_id, task

    def new_links(self) -> list[Link]:
        """The body's links, new (resolving a link fills in whom it names)."""
        return [Link(link.target, link.label, link.line, embed=link.embed) for link in self.links]


def body_finds(raw: RawFile) -> BodyFinds:
    """The links and tasks in a file's body, found the first time they are asked for."""
    if raw.finds is None:
        raw.finds = BodyFinds.of(raw.body, raw.body_line, raw.source.path)
    return raw.finds


def read_record(path: str, relative: str) -> RawFile:
    """One file of the vault read (`read_file`), its body searched."""
    raw = read_file(path, relative)
    if raw.usable:
        body_finds(raw)
    return raw


def read_records(files: Sequence[tuple[str, str]], *, workers: bool = True,
                 take: Callable[[list[RawFile]], None] | None = None) -> list[RawFile]:
    """Each (full path, path relative to the root) read with `read_record`, in the order given;
    with worker processes taking part where there are many (`workers=False`: in this process
    alone). `take`, if given, gets them in that order too, a chunk at a time, as soon as every
    chunk before has come in: what it does with them overlaps the reading of the rest.

    The files are read in chunks, each claimed once (`_claim`) by this process or a worker. A
    worker sends each chunk it reads at once, on a pipe of its own; this process takes them in
    between its own chunks, so sending overlaps reading."""
    global _WORK
    if not workers or len(files) < MIN_FILES or not can_fork():
        raws = _read_chunk(files)
        if take is not None:
            take(raws)
        return raws
    chunks = [files[start:start + CHUNK] for start in range(0, len(files), CHUNK)]
    context = fork_context()
    count = min(usable_cores() - 1, MAX_WORKERS)
    read = _InOrder(take)
    pipes: list[tuple[Connection, Connection]] = []
    executor: ProcessPoolExecutor | None = None
    try:
        for _ in range(count):
            pipes.append(context.Pipe(duplex=False))
            _widen(pipes[-1][0])
        # The workers inherit it when they fork (at the first submit).
        _WORK = _Work(chunks, context.Value("i", 0), pipes)
        ask_ahead = not _in_the_systems_cache(files)
        executor = ProcessPoolExecutor(count + ask_ahead, mp_context=context)
        if ask_ahead:
            executor.submit(_ask_the_system_for, [path for path, _ in files])
        futures = [executor.submit(_read_chunks, number) for number in range(count)]
    except (OSError, RuntimeError):  # no pipe, no shared memory, no worker (BrokenProcessPool)
        _stop_claims()
        _WORK = None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        for receiver, sender in pipes:
            receiver.close()
            sender.close()
        raws = _read_chunk(files)  # all of it here
        if take is not None:
            take(raws)
        return raws
    receivers = [receiver for receiver, _ in pipes]
    try:
        for _, sender in pipes:
            sender.close()  # the workers' own: a pipe whose worker is gone reads as ended
        while (number := _claim()) is not None:
            read.add(number, _read_chunk(chunks[number]))
            _receive(receivers, read)
        while not all(future.done() for future in futures):
            _receive(receivers, read, wait=_POLL)
        _receive(receivers, read)  # a worker's chunks are all sent when it is done
    finally:
        _stop_claims()  # interrupted: the workers stop at their next file
        _WORK = None
        for receiver in receivers:
            receiver.close()  # first: a worker waiting to send (this process interrupted) stops
        executor.shutdown(wait=True, cancel_futures=True)
    for number, chunk in enumerate(chunks):
        if number not in read.chunks:  # a worker that died took it: read here
            read.add(number, _read_chunk(chunk))
    return [raw for number in range(len(chunks)) for raw in read.chunks[number]]


class _InOrder:
    """The chunks read so far, by number, each handed to `take` once every one before it is in."""

    def __init__(self, take: Callable[[list[RawFile]], None] | None) -> None:
        self.chunks: dict[int, list[RawFile]] = {}
        self._take = take
        self._next = 0  # the first chunk not yet handed on

    def add(self, number: int, raws: list[RawFile]) -> None:
        self.chunks[number] = raws
        if self._take is not None:
            while self._next in self.chunks:
                self._take(self.chunks[self._next])
                self._next += 1


@dataclass
class _Work:
    """The chunks of files to read; the number of the next one nobody has claimed; each worker's
    pipe (receiving end, sending end)."""

    chunks: list[Sequence[tuple[str, str]]]
    claimed: Any  # multiprocessing.Value("i"), with its lock
    pipes: list[tuple[Connection, Connection]]


_WORK: _Work | None = None  # set while `read_records` has workers
_POLL = 0.005  # how long to wait at a time for the workers to send a chunk or finish


def _claim() -> int | None:
    """The next chunk nobody has taken yet; None when every one is taken."""
    assert _WORK is not None
    claimed = _WORK.claimed
    with claimed.get_lock():
        number = claimed.value
        if number >= len(_WORK.chunks):
            return None
        claimed.value = number + 1
        return number


# How many files, spread over the vault, are looked for in the system's cache.
_SAMPLE = 16


def _in_the_systems_cache(files: Sequence[tuple[str, str]]) -> bool:
    """Whether the files seem to be in the system's cache already (a sample of them, each looked
    for without waiting for the disk: `RWF_NOWAIT`); also where that cannot be told."""
    if not hasattr(os, "RWF_NOWAIT") or not hasattr(os, "posix_fadvise"):
        return True
    probe = bytearray(1)
    for path, _ in files[::max(1, len(files) // _SAMPLE)]:
        try:
            descriptor, _ = open_regular_file(path)
        except OSError:
            continue  # reading refuses it unread, or cannot read it
        try:
            os.preadv(descriptor, [probe], 0, os.RWF_NOWAIT)
        except BlockingIOError:
            return False  # on the disk only
        except OSError:
            return True  # the system cannot say (RWF_NOWAIT unsupported here)
        finally:
            os.close(descriptor)
    return True


def _ask_the_system_for(paths: Sequence[str]) -> None:
    """In a worker of its own: each file asked of the system ahead of its reading
    (`POSIX_FADV_WILLNEED`), so that files not in its cache (the first read after a while) are
    fetched from the disk many at a time, not one by one as each is read."""
    for path in paths:
        if _WORK is None or _WORK.claimed.value >= len(_WORK.chunks):
            return  # the reading is done
        try:
            descriptor, _ = open_regular_file(path)
        except OSError:
            continue  # reading refuses it unread (a pipe, a file past the size kith reads)
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(descriptor)


def _stop_claims() -> None:
    """Every chunk taken: a worker stops claiming, and asking ahead, at its next file."""
    if _WORK is not None:
        with _WORK.claimed.get_lock():
            _WORK.claimed.value = len(_WORK.chunks)


def _read_chunks(worker: int) -> None:
    """In a worker: chunks claimed, read and sent, until every one is taken."""
    assert _WORK is not None
    # Only its own sending end stays open here: a pipe this process held open would not end when
    # its worker is gone, nor refuse a send when the reading process stops reading.
    for number, (receiver, sender) in enumerate(_WORK.pipes):
        receiver.close()
        if number != worker:
            sender.close()
    sender = _WORK.pipes[worker][1]
    while (number := _claim()) is not None:
        sender.send((number, _read_chunk(_WORK.chunks[number])))


def _receive(receivers: list[Connection], read: _InOrder, wait: float = 0) -> None:
    """Takes in every chunk the workers have sent so far (waiting up to `wait` for one)."""
    for receiver in wait_for(list(receivers), wait):
        sent: list[tuple[int, list[RawFile]]] = []
        try:
            while receiver.poll():
                sent.append(receiver.recv())
        except (EOFError, OSError):  # the worker is gone: what it took and did not send is read here
            receivers.remove(receiver)
        for number, raws in sent:
            read.add(number, raws)


def _widen(receiver: Connection) -> None:
    """A pipe that holds a few chunks (Linux lets a pipe grow to 1 MB), so that a worker seldom
    waits for this process to take in what it sent."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl  # Unix only

        fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


def _read_chunk(chunk: Sequence[tuple[str, str]]) -> list[RawFile]:
    return [read_record(path, relative) for path, relative in chunk]
