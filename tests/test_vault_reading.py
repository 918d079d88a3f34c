"""Reading a large vault with a worker process on the other core (`core/reading.py`) gives exactly
what reading it in one process gives: every file, in the same order, with the same fields, body,
links, tasks and problems; also when the worker dies halfway; and it leaves no process or thread
behind. (Whether it is quicker is the benchmark's to say: `bench/commands.py`.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kith.core import reading
from kith.core.loader import VaultLoader
from kith.core.workers import usable_cores
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or usable_cores() < 2,
                                reason="needs fork and two cores")


@pytest.fixture(scope="module")
def large_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated vault of 2,000 files (over `MIN_FILES`), with the files a real vault has that
    are not plain: broken front matter, another encoding, a pipe, links and tasks in code."""
    root = tmp_path_factory.mktemp("large")
    generate.write_vault(generate.plan_vault(400, seed=7, today=generate.parse_date(TODAY)), root)
    notes = root / "notes"
    (notes / "2026-01-05-broken.md").write_text("---\ndate: 2026-01-05\nwith: [Ana\n---\nHi.\n", "utf-8")
    latin = "---\ndate: 2026-01-06\n---\nCaf\xe9 with Zo\xeb.\n".encode("latin-1")
    (notes / "2026-01-06-latin.md").write_bytes(latin)
    (notes / "2026-01-07-code.md").write_text(
        "---\ndate: 2026-01-07\n---\n```\n- [ ] not a task [[Nobody]]\n```\n- [ ] a task `[[code]]` "
        "📅 2026-02-01\n", "utf-8")
    (root / "contacts" / "No Front Matter.md").write_text("Met at [[Some Conference]].\n", "utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(notes / "2026-01-08-pipe.md")
    return root


def record_files(root: Path) -> list[tuple[str, str]]:
    contacts, notes = VaultLoader(root).record_files()
    return contacts + notes


# The workers are forked only from a process with no other thread, which a test session is not
# (the browser tests' server), so each check runs in a Python process of its own.
PROLOGUE = """
import json, multiprocessing, os, sys, threading
from kith.core import reading
from kith.core.loader import VaultLoader
root = sys.argv[1]
contacts, notes = VaultLoader(root).record_files()
files = contacts + notes
received = []  # how many chunks each look at the workers' pipes took in
take_in = reading._receive
def counting(receivers, read, wait=0):
    before = len(read.chunks)
    take_in(receivers, read, wait)
    received.append(len(read.chunks) - before)
reading._receive = counting
def report(**found):
    found["from_workers"] = sum(received)
    found["left_behind"] = threading.active_count() - 1 + len(multiprocessing.active_children())
    print(json.dumps(found))
"""


def run_alone(script: str, root: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", PROLOGUE + script, str(root)], capture_output=True,
                            text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO / "plugins")})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@needs_fork
def test_files_read_with_a_worker_are_those_read_in_one_process(large_vault: Path) -> None:
    found = run_alone("""
alone = reading.read_records(files, workers=False)
taken = []
shared = reading.read_records(files, take=taken.append)
report(count=len(files), order=[raw.source.path for raw in shared] == [relative for _, relative in files],
       same=shared == alone,  # fields, body, links, tasks, problems: dataclasses compared field by field
       taken=[raw for chunk in taken for raw in chunk] == alone, chunks=len(taken),
       tasks=sum(len(raw.finds.tasks) for raw in shared if raw.finds),
       refused=sum(not raw.usable for raw in shared))
""", large_vault)
    assert found["count"] >= reading.MIN_FILES and found["order"] and found["same"]
    # Handed on as they came in, in order, each once, a chunk at a time.
    assert found["taken"] and found["chunks"] == -(-found["count"] // reading.CHUNK)
    assert found["from_workers"] > 0 and found["left_behind"] == 0
    assert found["tasks"] > 0 and found["refused"] >= 1  # the pipe: refused, not waited on


@needs_fork
def test_a_vault_loaded_with_a_worker_is_the_vault_loaded_in_one_process(large_vault: Path) -> None:
    found = run_alone("""
alone_loader = VaultLoader(root)
alone_loader.workers = False
alone = alone_loader.load()
shared = VaultLoader(root).load()
report(contacts=list(shared.contacts) == list(alone.contacts) and shared.contacts == alone.contacts,
       notes=list(shared.notes) == list(alone.notes) and shared.notes == alone.notes,
       problems=shared.problems == alone.problems and shared.ignored_fields == alone.ignored_fields,
       broken=any("2026-01-05-broken.md" in problem.path for problem in shared.problems))
""", large_vault)
    assert found == {"contacts": True, "notes": True, "problems": True, "broken": True,
                     "from_workers": found["from_workers"], "left_behind": 0}
    assert found["from_workers"] > 0


@needs_fork
def test_work_on_the_contacts_alone_is_done_while_the_notes_are_read(large_vault: Path) -> None:
    """`with_contacts` (what `kith check` looks for duplicates in) gets every contact once, while
    the workers still read the notes; and the same contacts when everything is read in one
    process. The private names typed in public notes are found either way."""
    found = run_alone("""
calls = []
def with_contacts(contacts):
    calls.append((sorted(contacts), reading._WORK is not None))
shared = VaultLoader(root).load(with_contacts=with_contacts)
alone_loader = VaultLoader(root)
alone_loader.workers = False
alone = alone_loader.load(with_contacts=with_contacts)
contacts_only = VaultLoader(root).load(notes=False, with_contacts=with_contacts)
report(calls=len(calls), every_contact=all(names == sorted(shared.contacts) for names, _ in calls),
       while_reading=[reading_on for _, reading_on in calls],
       named=sum("private contact" in problem.message for problem in shared.problems),
       same=shared.problems == alone.problems)
""", large_vault)
    assert found["calls"] == 3 and found["every_contact"] and found["same"]
    assert found["while_reading"] == [True, False, False]  # one process: no workers reading
    assert found["named"] > 0


@needs_fork
def test_what_a_worker_that_dies_took_is_read_here(large_vault: Path) -> None:
    """The worker sends two chunks, then dies on the third (as when the system kills it): every
    file is still read, once, in order."""
    found = run_alone("""
alone = reading.read_records(files, workers=False)
parent, read_chunk, chunks_read = os.getpid(), reading._read_chunk, [0]
def dying_in_the_worker(chunk):
    if os.getpid() != parent:
        chunks_read[0] += 1
        if chunks_read[0] == 3:
            os._exit(9)
    return read_chunk(chunk)
reading._read_chunk = dying_in_the_worker
taken = []
report(same=reading.read_records(files, take=taken.append) == alone,
       taken=[raw for chunk in taken for raw in chunk] == alone)
""", large_vault)
    assert found == {"same": True, "taken": True, "from_workers": 2, "left_behind": 0}


@needs_fork
@pytest.mark.skipif(not hasattr(os, "RWF_NOWAIT") or not hasattr(os, "posix_fadvise"),
                    reason="needs Linux's RWF_NOWAIT and posix_fadvise")
def test_files_not_in_the_systems_cache_are_asked_for_ahead(large_vault: Path) -> None:
    """The first read after a while (the files on the disk only): a worker of its own asks the
    system for every file ahead of its reading, leaving out what reading refuses unread (the
    pipe, a file past the size kith reads); the vault read is the same. With the files in the
    cache, nobody asks."""
    found = run_alone("""
import stat
def evicted():  # the files dropped from the system's cache, as after a while
    for path, _ in with_huge:
        if stat.S_ISREG(os.stat(path).st_mode):
            descriptor = os.open(path, os.O_RDONLY)
            os.fdatasync(descriptor)  # written to the disk first: only then can it be dropped
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(descriptor)
asked, ask = [], reading._ask_the_system_for
marker = os.path.join(root, "asked.txt")
def asking(paths):
    with open(marker, "a") as out:
        out.write(f"{len(paths)} ")
    ask(paths)
reading._ask_the_system_for = asking
from kith.core.files import MAX_FILE_BYTES
huge = os.path.join(root, "notes", "2026-01-09-huge.md")  # past what kith reads: refused unread
with open(huge, "wb") as out:
    out.write(b"x" * (MAX_FILE_BYTES + 1))
with_huge = [files[0], (huge, "notes/2026-01-09-huge.md"), *files[1:]]  # not among the files sampled
alone = reading.read_records(with_huge, workers=False)
evicted()
cold = reading._in_the_systems_cache(files)
shared = reading.read_records(with_huge)
warm = reading._in_the_systems_cache(files)
again = reading.read_records(with_huge)
asked = open(marker).read().split() if os.path.exists(marker) else []
descriptor = os.open(huge, os.O_RDONLY)
try:
    os.preadv(descriptor, [bytearray(1)], 0, os.RWF_NOWAIT)
    huge_asked = True
except BlockingIOError:
    huge_asked = False
os.close(descriptor)
os.unlink(huge)
report(cold_seen=not cold, warm_seen=warm, same=shared == alone and again == alone, asked=asked,
       files=len(with_huge), huge_asked=huge_asked)
""", large_vault)
    (large_vault / "asked.txt").unlink(missing_ok=True)
    assert found["cold_seen"] and found["warm_seen"] and found["same"], found
    assert found["asked"] == [str(found["files"])]  # once: for the first read, not the second
    assert not found["huge_asked"]  # a file too large to read is not fetched from the disk either
    assert found["left_behind"] == 0


def test_few_files_are_read_in_this_process(large_vault: Path) -> None:
    found = run_alone("""
few = files[:reading.MIN_FILES - 1]
report(same=reading.read_records(few) == reading.read_records(few, workers=False))
""", large_vault)
    assert found == {"same": True, "from_workers": 0, "left_behind": 0}


@needs_fork
def test_reading_interrupted_while_the_worker_waits_to_send_ends_at_once(large_vault: Path) -> None:
    """Ctrl-C in the reading process while the worker waits for it to take in a chunk (the pipe is
    full): the interruption reaches the user at once, and no worker is left waiting."""
    found = run_alone("""
import time
parent, read_chunk, chunks_read = os.getpid(), reading._read_chunk, [0]
def interrupted_here(chunk):
    if os.getpid() == parent:
        chunks_read[0] += 1
        if chunks_read[0] == 2:
            time.sleep(1.0)  # the worker fills the pipe meanwhile
        if chunks_read[0] == 3:
            raise KeyboardInterrupt
    return read_chunk(chunk)
reading._read_chunk = interrupted_here
started = time.perf_counter()
try:
    reading.read_records(files * 3)  # more than the pipe holds
    report(interrupted=False)
except KeyboardInterrupt:
    report(interrupted=True, seconds=round(time.perf_counter() - started))
""", large_vault)
    # It ends (not waiting for ever), promptly, leaving nothing behind.
    assert found["interrupted"] and found["seconds"] <= 30 and found["left_behind"] == 0
