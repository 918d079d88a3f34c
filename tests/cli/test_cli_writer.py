"""Atomic new-file writes: an existing file is never overwritten, an interrupted write leaves no
partial file, and no name, however odd, puts a file outside its folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from kith.core.loader import load_vault
from kith.core.writer import UnsafeTarget, inside, replace_file, write_new, write_unique


def test_write_new_creates_and_never_overwrites(tmp_path: Path) -> None:
    target = write_new(tmp_path, "kim-osei.md", "---\nname: Kim Osei\n---\n")
    assert target.read_text("utf-8") == "---\nname: Kim Osei\n---\n"
    with pytest.raises(FileExistsError):
        write_new(tmp_path, "kim-osei.md", "---\nname: Somebody Else\n---\n")
    assert target.read_text("utf-8") == "---\nname: Kim Osei\n---\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kim-osei.md"]  # no temporary file left behind


def test_write_unique_takes_the_next_free_name(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("mine", "utf-8")
    (tmp_path / "note-2.md").write_text("mine too", "utf-8")
    assert write_unique(tmp_path, "note", ".md", "new").name == "note-3.md"
    assert (tmp_path / "note.md").read_text("utf-8") == "mine"
    assert (tmp_path / "note-2.md").read_text("utf-8") == "mine too"


def test_racing_writers_one_wins_whole(tmp_path: Path) -> None:
    contents = [f"writer {n}\n".encode() * 20_000 for n in range(8)]
    winners: list[int] = []
    start = threading.Barrier(len(contents))

    def write(number: int) -> None:
        start.wait()
        try:
            write_new(tmp_path, "same.md", contents[number])
            winners.append(number)
        except FileExistsError:
            pass

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(contents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    assert (tmp_path / "same.md").read_bytes() == contents[winners[0]]
    assert [p.name for p in tmp_path.iterdir()] == ["same.md"]


@pytest.mark.parametrize("name", ["../escape.md", "a/b.md", "..", ".", "", "x\\y.md", "nul\0.md",
                                  "/etc/passwd"])
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "contacts"
    folder.mkdir()
    with pytest.raises(UnsafeTarget):
        write_new(folder, name, "x")
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["contacts"]


def test_a_symlink_pointing_out_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "contacts"
    folder.mkdir()
    outside = tmp_path / "outside.md"
    (folder / "kim-osei.md").symlink_to(outside)
    with pytest.raises(UnsafeTarget):
        inside(folder, "kim-osei.md")
    assert not outside.exists()


_INTERRUPTED = """
import resource, signal, sys
from pathlib import Path
from kith.core.writer import write_new, replace_file
# The file-size limit stops the write half-way: as a full disk (an error kith sees) or, with the
# signal's default action, as a crash (the process dies on the spot, no clean-up runs).
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
if sys.argv[3] == "crash":
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
folder = Path(sys.argv[1])
data = b"---\\nname: Big Note\\n---\\n" + b"x" * (1024 * 1024)
if sys.argv[2] == "new":
    write_new(folder, "big-note.md", data)
else:
    replace_file(folder / "kim-osei.md", data)
"""


@pytest.mark.parametrize("how", ["error", "crash"])
@pytest.mark.parametrize("mode", ["new", "replace"])
def test_an_interrupted_write_leaves_no_partial_file(vault, mode: str, how: str) -> None:
    folder = vault.root / "contacts"
    original = vault.contact("kim-osei", name="Kim Osei").read_bytes()
    process = subprocess.run([sys.executable, "-c", _INTERRUPTED, str(folder), mode, how],
                             capture_output=True, timeout=60)
    assert process.returncode == (-signal.SIGXFSZ if how == "crash" else 1)  # really cut short
    assert not (folder / "big-note.md").exists()
    assert (folder / "kim-osei.md").read_bytes() == original
    # Whatever was left is a hidden temporary file the loader ignores: the vault reads as before.
    leftovers = [p.name for p in folder.iterdir() if p.name != "kim-osei.md"]
    assert all(name.startswith(".kith-") and name.endswith(".tmp") for name in leftovers)
    assert bool(leftovers) == (how == "crash")  # a crash cannot clean up; an error does
    loaded = load_vault(vault.root)
    assert loaded.problems == [] and list(loaded.contacts) == ["kim-osei"]


def test_replace_refuses_when_the_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "kim-osei.md"
    path.write_text("v1", "utf-8")
    seen = path.stat()
    path.write_text("edited by the user meanwhile", "utf-8")
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns + 1_000_000_000))
    with pytest.raises(RuntimeError):
        replace_file(path, "v2", expected=seen)
    assert path.read_text("utf-8") == "edited by the user meanwhile"


def test_replace_keeps_the_permissions(tmp_path: Path) -> None:
    path = tmp_path / "kim-osei.md"
    path.write_text("v1", "utf-8")
    path.chmod(0o640)
    replace_file(path, "v2", expected=path.stat())
    assert path.read_text("utf-8") == "v2"
    assert path.stat().st_mode & 0o777 == 0o640
