"""Every field kith reads, under every name it reads it by, with values of every shape people and
tools write: the build, `kith check`, `due`, `show` and `export` finish without a traceback, and
every value kith cannot use is reported, never a crash.

The fields come from the one table of fields (`kith.core.fields`), so a field added there is
swept here too.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kith.core.fields import CONTACT_FIELDS, LINK_FIELDS, NOTE_FIELDS

KITH = Path(sys.executable).parent / "kith"

ODD_VALUES: list[object] = [
    "x", "", [], {}, 123, 1.5, True, None, -1, 10**30,
    "[[nobody]]", "[[Ada Lovell]]", "[[Ada Lovell|A]]", "![[Ada Lovell]]",
    ["[[Ada Lovell]]", "[[Ada Lovell|A]]"],
    ["a", {"b": 1}], {"a": [1]}, [[1, 2]], "2026-13-45", "03-04", "6w", "close", ["close"],
    dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, 10, 0),
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "\x1b[2J", "y" * 3000, "🎉", "video call",
    "Index", "index", "..", "a/b", "#tag", "- [ ] task",
]
BODY = "Met [[Ada Lovell]].\n- [ ] send the deck 📅 2026-11-30\n- [/] half done #waiting\n"


def _document(meta: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + BODY


@pytest.fixture(scope="module")
def swept_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("every-field")
    for folder in ("contacts", "notes", "site_src"):
        (root / folder).mkdir()
    (root / "mkdocs.yml").write_text("site_name: sweep\ndocs_dir: site_src\n"
                                     "theme: {name: material, font: false}\nplugins: [search, kith]\n")
    (root / "contacts/ada.md").write_text(_document({"name": "Ada Lovell", "circle": "close"}))
    number = 0
    contact_keys = [key for field in CONTACT_FIELDS for key in field.keys] + list(LINK_FIELDS)
    for key in contact_keys:
        for value in ODD_VALUES:
            number += 1
            meta = {key: value} if key == "name" else {"name": f"Person {number}", key: value}
            (root / f"contacts/c{number}.md").write_text(_document(meta))
    for key in (key for field in NOTE_FIELDS for key in field.keys):
        for value in ODD_VALUES:
            number += 1
            meta = {"date": "2026-11-01", "with": ["Ada Lovell"], key: value}
            (root / f"notes/2026-11-01-n{number}.md").write_text(_document(meta))
    return root


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": "2026-11-22"}
    env.pop("KITH_VAULT", None)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600,
                          stdin=subprocess.DEVNULL)


def test_the_build_finishes_and_reports(swept_vault: Path) -> None:
    result = _run([sys.executable, "-m", "mkdocs", "build"], swept_vault)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "WARNING -  kith: contacts/" in result.stderr and "WARNING -  kith: notes/" in result.stderr
    assert (swept_vault / "site/contacts/ada/index.html").is_file()


@pytest.mark.parametrize("command", [["check"], ["due"], ["due", "--json"], ["show", "Ada Lovell"],
                                     ["export", "vcard", "--out", "network.vcf"]],
                         ids=lambda command: " ".join(command))
def test_every_command_finishes(swept_vault: Path, command: list[str]) -> None:
    result = _run([str(KITH), *command], swept_vault)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    # `check` exits 1 because the vault has errors; the others succeed.
    assert result.returncode == (1 if command == ["check"] else 0), result.stderr[-3000:]
