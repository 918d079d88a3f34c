"""Reading a vault's files: each file read, split into its fields and its body, and its body's
links and tasks found, once; on the machine's other cores too when there are many files.

What a file's text holds (its fields, the `[[links]]` and the task lines of its body) depends on
that file alone, so it is found while the file is read, and kept with it (`RawFile.finds`): a
file read again only when it changes is also searched again only then. Linking those finds to
people and notes needs the whole vault and is the loader's work (`records.py`).

Reading and searching is about half the time of loading a vault. With many files to read and a
second core, a worker process (a standard `concurrent.futures` executor, forked, so it starts at
once with everything loaded; up to `MAX_WORKERS` of them with more cores) reads chunks of them
from the far end while this process reads from the front; where the two meet, this process takes
what the worker read. A file is read the same
way whoever reads it, so the vault is the same either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from typing import Any

from .frontmatter import RawFile, read_file
from .links import find_links
from .model import Link
from .tasks import TaskLine, task_lines
from .workers import can_fork, fork_context, usable_cores

# Below this many files to read, a worker is not worth its start.
MIN_FILES = 1500
CHUNK = 100  # files per chunk: small, so that where the two meet neither waits long for the other
# This process takes in every chunk a worker reads, at about a quarter of the cost of reading it:
# beyond a few workers it would only be waiting on its own taking in.
MAX_WORKERS = 3


@dataclass(frozen=True)
class BodyFinds:
    """What a body holds, found once per reading of its file: each `[[link]]` (as found, linked
    to nobody yet), and each task line with its line number."""

    links: tuple[Link, ...]
    tasks: tuple[tuple[int, TaskLine], ...]

    @classmethod
    def of(cls, body: str, first_line: int) -> BodyFinds:
        return cls(tuple(find_links(body, first_line)), tuple(task_lines(body, first_line)))

    def new_links(self) -> list[Link]:
        """The body's links, new (resolving a link fills in whom it names)."""
        return [Link(link.target, link.label, link.line, embed=link.embed) for link in self.links]


def body_finds(raw: RawFile) -> BodyFinds:
    """The links and tasks in a file's body, found the first time they are asked for."""
    if raw.finds is None:
        raw.finds = BodyFinds.of(raw.body, raw.body_line)
    return raw.finds


def read_record(path: str, relative: str) -> RawFile:
    """One file of the vault read (`read_file`), its body searched."""
    raw = read_file(path, relative)
    if raw.usable:
        body_finds(raw)
    return raw


def read_records(files: Sequence[tuple[str, str]], *, workers: bool = True) -> list[RawFile]:
    """Each (full path, path relative to the root) read with `read_record`, in the order given;
    with worker processes taking part where there are many (`workers=False`: in this process
    alone). The files are read in chunks: this process takes them from the front, the workers from
    the far end, each chunk taken once (`_claim`), until the two meet. A worker sends each chunk
    it reads at once, on a pipe of its own, and this process takes them in between its own chunks:
    sending overlaps reading."""
    global _WORK
    if not workers or len(files) < MIN_FILES or not can_fork():
        return _read_chunk(files)
    chunks = [files[start:start + CHUNK] for start in range(0, len(files), CHUNK)]
    context = fork_context()
    count = min(usable_cores() - 1, MAX_WORKERS)
    read: dict[int, list[RawFile]] = {}
    pipes: list[tuple[Connection, Connection]] = []
    executor: ProcessPoolExecutor | None = None
    try:
        for _ in range(count):
            pipes.append(context.Pipe(duplex=False))
            _widen(pipes[-1][0])
        # The workers inherit it when they fork (at the first submit).
        _WORK = _Work(chunks, context.Array("i", [0, len(chunks)]), pipes)
        executor = ProcessPoolExecutor(count, mp_context=context)
        futures = [executor.submit(_read_from_far_end, number) for number in range(count)]
    except (OSError, RuntimeError):  # no pipe, no shared memory, no worker (BrokenProcessPool)
        _WORK = None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        for receiver, sender in pipes:
            receiver.close()
            sender.close()
        return _read_chunk(files)  # all of it here
    receivers = [receiver for receiver, _ in pipes]
    try:
        for _, sender in pipes:
            sender.close()  # the workers' own: a pipe whose worker is gone reads as ended
        while (number := _claim(from_front=True)) is not None:
            read[number] = _read_chunk(chunks[number])
            _receive(receivers, read)
        while not all(future.done() for future in futures):
            _receive(receivers, read, wait=_POLL)
        _receive(receivers, read)  # a worker's chunks are all sent when it is done
    finally:
        _WORK = None
        for receiver in receivers:
            receiver.close()  # first: a worker waiting to send (this process interrupted) stops
        executor.shutdown(wait=True, cancel_futures=True)
    return [raw for number, chunk in enumerate(chunks)
            for raw in (read[number] if number in read else _read_chunk(chunk))]


@dataclass
class _Work:
    """The chunks of files to read; the claims on them (the next chunk from the front, and one
    past the last chunk not yet taken from the far end); each worker's pipe (receiving end,
    sending end)."""

    chunks: list[Sequence[tuple[str, str]]]
    claims: Any  # multiprocessing.Array("i", 2), with its lock
    pipes: list[tuple[Connection, Connection]]


_WORK: _Work | None = None  # set while `read_records` has workers
_POLL = 0.005  # how long to wait at a time for the workers to send a chunk or finish


def _claim(*, from_front: bool) -> int | None:
    """The next chunk nobody has taken yet, from the front or from the far end; None when the two
    have met."""
    assert _WORK is not None
    claims = _WORK.claims
    with claims.get_lock():
        front, back = claims[0], claims[1]
        if front >= back:
            return None
        if from_front:
            claims[0] = front + 1
            return front
        claims[1] = back - 1
        return back - 1


def _read_from_far_end(worker: int) -> None:
    """In a worker: chunks taken from the far end, read and sent, until it meets the front."""
    assert _WORK is not None
    # Only its own sending end stays open here: a pipe this process held open would not end when
    # its worker is gone, nor refuse a send when the reading process stops reading.
    for number, (receiver, sender) in enumerate(_WORK.pipes):
        receiver.close()
        if number != worker:
            sender.close()
    sender = _WORK.pipes[worker][1]
    while (number := _claim(from_front=False)) is not None:
        sender.send((number, _read_chunk(_WORK.chunks[number])))


def _receive(receivers: list[Connection], read: dict[int, list[RawFile]], wait: float = 0) -> None:
    """Takes in every chunk the workers have sent so far (waiting up to `wait` for one)."""
    for receiver in wait_for(list(receivers), wait):
        try:
            while receiver.poll():
                number, raws = receiver.recv()
                read[number] = raws
        except (EOFError, OSError):  # the worker is gone: what it took and did not send is read here
            receivers.remove(receiver)


def _widen(receiver: Connection) -> None:
    """A pipe that holds a few chunks (Linux lets a pipe grow to 1 MB), so that a worker seldom
    waits for this process to take in what it sent."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl  # Unix only

        fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


def _read_chunk(chunk: Sequence[tuple[str, str]]) -> list[RawFile]:
    return [read_record(path, relative) for path, relative in chunk]
