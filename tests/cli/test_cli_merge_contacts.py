"""`kith merge KEEP OTHER`: two files for one person become one, every reference follows, every
other byte stays; a merge killed midway is finished by running it again, nothing lost."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from kith.core.loader import load_vault
from kith_cli import run_script, snapshot

BEFORE = {
    # KEEP: a byte-order mark, CRLF line ends, comments.
    "contacts/aisha-rahman.md": "\ufeff---\r\n# from the NHS Expo\r\nname: Aisha Rahman\r\n"
                                "company: Northwind Health   # since 2024\r\n"
                                "email: aisha@northwind.example\r\ntags:\r\n  - digital-health\r\n"
                                "circle: close\r\n---\r\nMet at the expo.\r\n",
    "contacts/a-rahman.md": "---\nname: A. Rahman\naliases: [Aisha R]\ncompany: Northwind Health\n"
                            "role: Head of Digital\n"
                            "email: [a.rahman@gmail.example, AISHA@northwind.example]\n"
                            "phone: \"+44 113 496 0000\"\ntags: [leadership, digital-health]\n"
                            "links: {linkedin: \"https://www.linkedin.com/in/aisha-example\"}\n"
                            "location: Leeds\ncircle: regular   # she said monthly\n"
                            "introduced_by: \"[[Kim Osei]]\"\ncustom: kept as it is\n---\n"
                            "Prefers mornings.\n",
    "contacts/kim-osei.md": "---\nname: Kim Osei\n---\nIntroduced [[A. Rahman|Aisha]] to [[Ben Ade]].\n",
    "contacts/ben-ade.md": "---\nname: Ben Ade\nintroduced_by: \"[[a-rahman]]\"\n---\n",
    "notes/2026-11-01-coffee.md": "---\ndate: 2026-11-01\nwith: [\"[[A. Rahman]]\", kim-osei]\n---\n"
                                  "Coffee with [[Aisha R]].\n\n```\n[[A. Rahman]] stays in code\n```\n"
                                  "And `[[A. Rahman]]` inline.\n",
    "notes/2026-11-02-call.md": "---\r\ndate: 2026-11-02\r\nwith:\r\n  - a-rahman   # the call\r\n---\r\n"
                                "See [[A. Rahman#Background|her background]].\r\n",
    "notes/2026-11-03-unrelated.md": "---\ndate: 2026-11-03\nwith: [kim-osei]\n---\nNothing about her.\n",
}

AFTER = {
    # Lists gain items in their own style; missing fields go after the last one; the conflict
    # (circle) keeps KEEP's value and OTHER's goes into the text, with OTHER's text.
    "contacts/aisha-rahman.md": "\ufeff---\r\n# from the NHS Expo\r\nname: Aisha Rahman\r\n"
                                "company: Northwind Health   # since 2024\r\n"
                                "email: [aisha@northwind.example, a.rahman@gmail.example]\r\n"
                                "tags:\r\n  - digital-health\r\n  - leadership\r\ncircle: close\r\n"
                                "aliases: [A. Rahman, Aisha R]\r\n"
                                "links: {linkedin: \"https://www.linkedin.com/in/aisha-example\"}\r\n"
                                "role: Head of Digital\r\nphone: \"+44 113 496 0000\"\r\nlocation: Leeds\r\n"
                                "introduced_by: \"[[Kim Osei]]\"\r\ncustom: kept as it is\r\n---\r\n"
                                "Met at the expo.\r\n\r\nMerged from contacts/a-rahman.md (A. Rahman) on "
                                "2026-11-22. Its values that differ from the ones kept here: circle: regular."
                                "\r\n\r\nPrefers mornings.\r\n",
    # A label stays; a bare link names KEEP; a heading stays; code is left alone.
    "contacts/kim-osei.md": "---\nname: Kim Osei\n---\nIntroduced [[Aisha Rahman|Aisha]] to [[Ben Ade]].\n",
    "contacts/ben-ade.md": "---\nname: Ben Ade\nintroduced_by: \"[[Aisha Rahman]]\"\n---\n",
    "notes/2026-11-01-coffee.md": "---\ndate: 2026-11-01\nwith: [\"[[Aisha Rahman]]\", kim-osei]\n---\n"
                                  "Coffee with [[Aisha Rahman]].\n\n```\n[[A. Rahman]] stays in code\n```\n"
                                  "And `[[A. Rahman]]` inline.\n",
    "notes/2026-11-02-call.md": "---\r\ndate: 2026-11-02\r\nwith:\r\n  - Aisha Rahman   # the call\r\n---\r\n"
                                "See [[Aisha Rahman#Background|her background]].\r\n",
    "notes/2026-11-03-unrelated.md": BEFORE["notes/2026-11-03-unrelated.md"],
}


@pytest.fixture
def two_of_aisha(vault):
    for relative, text in BEFORE.items():
        vault.write(relative, text.encode("utf-8"))
    return vault


def files(vault) -> dict[str, str]:
    return {relative: data.decode("utf-8") for relative, data in snapshot(vault.root).items()
            if relative.startswith(("contacts/", "notes/"))}


def test_a_merge_file_by_file(two_of_aisha, kith) -> None:
    result = kith("merge", "aisha-rahman", "a-rahman")
    assert result.exit_code == 0, result.stderr
    assert files(two_of_aisha) == AFTER
    assert "circle: close (not regular)" in result.stdout
    loaded = load_vault(two_of_aisha.root)
    assert loaded.problems == []
    aisha = loaded.contacts["aisha-rahman"]
    assert aisha.aliases == ["A. Rahman", "Aisha R"]
    assert aisha.emails == ["aisha@northwind.example", "a.rahman@gmail.example"]
    assert loaded.contacts["ben-ade"].introduced_by == ["aisha-rahman"]
    assert [n.participants for n in sorted(loaded.notes.values(), key=lambda n: n.date)] == [
        ["aisha-rahman", "kim-osei"], ["aisha-rahman"], ["kim-osei"]]
    assert not (two_of_aisha.root / ".kith-merge.json").exists()


def test_dry_run_prints_every_change_as_a_diff_and_writes_nothing(two_of_aisha, kith) -> None:
    before = snapshot(two_of_aisha.root)
    result = kith("merge", "Aisha Rahman", "A. Rahman", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert snapshot(two_of_aisha.root) == before
    out = result.stdout
    for relative in ("contacts/aisha-rahman.md", "contacts/kim-osei.md", "contacts/ben-ade.md",
                     "notes/2026-11-01-coffee.md", "notes/2026-11-02-call.md"):
        assert f"--- a/{relative}\n+++ b/{relative}\n" in out
    assert "--- a/contacts/a-rahman.md\n+++ /dev/null\n" in out
    assert "-introduced_by: \"[[a-rahman]]\"\n+introduced_by: \"[[Aisha Rahman]]\"\n" in out
    assert "2026-11-03-unrelated" not in out
    assert "Dry run, nothing written: 6 files would change." in out


def _uninterrupted(tmp_path: Path, vault) -> dict[str, bytes]:
    copy = tmp_path / "uninterrupted"
    shutil.copytree(vault.root, copy)
    result = run_script("merge", "aisha-rahman", "a-rahman", cwd=copy)
    assert result.exit_code == 0, result.stderr
    return snapshot(copy)


# The merge's writes: the journal, KEEP, the journal again, four references, OTHER removed.
@pytest.mark.parametrize("stop_after", range(1, 9))
def test_a_merge_killed_midway_is_finished_by_running_it_again(two_of_aisha, tmp_path, stop_after) -> None:
    expected = _uninterrupted(tmp_path, two_of_aisha)
    root = two_of_aisha.root
    killed = run_script("merge", "aisha-rahman", "a-rahman", cwd=root,
                        env={"KITH_MERGE_STOP_AFTER": str(stop_after)})
    assert killed.exit_code == -signal.SIGKILL
    # Nothing is lost: OTHER is still there or, once removed, kept whole in the journal.
    journal = root / ".kith-merge.json"
    assert journal.exists()
    other = BEFORE["contacts/a-rahman.md"].encode("utf-8")
    assert (root / "contacts/a-rahman.md").exists() or other in _journal_other(journal)
    # kith check says a merge is unfinished, and how to finish it.
    check = run_script("check", cwd=root)
    assert check.exit_code == 1 and "kith merge aisha-rahman a-rahman" in check.stdout
    # Another merge waits for this one.
    other_merge = run_script("merge", "kim-osei", "ben-ade", cwd=root)
    assert other_merge.exit_code == 1 and "was interrupted" in other_merge.stderr
    # The same command, by names this time, finishes it.
    again = run_script("merge", "Aisha Rahman", "A. Rahman", cwd=root)
    assert again.exit_code == 0, again.stderr
    assert "Finishing the interrupted merge" in again.stdout
    assert snapshot(root) == expected
    assert run_script("check", cwd=root).exit_code == 0


def _journal_other(journal: Path) -> bytes:
    import base64
    import json

    return base64.b64decode(json.loads(journal.read_text("utf-8"))["other_data"])


def test_a_file_changed_during_the_merge_is_not_overwritten(two_of_aisha, kith) -> None:
    root = two_of_aisha.root
    killed = run_script("merge", "aisha-rahman", "a-rahman", cwd=root, env={"KITH_MERGE_STOP_AFTER": "3"})
    assert killed.exit_code == -signal.SIGKILL
    # Before the rerun, OTHER's file is edited: kith will not delete what it has not seen.
    (root / "contacts/a-rahman.md").write_text(BEFORE["contacts/a-rahman.md"] + "New line.\n", "utf-8")
    again = kith("merge", "aisha-rahman", "a-rahman")
    assert again.exit_code == 1 and "changed since the merge began" in again.stderr
    assert (root / "contacts/a-rahman.md").read_text("utf-8").endswith("New line.\n")
    assert (root / ".kith-merge.json").exists()


def test_what_cannot_be_merged(two_of_aisha, kith) -> None:
    same = kith("merge", "aisha-rahman", "Aisha Rahman")
    assert same.exit_code == 1 and "are the same contact" in same.stderr
    nobody = kith("merge", "aisha-rahman", "Nobody Known")
    assert nobody.exit_code == 1 and "nobody called 'Nobody Known'" in nobody.stderr
    assert files(two_of_aisha) == BEFORE


def test_a_private_other_makes_the_merged_contact_private(vault, kith) -> None:
    vault.contact("zoe-quinn", name="Zoe Quinn", company="Quinn Ltd")
    vault.contact("zoe-q", name="Zoe Q", company="Quinn Ltd", private=True, role="Founder")
    result = kith("merge", "zoe-quinn", "zoe-q")
    assert result.exit_code == 0, result.stderr
    zoe = load_vault(vault.root).contacts["zoe-quinn"]
    assert zoe.private and zoe.role == "Founder" and zoe.aliases == ["Zoe Q"]
    assert "private: true" in result.stdout
