"""Nothing is lost: a build never touches the user's files, and nothing it writes lands outside `site/`."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from bad_vault_corpus import BASELINE, CASES
from html_sections import parse


def snapshot(root: Path, skip: str = "site") -> dict[str, tuple[bytes, int, int]]:
    """Every file and folder under root (but `skip`), with its bytes, mtime and mode.

    The folders that hold `skip` change their mtime when the build makes it: theirs is left out.
    """
    holders = {parent.as_posix() for parent in Path(skip).parents}
    found: dict[str, tuple[bytes, int, int]] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative == skip or relative.startswith(skip + "/"):
            continue
        stat = path.lstat()
        data = path.read_bytes() if path.is_file() else b""
        found[relative] = (data, 0 if relative in holders else stat.st_mtime_ns, stat.st_mode)
    return found


def test_builds_never_write_to_contacts_or_notes(vault) -> None:
    """Good and broken files alike are left byte for byte, mtime for mtime, as they were."""
    for path, text in BASELINE.items():
        vault.write(path, text)
    for case in CASES:
        for path, data in case.files.items():
            folder, _, name = path.partition("/")
            vault.write(f"{folder}/{case.name}/{name}", data)
    before = snapshot(vault.root)
    assert sum(name.startswith(("contacts/", "notes/")) for name in before) > len(CASES)
    assert vault.build().returncode == 0
    assert vault.build(strict=True).returncode != 0
    assert vault.build("--dirty").returncode == 0
    after = snapshot(vault.root)
    assert after.keys() == before.keys(), sorted(after.keys() ^ before.keys())
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []


HOSTILE_TAGS = ["../../etc", "/etc/passwd", "..", "../", "./.", "..\\..\\windows", "%2e%2e/%2e%2e/x",
                "#../../../tmp", "tag/../../../../escape", "C:/Windows/System32", "~/.ssh", " / / "]
HOSTILE_NAMES = ["../../../etc/passwd", "/root/.ssh/id_rsa", "a/b/c", "..", "Evil\\..\\Name", "CON",
                 "名前/../../x"]


def write_hostile_vault(vault) -> None:
    for path, text in BASELINE.items():
        vault.write(path, text)
    for number, name in enumerate(HOSTILE_NAMES):
        vault.contact(f"hostile-{number}", name=name, tags=HOSTILE_TAGS, met_at=name,
                      expertise=["../../x", "/abs"], company="../../../company")
    # Odd file names: dots, spaces, URL escapes, shell characters, non-Latin scripts.
    odd_files = ["...md", ".. ..md", "a b  c.md", "%2e%2e%2fescape.md", "semi;colon&amp.md", "quote'\"s.md",
                 "ünïcødé.md", "名前.md", "-rf.md", "x?y#z.md", "café\u0301.md", "tab\tname.md"]
    for number, filename in enumerate(odd_files):
        vault.write(f"contacts/{filename}", f"---\nname: Odd File {number}\ntags: ['../odd/{number}']\n---\n")
    vault.note("..%2f..%2fnote", "A note with [[../../etc/passwd]] and [[a/b/c]].\n", date="2026-11-01",
               title="../../../../tmp/evil", kind="event", tags=HOSTILE_TAGS,
               **{"with": ["[[../../../etc/passwd]]", "Aisha Rahman"]})


def test_no_slug_name_or_tag_writes_outside_the_site(vault, tmp_path) -> None:
    write_hostile_vault(vault)
    outside_before = snapshot(tmp_path, skip="vault/site")
    result = vault.build()
    assert result.returncode == 0, result.log
    assert snapshot(tmp_path, skip="vault/site") == outside_before  # nothing new anywhere else
    site = result.site.resolve()
    written = [path for path in result.site.rglob("*") if path.is_file()]
    assert len(written) > 50
    for path in written:
        assert path.resolve().is_relative_to(site), path
        assert ".." not in path.relative_to(result.site).parts, path
    # The hostile values became ordinary pages, under their own folders.
    assert result.exists("topics/untitled/untitled/etc/")  # `../../etc`
    for url in ("contacts/2e-2e-2fescape/", "contacts/a-b-c/", "contacts/x-y-z/", "contacts/rf/"):
        assert result.exists(url), url
    for number in range(len(HOSTILE_NAMES)):
        assert result.exists(f"contacts/hostile-{number}/")


def test_every_link_stays_inside_the_site(vault) -> None:
    """Each relative href and src on every page resolves to a place inside the site."""
    write_hostile_vault(vault)
    result = vault.build()
    assert result.returncode == 0, result.log
    checked = 0
    for page in result.site.rglob("*.html"):
        page_url = page.relative_to(result.site).as_posix()
        for element in parse(page.read_text("utf-8")).iter():
            for attribute in ("href", "src"):
                target = element.attrs.get(attribute)
                if not target or re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", target, re.IGNORECASE):
                    continue
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), target))
                assert not resolved.startswith("../") and resolved != "..", (page_url, target)
                checked += 1
    assert checked > 1000
