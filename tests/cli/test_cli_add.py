"""`kith add`: a new contact file the loader reads back exactly; refusals that change nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from kith.cli.vault import VaultContext
from kith.core.loader import load_vault
from kith_cli import KITH_SCRIPT, invoke, run_script, snapshot

TRICKY = "O'Brien: \"Ace\" #1"


def test_add_writes_every_field_and_the_loader_reads_them_back(vault, kith) -> None:
    result = kith("add", "Aisha Rahman", "--company", "Northwind Health", "--role", "Head of Digital",
                  "--email", "aisha@example.org", "--email", "a.rahman@northwind.example",
                  "--phone", "+44 113 496 0000", "--tag", "Digital Health", "--tag", "health/NHS,leadership",
                  "--circle", "close", "--alias", "Aisha", "--met", "2024-03-12")
    assert result.exit_code == 0, result.stderr
    assert "contacts/aisha-rahman.md" in result.stdout

    text = (vault.root / "contacts" / "aisha-rahman.md").read_text("utf-8")
    # The house style of DESIGN.md: inline short lists, quoted phone, plain dates.
    assert "aliases: [Aisha]\n" in text
    assert 'phone: "+44 113 496 0000"\n' in text
    assert "met: 2024-03-12\n" in text
    assert "tags: [digital-health, health/nhs, leadership]\n" in text

    loaded = load_vault(vault.root)
    assert loaded.problems == []
    contact = loaded.contacts["aisha-rahman"]
    assert contact.name == "Aisha Rahman"
    assert contact.aliases == ["Aisha"]
    assert (contact.company, contact.role) == ("Northwind Health", "Head of Digital")
    assert contact.emails == ["aisha@example.org", "a.rahman@northwind.example"]
    assert contact.phones == ["+44 113 496 0000"]
    assert contact.tags == ["digital-health", "health/nhs", "leadership"]
    assert contact.circle == "close"
    assert contact.met == dt.date(2024, 3, 12)


@pytest.mark.parametrize("name", [TRICKY, "Zoë Ångström-Łukasz", "José [Pepe] | Núñez", "- yes: no"])
def test_names_yaml_would_misread_round_trip(vault, kith, name: str) -> None:
    result = kith("add", "--company", "Acme: Widgets #2", "--alias", f"{name} (alias)", "--", name)
    assert result.exit_code == 0, result.stderr
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    (contact,) = loaded.contacts.values()
    assert contact.name == name
    assert contact.company == "Acme: Widgets #2"
    assert contact.aliases == [f"{name} (alias)"]
    # And a note logged with them links to them, even though `#` and `|` cannot go in a [[link]].
    logged = kith("log", "--no-edit", "--", name)
    assert logged.exit_code == 0, logged.stderr
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    (note,) = loaded.notes.values()
    assert note.participants == [contact.slug]


def test_a_name_cannot_escape_the_contacts_folder(vault, kith) -> None:
    result = kith("add", "../../etc/passwd")
    assert result.exit_code == 0, result.stderr
    files = [p.relative_to(vault.root).as_posix() for p in vault.root.rglob("*.md")]
    assert "contacts/etc-passwd.md" in files
    assert not (vault.root.parent / "etc").exists()


@pytest.mark.parametrize(("args", "reason"), [
    (["Aisha Rahman"], "the name"),
    (["  aisha   RAHMAN "], "the name"),  # case and spacing do not make a new person
    (["Aisha"], "an alias"),  # a new name that is an existing alias
    (["aisha-rahman"], "the slug"),
    (["Aisha Rahman-Khan", "--alias", "Aisha"], "an alias"),  # a new alias that is taken
    (["Ace Ventura", "--alias", "aisha rahman"], "the name"),
])
def test_add_refuses_a_taken_name_alias_or_slug_and_names_the_file(vault, kith, args, reason) -> None:
    vault.contact("aisha-rahman", name="Aisha Rahman", aliases=["Aisha"], company="Northwind")
    before = snapshot(vault.root)
    result = kith("add", *args)
    assert result.exit_code == 1
    assert "contacts/aisha-rahman.md" in result.stderr
    assert reason in result.stderr
    assert result.stdout == ""
    assert snapshot(vault.root) == before


def test_add_refuses_when_an_unreadable_file_holds_the_slug(vault, kith) -> None:
    vault.write("contacts/kim-osei.md", "---\nname: [unclosed\n---\n")
    before = snapshot(vault.root)
    result = kith("add", "Kim Osei")
    assert result.exit_code == 1
    assert "contacts/kim-osei.md" in result.stderr
    assert snapshot(vault.root) == before


def test_add_rejects_an_address_that_is_not_one(vault, kith) -> None:
    result = kith("add", "Kim Osei", "--email", "kim at example.org")
    assert result.exit_code == 2
    assert "kim at example.org" in result.stderr
    assert not (vault.root / "contacts" / "kim-osei.md").exists()


def test_add_from_a_subfolder_finds_the_vault_and_uses_its_contacts_dir(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    (root / "site_src" / "deep").mkdir(parents=True)
    # MkDocs-only YAML tags must not stop kith reading its own options.
    (root / "mkdocs.yml").write_text(
        "site_name: Mine\n"
        "docs_dir: site_src\n"
        "theme: {name: material, font: false}\n"
        "extra: {analytics: !ENV [NO_SUCH_VARIABLE_KITH, none]}\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - kith:\n      contacts_dir: people\n      notes_dir: talks\n", "utf-8")
    result = run_script("add", "Kim Osei", cwd=root / "site_src" / "deep")
    assert result.exit_code == 0, result.stderr
    assert (root / "people" / "kim-osei.md").is_file()
    assert not (root / "contacts").exists()
    logged = run_script("log", "kimm", "kim-osei", "--no-edit", "--date", "2026-11-20", cwd=root / "people")
    assert logged.exit_code == 1  # a typo names nobody: the closest are suggested
    assert "Did you mean" in logged.stderr and "Kim Osei" in logged.stderr
    logged = run_script("log", "Kim Osei", "--no-edit", "--date", "2026-11-20", cwd=root / "people")
    assert logged.exit_code == 0, logged.stderr
    assert (root / "talks" / "2026-11-20-conversation-with-kim-osei.md").is_file()


def test_a_contacts_dir_outside_the_vault_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - kith:\n      contacts_dir: ../elsewhere\n",
                                     "utf-8")
    result = invoke("--vault", str(root), "add", "Kim Osei")
    assert result.exit_code == 1
    assert "outside the vault" in result.stderr
    assert not (tmp_path / "elsewhere").exists()


def test_outside_any_vault_the_error_says_what_to_do(tmp_path: Path) -> None:
    result = run_script("add", "Kim Osei", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "mkdocs.yml" in result.stderr and "kith init" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_add_help_has_an_example() -> None:
    result = invoke("add", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "kith add" in result.stdout


def test_phone_numbers_and_aliases_keep_their_commas(vault, kith) -> None:
    result = kith("add", "Jo Smith", "--phone", "+44 20 7946 0000, ext. 12", "--alias", "Smith, Jo",
                  "--email", "jo@example.org,jo.smith@work.example")
    assert result.exit_code == 0, result.stderr
    contact = load_vault(vault.root).contacts["jo-smith"]
    assert contact.phones == ["+44 20 7946 0000, ext. 12"]
    assert contact.aliases == ["Smith, Jo"]
    assert contact.emails == ["jo@example.org", "jo.smith@work.example"]


@pytest.mark.parametrize("name", ["Index", "index", "  INDEX "])
def test_a_person_called_index_never_becomes_the_contacts_listing(vault, kith, name: str) -> None:
    result = kith("add", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("Created contacts/index-2.md (not index.md: that name is the page listing "
                             "everyone)\n")
    assert [p.name for p in (vault.root / "contacts").iterdir()] == ["index-2.md"]
    loaded = load_vault(vault.root)
    assert loaded.problems == [] and loaded.contacts["index-2"].name == name.strip()
    again = kith("add", "Index")
    assert again.exit_code == 1 and "contacts/index-2.md" in again.stderr


def test_the_losing_add_says_another_command_just_created_the_file(vault, kith, monkeypatch) -> None:
    """Another `kith add` for the same person finishes between this one reading the vault and
    writing: this one must say so, and leave the other's file as it wrote it."""
    read_vault = VaultContext.load

    def read_then_let_the_other_add_win(context: VaultContext, **how):
        loaded = read_vault(context, **how)
        other = run_script("add", "Kim Osei", "--company", "First In", cwd=context.root)
        assert other.exit_code == 0, other.stderr
        return loaded

    monkeypatch.setattr(VaultContext, "load", read_then_let_the_other_add_win)
    result = kith("add", "Kim Osei", "--company", "Second")
    assert result.exit_code == 1
    assert result.stderr == ("kith: contacts/kim-osei.md was just created by another command (another "
                             "kith add for the same person at the same moment?); nothing was written. "
                             "See it with: kith show kim-osei\n")
    assert "could not be read" not in result.stderr
    assert load_vault(vault.root).contacts["kim-osei"].company == "First In"
    assert [p.name for p in (vault.root / "contacts").iterdir()] == ["kim-osei.md"]


def test_racing_adds_one_wins_and_the_others_say_plainly_why_not(vault) -> None:
    environment = {**os.environ, "KITH_TODAY": "2026-11-22"}
    environment.pop("KITH_VAULT", None)
    racers = [subprocess.Popen([str(KITH_SCRIPT), "add", "Kim Osei", "--company", f"Racer {n}"],
                               cwd=vault.root, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for n in range(6)]
    results = [(racer.wait(timeout=120), *racer.communicate()) for racer in racers]
    winners = [n for n, (code, _, _) in enumerate(results) if code == 0]
    assert len(winners) == 1, results
    company = load_vault(vault.root).contacts["kim-osei"].company
    assert company == f"Racer {winners[0]}"
    for code, stdout, stderr in (result for n, result in enumerate(results) if n not in winners):
        assert code == 1 and stdout == "" and stderr.count("\n") == 1, stderr
        assert ("was just created by another command" in stderr
                or "the name 'Kim Osei' is already the name of Kim Osei: contacts/kim-osei.md" in stderr)
    assert [p.name for p in (vault.root / "contacts").iterdir()] == ["kim-osei.md"]


def test_add_takes_every_field_of_the_format(vault, kith) -> None:
    vault.contact("kim-osei", name="Kim Osei")
    result = kith("add", "José Núñez", "--alias", "Pepe", "--company", "Northwind Health",
                  "--past-company", "Acme, Leeds City Council", "--role", "CTO",
                  "--email", "jose@example.org", "--phone", "+44 113 496 0000",
                  "--link", "https://www.linkedin.com/in/jose", "--link", "blog=https://jose.example.org",
                  "--link", "github.com/jose", "--location", "Leeds", "--tag", "health",
                  "--expertise", "procurement, hiring", "--interest", "jazz", "--circle", "Close",
                  "--cadence", "6w", "--met", "2024-03-12", "--met-at", "NHS Expo 2024",
                  "--introduced-by", "kim", "--birthday", "1980-04-17", "--private")
    assert result.exit_code == 0, result.stderr
    assert (vault.root / "contacts/jose-nunez.md").read_text("utf-8") == (
        "---\nname: José Núñez\naliases: [Pepe]\ncompany: Northwind Health\n"
        "past_companies: [Acme, Leeds City Council]\nrole: CTO\nemail: jose@example.org\n"
        "phone: \"+44 113 496 0000\"\n"
        "links:\n  linkedin: \"https://www.linkedin.com/in/jose\"\n  blog: \"https://jose.example.org\"\n"
        "  github: github.com/jose\n"
        "location: Leeds\ntags: [health]\nexpertise: [procurement, hiring]\ninterests: [jazz]\n"
        "circle: close\n"
        "cadence: 6w\nmet: 2024-03-12\nmet_at: NHS Expo 2024\nintroduced_by: \"[[Kim Osei]]\"\n"
        "birthday: 1980-04-17\nprivate: true\n---\n")
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    jose = loaded.contacts["jose-nunez"]
    assert (jose.past_companies, jose.links["github"], jose.expertise, jose.cadence_days, jose.met_at) == (
        ["Acme", "Leeds City Council"], "github.com/jose", ["procurement", "hiring"], 42, "NHS Expo 2024")
    assert (jose.introduced_by, jose.birthday.iso(), jose.private) == (["kim-osei"], "1980-04-17", True)
    help_text = invoke("add", "--help").stdout
    for option in ("--past-company", "--link", "--location", "--expertise", "--interest", "--cadence",
                   "--met-at", "--introduced-by", "--birthday", "--private"):
        assert option in help_text


@pytest.mark.parametrize(("args", "says"), [
    (["--cadence", "6w"], "--cadence needs --circle"),
    (["--circle", "close", "--cadence", "soon"], "is not a duration"),
    (["--birthday", "31-02"], "not a real day"),
    (["--link", "javascript:alert(1)"], "is not a web address"),
    (["--met", "2026-02-30"], "--met"),
])
def test_bad_fields_are_refused_before_anything_is_written(vault, kith, args: list[str], says: str) -> None:
    before = snapshot(vault.root)
    result = kith("add", "Kim Osei", *args)
    assert result.exit_code != 0 and says in result.stderr, result.stderr
    assert snapshot(vault.root) == before


def test_an_introducer_is_found_as_in_every_command(vault, kith) -> None:
    vault.contact("priya-shah", name="Priya Shah")
    vault.contact("priya-natarajan", name="Priya Natarajan")
    before = snapshot(vault.root)
    ambiguous = kith("add", "Kim Osei", "--introduced-by", "priya")
    assert ambiguous.exit_code == 2 and "'priya' is ambiguous" in ambiguous.stderr
    assert snapshot(vault.root) == before
    assert kith("add", "Kim Osei", "--introduced-by", "shah", "--introduced-by", "natarajan").exit_code == 0
    assert load_vault(vault.root).contacts["kim-osei"].introduced_by == ["priya-shah", "priya-natarajan"]
