"""The loader's shortcuts read exactly what the long way reads.

Loading 12,500 files has to be quick (`kith check`, `kith due`, every build), so the loader reads
common front matter without PyYAML, finds links and tasks in one pass when a note has no code,
and re-reads only files that changed. Each shortcut is checked here against the long way:
PyYAML itself, the same text line by line, a fresh loader.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from kith.core import records
from kith.core.frontmatter import FrontMatterLoader, _key_lines, _simple_front_matter, read_file
from kith.core.links import find_links
from kith.core.loader import VaultLoader
from kith_vault import REPO

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def typed(value: object) -> object:
    """A value with the type of every part spelled out: `True` and `1`, `"1"` and `1` differ."""
    if isinstance(value, dict):
        return {typed(key): typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return type(value).__name__, value


def read_by_yaml(front: str) -> object:
    return yaml.load(front, Loader=FrontMatterLoader) or {}


# Front matter close to what people write, with every character YAML treats specially.
FIRST = st.sampled_from(list("abAyYnNoOtTfF0129._+~=<é😀\xa0") + ["2026-01-02", "on", "no", "null", "True"])
REST = st.sampled_from(list("ab  :#-'\"\\,[]{}?!&*|>%@`.~é\xa0\u2029\ufeff\x85/=") + [": ", " #", "e5"])
PLAIN = st.tuples(FIRST, st.lists(REST, max_size=5).map("".join)).map("".join)
QUOTED = st.lists(REST, max_size=4).map("".join).flatmap(
    lambda text: st.sampled_from([f'"{text}"', f"'{text}'"]))
VALUE = st.one_of(PLAIN, PLAIN, QUOTED)
KEY = st.one_of(st.sampled_from(["name", "tags", "b-c", "on", "yes", "null", "x_1", "é", "_k"]), PLAIN)
SPACE = st.sampled_from([" ", " ", "  ", "", "\t"])
LINE = st.one_of(
    st.tuples(KEY, SPACE, VALUE, st.sampled_from(["", " "])).map(lambda t: f"{t[0]}:{t[1]}{t[2]}{t[3]}"),
    st.tuples(KEY, st.lists(st.tuples(SPACE, VALUE, SPACE).map("".join), max_size=3))
    .map(lambda t: f"{t[0]}: [{','.join(t[1])}]"),
    st.tuples(KEY, st.lists(st.tuples(KEY, st.sampled_from([": ", ":"]), VALUE).map("".join), max_size=3))
    .map(lambda t: f"{t[0]}: {{{', '.join(t[1])}}}"),
    st.tuples(st.sampled_from(["", "  ", "   ", "\t"]), st.sampled_from(["- ", "-"]), VALUE).map("".join),
    st.tuples(KEY, st.sampled_from([":", ": ", " :"])).map("".join),
    st.sampled_from(["", "  ", "# a comment", "  # indented", "more text"]),
)
FRONT = st.lists(LINE, max_size=4).map(lambda lines: "\n" + "\n".join(lines) + "\n")


@SETTINGS
@given(FRONT)
@example("\nname: Ana Bell\ntags: [a, b/c]\nwith: [\"[[Ana Bell]]\", bo]\ndate: 2026-11-20\n")
@example("\ntags:\n  - a\n  - b\nlinks: {linkedin: \"https://x.example\", site: 'y'}\nprivate: yes\n")
@example("\ncadence: 45\nphone: 0777\nnothing: ~\nempty:\nratio: 1.5\n")
@example("\ntitle: a: b\n")
@example("\ntags: a, b\nname: O'Brien\nurl: https://example.org/a#b\n")
@example("\nname: Ana\nname: Bo\nNAME: Cy\n")
@example("\nj: 'it''s'\nl: \"tab\\there\"\n")
@example("\nk:\n  - a\n - b\n")
@example("\nk: v\t\n")
@example("\nk: a\xa0\n")
@example("\nk: [a,]\nj: {a: b,}\n")
@example("\nk: a #b\n")
@example("\nk: &a b\n")
@example("\nk: !t b\n")
@example("\nk: - a\n")
@example('\nk: "a"b"\n')
@example("\nk: [1, yes]\n")
@example("\non: a\n")
@example("\nName: a\n# a comment\ntags:\n- x\nname: b\nname: c\n")
def test_simple_front_matter_reads_as_yaml_does(front: str) -> None:
    """Whatever the shortcut accepts, it reads as PyYAML does; the rest it leaves to PyYAML. The
    lines it gives each field are those the messages' line finder gives (repeated fields too)."""
    lines: dict[str, list[int]] = {}
    simple = _simple_front_matter(front, lines)
    if simple is not None:
        assert typed(simple) == typed(read_by_yaml(front)), front
        first, repeated = _key_lines(front, 1)
        assert {key: 1 + numbers[0] for key, numbers in lines.items()} == first, front
        assert {key: [1 + n for n in numbers] for key, numbers in lines.items() if len(numbers) > 1} \
            == repeated, front


def test_common_front_matter_takes_the_shortcut() -> None:
    """Every file of the example network is read without PyYAML (else the loader is slow)."""
    files = sorted((REPO / "contacts").glob("*.md")) + sorted((REPO / "notes").glob("*.md"))
    assert len(files) > 50
    for path in files:
        front = path.read_text("utf-8").split("---\n")[1]
        simple = _simple_front_matter(front)
        assert simple is not None, path
        assert typed(simple) == typed(read_by_yaml(front)), path


def test_front_matter_beyond_the_shortcut_still_loads(tmp_path: Path) -> None:
    """Numbers, nothing, nested values, anchors and escapes: read by PyYAML, with kith's rules."""
    path = tmp_path / "contact.md"
    path.write_text("---\nname: &n Ana Bell\naliases: [*n]\ncadence: 45\nphone: 0777\nnote: ~\n"
                    'motto: "tab\\there"\nlinks:\n  site:\n    - https://x.example\nmet: 2026-01-02\n---\n')
    raw = read_file(path, "contacts/contact.md")
    assert raw.problems == []
    assert raw.meta == {"name": "Ana Bell", "aliases": ["Ana Bell"], "cadence": 45, "phone": 511,
                        "note": None, "motto": "tab\there", "links": {"site": ["https://x.example"]},
                        "met": "2026-01-02"}
    assert str(raw.meta["phone"]) == "0777"  # numbers read as written
    assert raw.key_lines["cadence"] == 4 and raw.key_lines["met"] == 11


LINK_LINES = st.lists(st.sampled_from([
    "plain text", "[[Ana]]", "a [[Bo|B]] b [[Cy#part|C]]", "[[", "]]", "[[a]] [[", "", "- [ ] [[Di]] task",
    "[[x|]]", "[[ spaced ]]", "é [[Ünï]]",
]), max_size=12).map("\n".join)


@SETTINGS
@given(LINK_LINES, st.integers(1, 40))
def test_links_found_in_one_pass_are_those_line_by_line(text: str, first_line: int) -> None:
    by_line = [link for number, line in enumerate(text.split("\n"), first_line)
               for link in find_links(line, number)]
    assert find_links(text, first_line) == by_line


HEADING_PIECES = st.lists(st.sampled_from([
    "#", "# ", "#\t", "##", " ", "\n", "\r", "a", "b c", "#x", "\x0b", "\u2028", "\x85", " #", "## H", "\t",
]), max_size=14).map("".join)


@SETTINGS
@given(HEADING_PIECES)
def test_a_first_heading_found_in_one_search_is_the_one_line_by_line(body: str) -> None:
    """A body with no code: one search of the whole text (`first_heading`'s quick way) finds the
    heading that reading it line by line finds."""
    by_line = next((match.group(1).strip() for line in body.split("\n")
                    if (match := records._HEADING.match(line))), None)
    assert records.first_heading(body) == by_line


def test_tasks_outside_code_with_their_lines(vault) -> None:
    vault.contact("ana-bell", name="Ana Bell")
    vault.note("2026-11-20-plans", (
        "Plans with [[Ana Bell]].\n"          # line 6: the body starts after 5 lines of front matter
        "```\n- [ ] an example, not a task\n```\n"
        "- [ ] Send the deck 📅 2026-11-27\n"  # line 10
        "~~~md\n- [x] also an example\n~~~\n"
        "  * [X] Booked the room\n"            # line 14
        "1. [ ] Ana to reply #waiting\n"       # line 15
        "````\nnever closed, so not code\n- [ ] Last one\n"  # line 18
    ), date="2026-11-20", **{"with": ["Ana Bell"]})
    note = VaultLoader(vault.root).load().notes["2026-11-20-plans"]
    assert [(task.line, task.text, task.done, task.waiting) for task in note.tasks] == [
        (10, "Send the deck", False, False), (14, "Booked the room", True, False),
        (15, "Ana to reply", False, True), (18, "Last one", False, False)]
    assert (vault.root / "notes/2026-11-20-plans.md").read_text().split("\n")[9] == \
        "- [ ] Send the deck 📅 2026-11-27"


def test_tilde_fences_hold_no_tasks_or_links(vault) -> None:
    vault.contact("ana-bell", name="Ana Bell")
    vault.note("2026-11-21-notes", "~~~\n- [ ] an example with [[Nobody]]\n~~~\n- [ ] Ask [[Ana Bell]]\n",
               date="2026-11-21", **{"with": ["Ana Bell"]})
    loaded = VaultLoader(vault.root).load()
    note = loaded.notes["2026-11-21-notes"]
    assert [(task.line, task.text) for task in note.tasks] == [(9, "Ask [[Ana Bell]]")]
    assert [(link.line, link.target) for link in note.body_links] == [(9, "Ana Bell")]
    assert loaded.problems == []


def test_a_kept_loader_rereads_only_changed_files(vault) -> None:
    vault.contact("ana-bell", name="Ana Bell", company="Acme")
    vault.contact("bo-chan", "Runs the lab.\n", name="Bo Chan")
    vault.note("2026-11-20-call", "Talked.\n", date="2026-11-20", **{"with": ["Ana Bell"]})
    loader = VaultLoader(vault.root)
    first = loader.load()
    ana = vault.root / "contacts/ana-bell.md"
    before = ana.stat()
    ana.write_text(ana.read_text().replace("Acme", "Zeta"))  # same size
    os.utime(ana, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    (vault.root / "notes/2026-11-20-call.md").unlink()
    vault.note("later/2026-11-21-lunch", "Lunch.\n", date="2026-11-21", **{"with": ["Bo Chan"]})
    second = loader.load()
    assert second.contacts["ana-bell"].company == "Zeta"
    assert second.contacts["bo-chan"].body is first.contacts["bo-chan"].body  # kept, not read again
    assert list(second.notes) == ["2026-11-21-lunch"]
    assert second.notes["2026-11-21-lunch"].source.path == "notes/later/2026-11-21-lunch.md"
    fresh = VaultLoader(vault.root).load()
    assert (fresh.contacts, fresh.notes, fresh.problems) == (second.contacts, second.notes, second.problems)


def test_loading_leaves_the_garbage_collector_as_it_was(vault) -> None:
    vault.contact("ana-bell", name="Ana Bell")
    assert gc.isenabled()
    VaultLoader(vault.root).load()
    assert gc.isenabled()
    gc.disable()
    try:
        VaultLoader(vault.root).load()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_saved_notes_are_put_into_the_last_load_as_a_fresh_load_reads_them(tmp_path: Path) -> None:
    """Under serve, a saved note is resolved alone against the names of the last load; every
    other note is kept. Each edit below must come out exactly as loading everything again, and
    an edit that changes what other files resolve to (a title, a contact, a new note, privacy)
    loads everything again."""
    sys.path.insert(0, str(REPO / "bench"))
    import generate

    generate.write_vault(generate.plan_vault(40, seed=5, today=generate.parse_date("2026-11-22")), tmp_path)
    notes = sorted((tmp_path / "notes").glob("*.md"))
    saved, other = notes[-1], notes[0]
    someone = sorted((tmp_path / "contacts").glob("*.md"))[1].stem
    loader = VaultLoader(tmp_path)
    last = loader.load()

    def save(path: Path, text: str) -> None:
        before = path.stat()
        path.write_text(text, "utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))

    def load_and_compare(kept: bool, changed: tuple[Path, ...] = (saved,)) -> None:
        nonlocal last
        loaded = loader.load()
        fresh = VaultLoader(tmp_path).load()
        assert list(loaded.contacts) == list(fresh.contacts) and loaded.contacts == fresh.contacts
        assert list(loaded.notes) == list(fresh.notes) and loaded.notes == fresh.notes
        assert loaded.problems == fresh.problems
        changed_paths = {f"notes/{path.name}" for path in changed}
        unchanged = [slug for slug, note in loaded.notes.items() if note.source.path not in changed_paths]
        assert all((loaded.notes[slug] is last.notes.get(slug)) == kept for slug in unchanged[:50])
        last = loaded

    original = saved.read_text("utf-8")
    # A body with a task, a link to a contact and one misspelt; then other participants.
    save(saved, original + f"\n- [ ] Send [[{someone}]] the deck 📅 2026-12-01\nAsk [[{someone}x]].\n")
    load_and_compare(kept=True)
    assert any(f"[[{someone}x]]" in problem.message for problem in last.problems)
    text = saved.read_text("utf-8")
    save(saved, text.replace("\n---\n", "\nfollow_up: 2026-12-02\ntags: [brand-new-topic]\n---\n", 1))
    load_and_compare(kept=True)
    save(saved, original)
    load_and_compare(kept=True)
    assert not any("Nobody At All" in problem.message for problem in last.problems)
    # A new title (other notes may link to it), privacy, a bad date: everything again.
    assert re.search(r"^title: ", original, re.M) and re.search(r"^date: ", original, re.M)
    save(saved, re.sub(r"^title: .*$", "title: A brand new title", original, count=1, flags=re.M))
    load_and_compare(kept=False)
    save(saved, original.replace("---\n", "---\nprivate: true\n", 1))
    load_and_compare(kept=False)
    save(saved, re.sub(r"^date: .*$", "date: 2026-02-30", original, count=1, flags=re.M))
    load_and_compare(kept=False)
    assert any("2026-02-30" in problem.message for problem in last.problems)
    save(saved, original)
    load_and_compare(kept=False)
    # A contact saved, a note added: everything again; two notes saved at once: kept.
    contact = tmp_path / "contacts" / f"{someone}.md"
    save(contact, contact.read_text("utf-8") + "\nMore about them.\n")
    load_and_compare(kept=False)
    (tmp_path / "notes" / "2026-11-21-new.md").write_text(
        f"---\ndate: 2026-11-21\nwith: [{someone}]\n---\nHello.\n", "utf-8")
    load_and_compare(kept=False)
    save(saved, original + "\nOne more line.\n")
    save(other, other.read_text("utf-8") + "\nAnd here.\n")
    load_and_compare(kept=True, changed=(saved, other))


def test_a_site_built_earlier_is_not_walked_for_page_names(vault) -> None:
    """`make build` leaves `site/` in the vault; `kith serve` builds elsewhere, so the loader itself
    must know a built site is no folder of notes (thousands of folders walked on every save)."""
    vault.contact("ana-bell", name="Ana Bell")
    (vault.root / "books").mkdir()
    (vault.root / "books" / "Deep Work.md").write_text("A book.\n")
    built = vault.root / "site"
    (built / "contacts" / "ana-bell").mkdir(parents=True)
    for name in ("sitemap.xml", "404.html", "contacts/ana-bell/index.html"):
        (built / name).write_text("<html></html>\n")
    (built / "Left Over.md").write_text("copied by an old build\n")
    (vault.root / "drafts").mkdir()
    (vault.root / "drafts" / "sitemap.xml").write_text("<urlset/>\n")  # one of the two: a folder of notes
    (vault.root / "drafts" / "Plan.md").write_text("A plan.\n")
    pages = VaultLoader(vault.root).load().pages
    assert pages.get("Deep Work") == "books/Deep Work.md"
    assert pages.get("Plan") == "drafts/Plan.md"
    assert "Left Over" not in pages
