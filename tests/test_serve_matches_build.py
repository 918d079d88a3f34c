"""Under `kith serve`, each save's rebuild leaves the site as a clean build of the saved vault makes
it: every page, whether the rebuild made it again or kept it (a profile nobody touched, a list the
save could not change), and the calendar feed, the same byte for byte."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

# In one process, as `kith serve` runs: a first build, then a dirty rebuild after each save; after
# each, a clean build of the vault as it is now (another process: MkDocs keeps one kith plugin per
# process), and the pages that differ.
SERVE_AND_COMPARE = """\
import filecmp, json, subprocess, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

vault, site, clean = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
saves = json.loads(Path(sys.argv[4]).read_text("utf-8"))
config = load_config(str(vault / "mkdocs.yml"), site_dir=site)
config.plugins.on_startup(command="serve", dirty=True)
build(config, dirty=False)
differences = []
for save in saves:
    path = vault / save["path"]
    text = path.read_text("utf-8") if path.exists() else ""
    if "replace" in save:
        old, new = save["replace"]
        assert old in text, (save, text)
        text = text.replace(old, new, 1)
    path.write_text(text + save.get("append", ""), "utf-8")
    build(config, dirty=True)
    patched = config.plugins["kith"].site.patched  # the last build's plan patched, not made again
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", clean], cwd=vault, check=True)
    written = [*Path(clean).rglob("*.html"), Path(clean, "follow-ups.ics")]
    pages = sorted(str(path.relative_to(clean)) for path in written)
    differing = [page for page in pages
                 if not (Path(site) / page).exists() or not filecmp.cmp(Path(site) / page, Path(clean) / page,
                                                                         shallow=False)]
    differences.append({"save": save["what"], "pages": len(pages), "differing": differing,
                        "patched": patched})
config.plugins.on_shutdown()
print(json.dumps(differences))
"""


def first(pattern: str, texts: dict[str, str]) -> tuple[str, re.Match[str]]:
    """The first file (by name) whose text matches `pattern`, and the match."""
    for name, text in sorted(texts.items()):
        found = re.search(pattern, text, re.MULTILINE)
        if found:
            return name, found
    raise AssertionError(f"no file matches {pattern!r}")


def test_every_rebuild_matches_a_clean_build(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(40, seed=11, today=generate.parse_date(TODAY)), vault)
    notes = {f"notes/{p.name}": p.read_text("utf-8") for p in (vault / "notes").glob("*.md")}
    contacts = {f"contacts/{p.name}": p.read_text("utf-8") for p in (vault / "contacts").glob("*.md")}
    names = sorted(re.search(r"^name: (.+)$", text, re.MULTILINE).group(1).strip('"')
                   for text in contacts.values())
    one, _ = first(r"^with: \[\"\[\[[^]]+\]\]\"\]$", notes)  # a note with one person
    two, _ = first(r"^with: \[\"\[\[[^]]+\]\]\"\]$", {k: v for k, v in notes.items() if k != one})
    with_line = re.search(r"^with: \[(.+)\]$", notes[two], re.MULTILINE).group(0)
    newcomer = next(name for name in names if name not in notes[two])
    tagged, tags = first(r"^tags: \[(.+)\]$", {k: v for k, v in notes.items() if k not in (one, two)})
    kind, kind_line = first(r"^kind: (call|coffee|meeting)$", {k: v for k, v in notes.items()
                                                                 if k not in (one, two, tagged)})
    person, role_line = first(r"^role: .+$", contacts)
    # The person of the first note, whose follow-ups the page lists (the task saved below).
    first_person = re.search(r'^with: \["\[\[([^]]+)\]\]"\]$', notes[one], re.MULTILINE).group(1)
    their_file = next(name for name, text in contacts.items() if f"name: {first_person}\n" in text)
    circle_line = re.search(r"^circle: .+$", contacts[their_file], re.MULTILINE)
    circle_save = ({"replace": [circle_line.group(0), "circle: close" if "loose" in circle_line.group(0)
                                else "circle: loose"]} if circle_line else {"append": "\nA friend.\n"})
    saves = [
        # Only what a note says: its people's lists and the ways in stay as they were.
        {"what": "words", "path": one, "append": "\nWe talked about the lighthouse budget.\n"},
        {"what": "a task", "path": one, "append": "\n- [ ] Send the lighthouse plan 📅 2026-11-25\n"},
        {"what": "a mention", "path": one, "append": f"\nAsk [[{newcomer}]] about lighthouses.\n"},
        # The network's shape: who met whom, topics, events, a person's file, a new conversation.
        {"what": "a person", "path": two,
         "replace": [with_line, with_line[:-1] + f', "[[{newcomer}]]"]']},
        {"what": "a tag", "path": tagged,
         "replace": [tags.group(0), f"tags: [lighthouses, {tags.group(1)}]"]},
        {"what": "an event", "path": kind, "replace": [kind_line.group(0), "kind: event"]},
        {"what": "a role", "path": person, "replace": [role_line.group(0), "role: Lighthouse keeper"]},
        {"what": "a circle", "path": their_file, **circle_save},
        {"what": "a new note", "path": "notes/2026-11-21-lighthouse-visit.md",
         "append": f'---\ndate: 2026-11-21\nwith: ["[[{names[0]}]]", "[[{names[1]}]]"]\n'
                   "tags: [lighthouses]\n---\nA visit.\n"},
        # Words again, after builds that planned everything anew: patched from those.
        {"what": "words again", "path": two, "append": "\nWe talked about the harbour too.\n"},
    ]
    # A company with a page of its own in the vault (the page's words are on the company's page).
    company = next(match.group(1) for text in contacts.values()
                   if (match := re.search(r"^company: (.+)$", text, re.MULTILINE)))
    company_page = f"companies/{company.strip(chr(34))}.md"
    (vault / "companies").mkdir()
    (vault / company_page).write_text("They make lighthouses.\n", "utf-8")
    saves.insert(2, {"what": "a company's page", "path": company_page, "append": "They moved offices.\n"})
    saves_file = tmp_path / "saves.json"
    saves_file.write_text(json.dumps(saves), "utf-8")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    arguments = [str(vault), str(tmp_path / "served"), str(tmp_path / "clean"), str(saves_file)]
    result = subprocess.run([sys.executable, "-c", SERVE_AND_COMPARE, *arguments], cwd=vault, env=environment,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    differences = json.loads(result.stdout.strip().splitlines()[-1])
    assert [step["save"] for step in differences] == [save["what"] for save in saves]
    assert all(step["pages"] > 100 for step in differences), differences
    assert [step for step in differences if step["differing"]] == [], json.dumps(differences, indent=1)
    # A note's words and tasks, and a company's own page, patch the last build's network; what
    # changes its shape does not.
    patched = [step["save"] for step in differences if step["patched"]]
    assert patched == ["words", "a task", "a company's page", "words again"]
