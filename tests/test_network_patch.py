"""Under `kith serve`, a save that changes only a note's words or tasks patches the last network
(`Network.patched`) rather than indexing the whole vault again: the patched network must be the
network a fresh index of the saved vault makes, every index of it, and a save that changes what
the indexes are made from (people, tags, links, a date, a kind, a follow-up date) must not patch."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from kith.core.loader import VaultLoader
from kith.core.network import Network
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402


def save(path: Path, text: str) -> None:
    """A save the loader sees as one (a new modification time, even within the same second)."""
    before = path.stat()
    path.write_text(text, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))


def assert_same_network(patched: Network, fresh: Network) -> None:
    """Every attribute the same, those added to Network later included; and each note in an
    index the very note of `notes` (no note of the last load left behind)."""
    assert vars(patched).keys() == vars(fresh).keys()
    # The vault and its resolver are the loaded ones (the fresh network has its own, alike).
    assert patched.visibility.resolver is patched.vault.resolver
    for name, value in vars(fresh).items():
        if name == "vault":
            assert value.notes == patched.vault.notes and value.contacts == patched.vault.contacts
        elif name == "visibility":
            assert (value.hidden_contacts, value.hidden_notes) == (
                patched.visibility.hidden_contacts, patched.visibility.hidden_notes)
        else:
            assert getattr(patched, name) == value, name
    for name in ("timeline", "mentions", "note_backlinks"):
        for notes in getattr(patched, name).values():
            assert all(note is patched.notes[note.slug] for note in notes), name
    assert all(note is patched.notes[note.slug] for note in patched.notes_by_date)


@pytest.mark.parametrize("include_private", [False, True])
def test_a_save_of_words_or_tasks_patches_the_network_as_indexing_again_would(
        tmp_path: Path, include_private: bool) -> None:
    plan = generate.plan_vault(60, seed=7, today=generate.parse_date(TODAY))
    generate.write_vault(plan, tmp_path)
    notes = {path.name: path for path in sorted((tmp_path / "notes").glob("*.md"))}
    first = VaultLoader(tmp_path).load()
    by_path = {note.source.path: note for note in first.notes.values()}
    groups = [name for name in notes if len(by_path[f"notes/{name}"].participants) > 1]
    # One note with two people and a task; another with two people, one of them made private
    # (the published note leaves them out); a third note made private.
    busy = next(name for name in groups if by_path[f"notes/{name}"].tasks)
    naming_private = next(name for name in groups if name != busy
                          and not set(by_path[f"notes/{name}"].participants) & set(
                              by_path[f"notes/{busy}"].participants))
    private_note = next(name for name in notes if name not in (busy, naming_private))
    hidden = first.contacts[by_path[f"notes/{naming_private}"].participants[-1]]
    for made_private in (tmp_path / hidden.source.path, notes[private_note]):
        made_private.write_text(made_private.read_text("utf-8").replace("---\n", "---\nprivate: true\n", 1),
                                "utf-8")
    texts = {name: path.read_text("utf-8") for name, path in notes.items()}
    linked = next(name for name in notes if name not in (busy, naming_private, private_note)
                  and "[[" in texts[name].split("\n---\n", 1)[-1])
    loader = VaultLoader(tmp_path)
    vault = loader.load()
    assert vault.contacts[hidden.slug].private and vault.notes[by_path[f"notes/{private_note}"].slug].private
    network = Network(vault, include_private=include_private)

    def resaved(name: str, text: str, *, patches: bool) -> None:
        nonlocal network, vault
        save(notes[name], text)
        loaded = loader.load()
        assert loaded.patched_from is not None and loaded.patched_from[0]() is vault
        patched = network.patched(loaded, loaded.patched_from[1])
        fresh = Network(VaultLoader(tmp_path).load(), include_private=include_private)
        if patches:
            assert patched is not None, name
            assert_same_network(patched, fresh)
        else:
            assert patched is None, name
        vault, network = loaded, Network(loaded, include_private=include_private)

    # What a note says and its tasks: patched.
    resaved(busy, texts[busy] + "\nWe talked about the harbour.\n", patches=True)
    resaved(busy, texts[busy] + "\n- [ ] Send the harbour plan 📅 2026-12-01\n", patches=True)
    resaved(busy, texts[busy].replace("- [ ]", "- [x]", 1), patches=True)
    resaved(naming_private, texts[naming_private] + "\nMore words.\n- [ ] Write back 📅 2026-12-03\n",
            patches=True)
    resaved(private_note, texts[private_note] + "\nPrivate words.\n- [ ] Call back 📅 2026-12-02\n",
            patches=True)
    # What the indexes are made from: not patched.
    someone = next(contact.name for contact in vault.contacts.values()
                   if not contact.private and contact.name not in texts[busy])
    resaved(busy, texts[busy] + f"\nAsk [[{someone}]] about it.\n", patches=False)
    linked_front, linked_body = texts[linked].split("\n---\n", 1)  # a link in the body made to lead nowhere
    resaved(linked, linked_front + "\n---\n" + re.sub(r"\[\[([^]|#]+)", r"[[\1 nobody", linked_body, count=1),
            patches=False)
    front, body = texts[busy].split("\n---\n", 1)
    for changed_front in (re.sub(r"^date: .*$", "date: 2026-01-02", front, count=1, flags=re.M),
                          front + "\ntags: [harbours]", front + "\nkind: event",
                          front + "\nfollow_up: 2026-12-20"):
        resaved(busy, changed_front + "\n---\n" + body, patches=False)
    resaved(busy, texts[busy], patches=False)  # its date, tags, kind, follow-up back as they were
    # Two notes saved at once, words only: patched.
    save(notes[busy], texts[busy] + "\nOne line.\n")
    resaved(naming_private, texts[naming_private] + "\nAnother line.\n", patches=True)


def test_a_save_of_one_note_builds_that_note_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader's side of a patched save: the saved note is built again, and no contact is
    (building every contact and checking it for private names, on each save, is what the patch
    saves)."""
    import kith.core.loader as loader_module

    generate.write_vault(generate.plan_vault(60, seed=7, today=generate.parse_date(TODAY)), tmp_path)
    loader = VaultLoader(tmp_path)
    first = loader.load()
    built: list[str] = []
    for name in ("build_contact", "build_note"):
        real = getattr(loader_module, name)

        def counting(reader, taken, real=real, name=name):  # type: ignore[no-untyped-def]
            built.append(name)
            return real(reader, taken)

        monkeypatch.setattr(loader_module, name, counting)
    note = sorted((tmp_path / "notes").glob("*.md"))[3]
    save(note, note.read_text("utf-8") + "\nA few more words.\n")
    second = loader.load()
    assert second.patched_from is not None and second.contacts is first.contacts
    assert built == ["build_note"]
