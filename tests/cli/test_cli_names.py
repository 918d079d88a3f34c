"""Names as people type them, in every command: any case, no accents, a first or last name or an
alias that is someone's alone; an ambiguous one lists who it could be (exit 2); a typo gets
"did you mean". `[[links]]` in files stay exact.
"""

from __future__ import annotations

import pytest
from kith.core.loader import load_vault
from kith_cli import snapshot


@pytest.fixture
def people(vault):
    vault.contact("jose-nunez", name="José Núñez", aliases=["Pepe"], circle="close")
    vault.contact("priya-natarajan", name="Priya Natarajan", circle="regular")
    vault.contact("priya-shah", name="Priya Shah")
    vault.contact("sean-obrien", name="Seán O'Brien")
    vault.contact("aisha-rahman", name="Aisha Rahman", aliases=["AR"])
    vault.contact("zoe-lee", name="Zoë Lee")
    return vault


# (what is typed, whom it finds)
FOUND = [("jose", "jose-nunez"), ("JOSE", "jose-nunez"), ("nunez", "jose-nunez"), ("Núñez", "jose-nunez"),
         ("jose nunez", "jose-nunez"), ("pepe", "jose-nunez"), ("natarajan", "priya-natarajan"),
         ("priya shah", "priya-shah"), ("obrien", "sean-obrien"), ("o'brien", "sean-obrien"),
         ("sean", "sean-obrien"), ("zoe", "zoe-lee"), ("ar", "aisha-rahman"),
         ("[[Aisha Rahman]]", "aisha-rahman")]


@pytest.mark.parametrize(("typed", "slug"), FOUND)
def test_log_finds_people_as_typed(people, kith, typed: str, slug: str) -> None:
    result = kith("log", typed, "--no-edit")
    assert result.exit_code == 0, result.stderr
    (note,) = load_vault(people.root).notes.values()
    assert note.participants == [slug]


def test_every_command_that_takes_a_name_finds_them_alike(people, kith) -> None:
    shown = kith("show", "jose")
    assert shown.exit_code == 0 and shown.stdout.startswith("José Núñez")
    assert kith("snooze", "nunez", "2w").exit_code == 0
    assert kith("pause", "obrien").exit_code == 0
    assert kith("resume", "NUNEZ").exit_code == 0
    added = kith("add", "Kim Osei", "--introduced-by", "jose")
    assert added.exit_code == 0, added.stderr
    assert 'introduced_by: "[[José Núñez]]"' in (people.root / "contacts/kim-osei.md").read_text("utf-8")
    merged = kith("merge", "Aisha", "zoe", "--dry-run")
    assert merged.exit_code == 0, merged.stderr
    vault = load_vault(people.root)
    assert vault.contacts["sean-obrien"].paused and vault.contacts["jose-nunez"].snooze_until is None
    assert vault.contacts["kim-osei"].introduced_by == ["jose-nunez"]


@pytest.mark.parametrize("command", [["log", "--no-edit"], ["show"], ["snooze", "--dry-run"], ["pause"]])
def test_an_ambiguous_name_lists_the_candidates_and_exits_2(people, kith, command: list[str]) -> None:
    before = snapshot(people.root)
    args = [*command[:1], "priya", *(["2w"] if command[0] == "snooze" else []), *command[1:]]
    result = kith(*args)
    assert result.exit_code == 2, result.stderr
    assert "'priya' is ambiguous" in result.stderr
    assert "Priya Natarajan — contacts/priya-natarajan.md" in result.stderr
    assert "Priya Shah — contacts/priya-shah.md" in result.stderr
    assert snapshot(people.root) == before


@pytest.mark.parametrize(("typed", "meant"), [("Pirya", "Priya Natarajan"), ("Jsoe", "José Núñez"),
                                              ("Aisha Rahmna", "Aisha Rahman"), ("obrian", "Seán O'Brien")])
def test_a_typo_gets_did_you_mean(people, kith, typed: str, meant: str) -> None:
    before = snapshot(people.root)
    result = kith("log", typed, "--no-edit")
    assert result.exit_code == 1
    assert f"nobody called '{typed}'. Did you mean:" in result.stderr
    assert meant in result.stderr.split("Did you mean:")[1]
    assert snapshot(people.root) == before


def test_several_names_report_every_problem_at_once(people, kith) -> None:
    result = kith("log", "jose", "priya", "Pirya", "--no-edit")
    assert result.exit_code == 2  # one was ambiguous
    assert "'priya' is ambiguous" in result.stderr and "nobody called 'Pirya'" in result.stderr


def test_links_in_files_stay_exact(people, kith) -> None:
    """What the command line finds loosely, a `[[link]]` or a `with:` entry does not: a file says
    exactly whom it means (any case, an alias or the slug)."""
    people.note("2026-11-20-talk", "Met [[jose]] and [[josé núñez]] and [[PEPE]] and [[priya-shah]].\n",
                date="2026-11-20", **{"with": ["jose"]})
    vault = load_vault(people.root)
    note = vault.notes["2026-11-20-talk"]
    assert note.participants == []
    assert [link.contact for link in note.body_links] == [None, "jose-nunez", "jose-nunez", "priya-shah"]
    assert any("'jose' is not a known contact" in problem.message for problem in vault.problems)


def test_no_suggestion_that_is_more_than_a_typo_away(vault, kith) -> None:
    """'jose' shares three letters with 'Osei', in another order: not a typo of it."""
    vault.contact("kim-osei", name="Kim Osei")
    vault.contact("rachel-moss", name="Rachel Moss")
    result = kith("log", "jose", "--no-edit")
    assert result.exit_code == 1
    assert "nobody called 'jose': no contact has that name" in result.stderr
    assert "Did you mean" not in result.stderr and "Osei" not in result.stderr
    assert "Rachel Moss" in kith("log", "rachael", "--no-edit").stderr.split("Did you mean:")[1]
