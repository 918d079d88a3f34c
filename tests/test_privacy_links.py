"""Private stays private in front matter too: a `[[link]]` to a private contact or note in any field
of a public record never names them, and never makes a page, a count, a search entry or a feed line.
`private:` with no clear value counts as private. A private name typed as plain words is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from html_sections import content
from kith.core.loader import load_vault
from kith.core.network import Network
from test_privacy import leaks_in, output_files

TODAY = "2026-11-22"
KITH = Path(sys.executable).parent / "kith"
SECRET = ["zephyrine", "quasimodo", "velvetfog"]  # in the private records' names and titles only


def write_front_matter_links(vault) -> None:
    vault.contact("zephyrine-quasimodo", "Secret.\n", name="Zephyrine Quasimodo", aliases=["Zeph"],
                  private=True)
    vault.note("2026-11-01-velvetfog", "Secret plan.\n", date="2026-11-01", title="Velvetfog plan",
               private=True, **{"with": ["Aisha Rahman"]})
    link = "[[Zephyrine Quasimodo]]"
    vault.contact("aisha-rahman", "Aisha runs digital.\n", name="Aisha Rahman", circle="close",
                  met_at=link, tags=["digital", link, "[[Zeph]]", "[[Velvetfog plan]]"],
                  expertise=["procurement", f"advising {link}"], interests=["[[Zeph|the Z]]", "jazz"],
                  company="[[Zeph]]", role="Deputy to [[Velvetfog plan]]", location=link)
    vault.contact("kim-osei", "Kim.\n", name="Kim Osei", met_at="[[Velvetfog plan]]",
                  tags=["[[Velvetfog plan]]/sub"])
    vault.note("2026-11-20-coffee", "Coffee.\n- [ ] Send the deck 📅 2026-11-25\n", date="2026-11-20",
               title="Coffee", kind="coffee", tags=["partnerships", link, "[[Velvetfog plan]]"],
               **{"with": ["Aisha Rahman", "Kim Osei"]})


def test_front_matter_links_to_private_records_leave_no_trace(vault) -> None:
    write_front_matter_links(vault)
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log
    assert leaks_in(result.site, [*SECRET, "zeph"]) == []
    topics = {path.parent.name for path in (result.site / "topics").rglob("index.html")}
    assert topics == {"topics", "digital", "partnerships"}
    assert {path.name for path in (result.site / "events").iterdir()} == {"index.html"}
    profile = content(result.page("contacts/aisha-rahman/")).text()
    assert "procurement" in profile and "jazz" in profile and "digital" in profile
    # The public rest is whole: the note page, its tags and its follow-up.
    note = content(result.page("notes/2026-11-20-coffee/")).text()
    assert "Partnerships" in note and "Send the deck" in note  # the topic by its title
    index = json.loads((result.site / "search/search_index.json").read_text("utf-8"))
    assert all("(private)" not in " ".join(doc.get("tags", [])) for doc in index["docs"])


def test_the_public_network_drops_only_the_values_that_name_private_records(vault) -> None:
    write_front_matter_links(vault)
    loaded = load_vault(vault.root)
    public = Network(loaded, include_private=False)
    aisha = public.contacts["aisha-rahman"]
    assert aisha.tags == ["digital"] and aisha.expertise == ["procurement"] and aisha.interests == ["jazz"]
    assert (aisha.company, aisha.role, aisha.location, aisha.met_at) == (None, None, None, None)
    assert public.notes["2026-11-20-coffee"].tags == ["partnerships"]
    assert public.contacts["kim-osei"].tags == [] and public.events == {}
    # Your own terminal shows everything as written.
    everything = Network(loaded, include_private=True)
    assert everything.contacts["aisha-rahman"].company == "[[Zeph]]"
    assert len(everything.contacts["aisha-rahman"].tags) == 4


def test_private_without_a_clear_value_is_private_and_reported(vault) -> None:
    vault.write("contacts/empty-private.md", "---\nname: Emptius Privatus\nprivate:\n---\nHidden.\n")
    vault.write("contacts/tilde-private.md", "---\nname: Tildeus Privatus\nprivate: ~\n---\nHidden.\n")
    vault.write("contacts/null-private.md", "---\nname: Nullius Privatus\nprivate: null\n---\n")
    vault.write("notes/2026-11-20-empty.md", "---\ndate: 2026-11-20\ntitle: Privatus meeting\n"
                "private: ''\nwith: [Emptius Privatus]\n---\nHidden.\n")
    vault.contact("open-person", name="Open Person", private=False)
    loaded = load_vault(vault.root)
    assert [slug for slug, c in loaded.contacts.items() if c.private] == [
        "empty-private", "null-private", "tilde-private"]
    assert loaded.notes["2026-11-20-empty"].private
    reported = {(p.path, p.line) for p in loaded.problems if "treated as private" in p.message}
    assert reported == {("contacts/empty-private.md", 3), ("contacts/tilde-private.md", 3),
                        ("contacts/null-private.md", 3), ("notes/2026-11-20-empty.md", 4)}
    result = vault.build(today=TODAY)
    assert result.returncode == 0 and leaks_in(result.site, ["privatus"]) == []
    assert result.exists("contacts/open-person/")
    assert vault.build(today=TODAY, strict=True).returncode != 0


def test_a_private_name_as_plain_words_is_reported_by_build_and_check(vault) -> None:
    vault.contact("zoe-quill", name="Zoe Quill", aliases=["Will"], private=True)
    vault.contact("aisha-rahman", "Aisha once worked for zoe\nQUILL.\n", name="Aisha Rahman",
                  role="Adviser to Zoe Quill")
    vault.note("2026-11-20-lunch", "We will meet again.\nThen Will joined [[Zoe Quill]] and us.\n",
               date="2026-11-20", title="Lunch with Zoe Quill", **{"with": ["Aisha Rahman"]})
    vault.note("2026-11-21-lunch-with-zoe-quill", "Fine.\n", date="2026-11-21", title="Lunch",
               **{"with": ["Aisha Rahman"]})
    vault.note("2026-11-19-clean", "Nothing about zoe-quill-free topics: the words stay.\n",
               date="2026-11-19", title="Clean", **{"with": ["Aisha Rahman"]})
    problems = [p for p in load_vault(vault.root).problems if "private contact" in p.message]
    where = sorted((p.path, p.line) for p in problems)
    assert where == [("contacts/aisha-rahman.md", 3), ("contacts/aisha-rahman.md", 5),
                     ("notes/2026-11-20-lunch.md", 3), ("notes/2026-11-20-lunch.md", 8),
                     ("notes/2026-11-21-lunch-with-zoe-quill.md", 1)], [str(p) for p in problems]
    assert all("'Zoe Quill'" in p.message for p in problems)
    assert all("write [[Zoe Quill]] instead" in p.message for p in problems if p.line != 1)
    check = subprocess.run([str(KITH), "--vault", str(vault.root), "check"], capture_output=True,
                           text=True, env={"KITH_TODAY": TODAY, "PATH": ""}, timeout=120)
    assert "notes/2026-11-20-lunch.md:8: warning: names the private contact 'Zoe Quill'" in check.stdout
    strict = vault.build(today=TODAY, strict=True)
    assert strict.returncode != 0 and "names the private contact" in strict.log


def test_a_public_record_naming_nobody_private_gets_no_such_warning(vault) -> None:
    vault.contact("zoe-quill", name="Zoe Quill", private=True)
    vault.contact("aisha-rahman", "Zoey Quillan and quills are other words.\n", name="Aisha Rahman")
    assert not [p for p in load_vault(vault.root).problems if "private contact" in p.message]


def test_the_scan_covers_every_output_file_with_the_example_network(example_site) -> None:
    """The example network has private people: nothing of theirs is in any output file."""
    loaded = load_vault(Path(__file__).resolve().parent.parent)
    secrets = [c.name for c in loaded.contacts.values() if c.private]
    secrets += [n.title for n in loaded.notes.values() if n.private]
    assert secrets, "the example network has private records"
    assert leaks_in(example_site.site, secrets) == []
    assert output_files(example_site.site)
