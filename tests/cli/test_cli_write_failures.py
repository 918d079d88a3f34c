"""Every command that writes, on a full disk, a read-only disk and a folder it may not write in:
one line naming the file and the reason, exit status 1, no traceback, and nothing half-written
(the vault byte for byte as it was, no stray `.kith-*.tmp`). The conditions are real (kith_disks)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import kith_disks
import pytest
from kith_cli import KITH_SCRIPT, TODAY, Run, run_script, snapshot
from kith_vault import Vault

NEW_PERSON = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mei Tanaka\r\nORG:Tanaka & Co\r\nEND:VCARD\r\n"
KIM_WITH_COMPANY = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Osei\r\nORG:Osei Consulting\r\nEND:VCARD\r\n"


@dataclass
class Case:
    """A command that writes: what to arrange first, its arguments, and the file it must name."""

    arrange: Callable[[Vault, Path], None]
    args: Callable[[Vault, Path], list[str]]
    names: str


def _sam(vault: Vault, outside: Path) -> None:
    vault.contact("sam-rivera", name="Sam Rivera")


def _new_person_file(vault: Vault, outside: Path) -> None:
    (outside / "new.vcf").write_text(NEW_PERSON, "utf-8")


def _kim_without_company(vault: Vault, outside: Path) -> None:
    vault.write("contacts/kim-osei.md", "---\nname: Kim Osei\n---\nMet at the fair.\n")
    (outside / "kim.vcf").write_text(KIM_WITH_COMPANY, "utf-8")


CASES = {
    "add": Case(lambda vault, outside: None, lambda vault, outside: ["add", "Kim Osei"],
                "contacts/kim-osei.md"),
    "log": Case(_sam, lambda vault, outside: ["log", "--no-edit", "Sam Rivera"],
                f"notes/{TODAY}-conversation-with-sam-rivera.md"),
    "import": Case(_new_person_file, lambda vault, outside: ["import", "vcard", str(outside / "new.vcf")],
                   "contacts/mei-tanaka.md"),
    "import --merge": Case(_kim_without_company,
                           lambda vault, outside: ["import", "vcard", str(outside / "kim.vcf"), "--merge"],
                           "contacts/kim-osei.md"),
    "export --out": Case(_sam, lambda vault, outside: ["export", "vcard", "--out", "network.vcf"],
                         "network.vcf"),
}
REASONS = {
    "full": "the disk is full",
    "read-only": "the file system is read-only",
    "no permission": "permission denied",
}


def assert_one_line_and_nothing_written(result: Run, names: str, reason: str, vault: Vault,
                                        before: dict[str, bytes], disk: Path) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("kith:")]
    assert len(said) == 1, result.stderr
    assert said[0].startswith(f"kith: {names}: cannot be written ({reason}"), said[0]
    assert snapshot(vault.root) == before
    assert kith_disks.stray_files(disk) == []


@pytest.mark.parametrize("condition", ["full", "read-only"])
@pytest.mark.parametrize("command", list(CASES))
def test_a_full_or_read_only_disk(small_disk, tmp_path: Path, command: str, condition: str) -> None:
    case = CASES[command]
    case.arrange(small_disk.vault, tmp_path)
    before = snapshot(small_disk.vault.root)
    if condition == "full":
        small_disk.fill()
    else:
        small_disk.make_read_only()
    result = run_script(*case.args(small_disk.vault, tmp_path), cwd=small_disk.vault.root)
    assert_one_line_and_nothing_written(result, case.names, REASONS[condition], small_disk.vault, before,
                                        small_disk.mount_point)


@pytest.mark.parametrize("command", list(CASES))
def test_a_folder_kith_may_not_write_in(shared_folder: Path, command: str) -> None:
    case = CASES[command]
    vault = kith_disks.vault_in(shared_folder)
    case.arrange(vault, shared_folder)
    before = snapshot(vault.root)
    result = kith_disks.run_unprivileged(*case.args(vault, shared_folder), cwd=vault.root)
    assert_one_line_and_nothing_written(result, case.names, REASONS["no permission"], vault, before,
                                        shared_folder)


def test_an_import_stops_at_the_first_failed_write_and_counts_the_rest(small_disk, tmp_path: Path) -> None:
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEND:VCARD\r\n" for n in range(1, 6))
    (tmp_path / "five.vcf").write_text(cards, "utf-8")
    before = snapshot(small_disk.vault.root)
    small_disk.make_read_only()
    result = run_script("import", "vcard", str(tmp_path / "five.vcf"), cwd=small_disk.vault.root)
    assert result.exit_code == 1
    assert result.stderr.count("kith:") == 1, result.stderr  # not one line per person
    assert result.stdout.strip().splitlines()[-1] == (
        "Stopped: 0 created, 0 skipped, 0 merged, 1 failed; 4 not tried.")
    assert snapshot(small_disk.vault.root) == before


def test_init_on_a_full_disk_removes_what_it_created(small_disk) -> None:
    before = snapshot(small_disk.mount_point)
    small_disk.fill()
    result = run_script("init", str(small_disk.mount_point / "network"), cwd=small_disk.mount_point)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    (said,) = result.stderr.splitlines()
    # The first file written is the sample contact: `network/` and `contacts/` were made for it.
    assert said.startswith("kith: contacts/sam-rivera.md: cannot be written (the disk is full"), said
    assert "removed what this run had created (0 files and 2 folders)" in said
    assert not (small_disk.mount_point / "network").exists()
    assert set(snapshot(small_disk.mount_point)) == {*before, "filler"}


def test_init_failing_midway_removes_every_file_and_folder_it_made(tmp_path: Path) -> None:
    # A tmpfs of six inodes: `network/`, `contacts/`, the sample contact and `.gitignore` fit (with
    # the disk's own folder and one tmpfs keeps), `mkdocs.yml` does not: ENOSPC in mid-vault.
    with kith_disks.tmpfs(tmp_path / "disk", "size=1m,nr_inodes=6") as disk:
        result = run_script("init", str(disk / "network"), cwd=disk)
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        (said,) = result.stderr.splitlines()
        assert said.startswith("kith: mkdocs.yml: cannot be written (the disk is full"), said
        assert "removed what this run had created (2 files and 2 folders)" in said
        assert list(disk.iterdir()) == []


def test_init_refuses_a_read_only_disk_before_writing(small_disk) -> None:
    small_disk.make_read_only()
    result = run_script("init", str(small_disk.mount_point / "network"), cwd=small_disk.mount_point)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    (said,) = result.stderr.splitlines()
    assert f"{small_disk.mount_point} is on a read-only file system" in said
    assert "wrote nothing" in said


def test_init_refuses_a_folder_it_may_not_write_in(shared_folder: Path) -> None:
    result = kith_disks.run_unprivileged("init", str(shared_folder / "network"), cwd=shared_folder)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    (said,) = result.stderr.splitlines()
    assert f"{shared_folder} is a folder you may not write in (permission denied)" in said
    assert list(shared_folder.iterdir()) == []


@pytest.mark.parametrize("args", [["due"], ["due", "--json"], ["check"], ["show", "Sam Rivera"],
                                  ["export", "vcard"]])
def test_standard_output_on_a_full_device(vault, args: list[str]) -> None:
    vault.contact("sam-rivera", name="Sam Rivera", circle="close")
    with open("/dev/full", "w") as full:  # every write to it fails with ENOSPC
        result = subprocess.run([str(KITH_SCRIPT), *args], cwd=vault.root, stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120,
                                env={**os.environ, "KITH_TODAY": TODAY}, stdin=subprocess.DEVNULL)
    assert result.returncode == 1, result.stderr
    assert result.stderr == "kith: cannot write to standard output (No space left on device)\n"
