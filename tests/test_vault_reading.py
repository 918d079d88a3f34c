"""Reading a large vault with a worker process on the other core (`core/reading.py`) gives exactly
what reading it in one process gives: every file, in the same order, with the same fields, body,
links, tasks and problems; also when the worker dies halfway; and it leaves no process or thread
behind."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from pathlib import Path

import pytest
from kith.core import reading
from kith.core.loader import VaultLoader
from kith.core.workers import can_fork
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

needs_fork = pytest.mark.skipif(not can_fork(), reason="needs fork, two cores and no other thread")


@pytest.fixture(scope="module")
def large_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated vault of 2,000 files (over `MIN_FILES`), with the files a real vault has that
    are not plain: broken front matter, another encoding, a pipe, links and tasks in code."""
    root = tmp_path_factory.mktemp("large")
    generate.write_vault(generate.plan_vault(400, seed=7, today=generate.parse_date(TODAY)), root)
    notes = root / "notes"
    (notes / "2026-01-05-broken.md").write_text("---\ndate: 2026-01-05\nwith: [Ana\n---\nHi.\n", "utf-8")
    (notes / "2026-01-06-latin.md").write_bytes("---\ndate: 2026-01-06\n---\nCaf\xe9 with Zo\xeb.\n".encode("latin-1"))
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


def no_workers_left() -> bool:
    return threading.active_count() == 1 and not multiprocessing.active_children()


@needs_fork
def test_files_read_with_a_worker_are_those_read_in_one_process(large_vault: Path) -> None:
    files = record_files(large_vault)
    assert len(files) >= reading.MIN_FILES
    alone = reading.read_records(files, workers=False)
    shared = reading.read_records(files)
    assert [raw.source.path for raw in shared] == [relative for _, relative in files]
    assert shared == alone  # fields, body, links, tasks, problems: dataclasses compared field by field
    assert any(raw.finds and raw.finds.tasks for raw in shared[-100:])  # the far end, a worker's part
    assert any(not raw.usable for raw in shared)  # the pipe: refused, not waited on
    assert no_workers_left()


@needs_fork
def test_a_vault_loaded_with_a_worker_is_the_vault_loaded_in_one_process(large_vault: Path) -> None:
    alone_loader = VaultLoader(large_vault)
    alone_loader.workers = False
    alone = alone_loader.load()
    shared = VaultLoader(large_vault).load()
    assert list(shared.contacts) == list(alone.contacts) and shared.contacts == alone.contacts
    assert list(shared.notes) == list(alone.notes) and shared.notes == alone.notes
    assert shared.problems == alone.problems and shared.ignored_fields == alone.ignored_fields
    assert any("2026-01-05-broken.md" in problem.path for problem in shared.problems)
    assert no_workers_left()


@needs_fork
def test_what_a_worker_that_dies_took_is_read_here(large_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker sends two chunks, then dies on the third (as when the system kills it): every
    file is still read, once, in order."""
    files = record_files(large_vault)
    alone = reading.read_records(files, workers=False)
    parent = os.getpid()
    read_chunk = reading._read_chunk
    chunks_read = 0

    def dying_in_the_worker(chunk):
        nonlocal chunks_read
        if os.getpid() != parent:
            chunks_read += 1
            if chunks_read == 3:
                os._exit(9)
        return read_chunk(chunk)

    monkeypatch.setattr(reading, "_read_chunk", dying_in_the_worker)
    assert reading.read_records(files) == alone
    assert no_workers_left()


def test_few_files_are_read_in_this_process(large_vault: Path) -> None:
    files = record_files(large_vault)[:reading.MIN_FILES - 1]
    assert reading.read_records(files) == reading.read_records(files, workers=False)
    assert no_workers_left()
