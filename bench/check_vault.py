"""Check a generated vault is valid per DESIGN.md, independently of kith's own loader.

    python bench/check_vault.py VAULT [--kith-loader]

Parses every contact and note with PyYAML, and checks: `name` on every contact, no name, alias or
slug used twice, every `[[link]]` (bodies and front matter), `with` entry and `introduced_by`
resolves to a contact, dates and birthdays are real dates, `kind` and `circle` are known values,
task due dates are real dates. Works on both layouts (`contacts/` or `site_src/contacts/`).
Prints a summary of what the vault holds; exits 1 on any problem.

`--kith-loader` also loads the vault with `kith.core.loader` (from this checkout) and fails on
any problem it reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import name_key, slugify  # noqa: E402

LINK = re.compile(r"\[\[([^\[\]|#\n]+?)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
TASK = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*)$")
DUE = re.compile(r"(?:📅\s*|(?<!\S)due:)(\S+)")
KINDS = {"coffee", "call", "meeting", "email", "message", "event", "introduction"}
CIRCLES = {"close", "regular", "loose"}
Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split(path: Path) -> tuple[dict[str, Any], str, int]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 3)
    meta = yaml.load(text[4:end], Loader=Loader)
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    body = text[end + 5:]
    return meta, body, text[: end + 5].count("\n") + 1


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def strip_link(value: str) -> str:
    match = LINK.fullmatch(value.strip())
    return match.group(1).strip() if match else value.strip()


def real_date(value: Any) -> bool:
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def vault_base(root: Path) -> Path:
    """Where contacts/ and notes/ are: the vault itself, or site_src/ in the plain baseline."""
    return root if (root / "contacts").is_dir() else root / "site_src"


def check(root: Path) -> tuple[list[str], Counter[str]]:
    base = vault_base(root)
    problems: list[str] = []
    stats: Counter[str] = Counter()
    keys: dict[str, str] = {}
    contacts: dict[str, tuple[dict[str, Any], str, int]] = {}

    def claim(key: str, slug: str, where: str) -> None:
        normal = name_key(key)
        if keys.get(normal, slug) != slug:
            problems.append(f"{where}: '{key}' is already used by {keys[normal]}")
        keys[normal] = slug

    for path in sorted((base / "contacts").glob("*.md")):
        where = path.relative_to(root).as_posix()
        try:
            meta, body, line = split(path)
        except (ValueError, yaml.YAMLError) as error:
            problems.append(f"{where}: {error}")
            continue
        slug = path.stem
        if not isinstance(meta.get("name"), str) or not meta["name"].strip():
            problems.append(f"{where}: no name")
            continue
        if slugify(slug) != slug:
            problems.append(f"{where}: file name is not a slug")
        contacts[slug] = (meta, body, line)
        claim(slug, slug, where)
        claim(meta["name"], slug, where)
        for alias in as_list(meta.get("aliases")):
            claim(alias, slug, where)
            stats["aliases"] += 1
        stats["contacts"] += 1
        stats[f"circle {meta.get('circle', '-')}"] += 1
        stats["private contacts"] += bool(meta.get("private"))
        stats["contact words"] += len(body.split())
        if meta.get("circle") is not None and meta["circle"] not in CIRCLES:
            problems.append(f"{where}: circle {meta['circle']!r}")
        for key in ("met",):
            if key in meta and not real_date(meta[key]):
                problems.append(f"{where}: {key} {meta[key]!r} is not a date")
        if "birthday" in meta:
            text = str(meta["birthday"])
            if not (real_date(text) or real_date(f"2000-{text}")):
                problems.append(f"{where}: birthday {text!r}")
        for tag in as_list(meta.get("tags")):
            stats[f"tag {tag}"] += 1

    def resolve(reference: str) -> str | None:
        normal = name_key(strip_link(reference))
        return keys.get(normal) or keys.get(name_key(slugify(normal)))

    def check_links(where: str, body: str, first_line: int) -> int:
        found = 0
        for offset, text in enumerate(body.split("\n")):
            for match in LINK.finditer(text):
                found += 1
                if resolve(match.group(1)) is None:
                    problems.append(f"{where}:{first_line + offset}: [[{match.group(1)}]] resolves to nobody")
        return found

    for slug, (meta, body, line) in contacts.items():
        where = f"contacts/{slug}.md"
        for reference in as_list(meta.get("introduced_by")):
            stats["introduced_by"] += 1
            found = resolve(reference)
            if found is None or found == slug:
                problems.append(f"{where}: introduced_by {reference!r} does not resolve to someone else")
        stats["links in contacts"] += check_links(where, body, line)

    stems: set[str] = set()
    for path in sorted((base / "notes").glob("*.md")):
        where = path.relative_to(root).as_posix()
        try:
            meta, body, line = split(path)
        except (ValueError, yaml.YAMLError) as error:
            problems.append(f"{where}: {error}")
            continue
        stats["notes"] += 1
        stats["note words"] += len(body.split())
        if not real_date(meta.get("date")) or not path.stem.startswith(str(meta.get("date"))):
            problems.append(f"{where}: date {meta.get('date')!r} missing or not the file-name date")
        if slugify(path.stem) != path.stem or path.stem in stems:
            problems.append(f"{where}: file name is not a unique slug")
        stems.add(path.stem)
        if meta.get("kind") not in KINDS:
            problems.append(f"{where}: kind {meta.get('kind')!r}")
        stats[f"kind {meta.get('kind')}"] += 1
        stats["title in front matter"] += "title" in meta
        participants = as_list(meta.get("with"))
        if not participants:
            problems.append(f"{where}: no participants")
        for reference in participants:
            form = "link" if reference.startswith("[[") else "slug" if reference in contacts else "name"
            stats[f"with as {form}"] += 1
            if resolve(reference) is None:
                problems.append(f"{where}: with {reference!r} is not a known contact")
        if "follow_up" in meta and not real_date(meta["follow_up"]):
            problems.append(f"{where}: follow_up {meta['follow_up']!r}")
        for tag in as_list(meta.get("tags")):
            stats[f"tag {tag}"] += 1
        stats["links in notes"] += check_links(where, body, line)
        tasks = 0
        for offset, text in enumerate(body.split("\n")):
            task = TASK.match(text)
            if not task:
                continue
            tasks += 1
            stats["tasks done" if task.group(1) != " " else "tasks open"] += 1
            stats["tasks waiting"] += "#waiting" in text
            due = DUE.search(task.group(2))
            if due:
                stats["tasks with due date"] += 1
                if not real_date(due.group(1)):
                    problems.append(f"{where}:{line + offset}: due date {due.group(1)!r}")
        stats["notes with tasks"] += tasks > 0
    return problems, stats


def kith_loader_problems(root: Path) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
    from kith.core.loader import load_vault

    vault = load_vault(vault_base(root))
    return [f"{p.path}:{p.line}: {p.message}" for p in vault.problems]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--kith-loader", action="store_true",
                        help="also load the vault with kith.core.loader and fail on its problems")
    args = parser.parse_args()
    problems, stats = check(args.vault)
    tags = Counter({k[4:]: v for k, v in stats.items() if k.startswith("tag ")})
    for key in sorted(k for k in stats if not k.startswith("tag ")):
        print(f"{key:24} {stats[key]}")
    print(f"{'distinct tags':24} {len(tags)} ({sum(1 for t in tags if '/' in t)} nested)")
    print(f"{'top tags':24} {', '.join(f'{t} {n}' for t, n in tags.most_common(8))}")
    print(f"{'tags used once':24} {sum(1 for n in tags.values() if n == 1)}")
    if args.kith_loader:
        loader_problems = kith_loader_problems(args.vault)
        print(f"{'kith loader problems':24} {len(loader_problems)}")
        problems += [f"kith loader: {p}" for p in loader_problems]
    for problem in problems[:50]:
        print("PROBLEM", problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    print("OK: every file parses and every link resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
