"""`kith import --merge` into files as people really write them: every byte kept (no final newline,
CRLF or CR line ends, a byte-order mark, comments, indentation, odd spacing), the result read back
by the vault's own reader, and a file it cannot extend safely left exactly as it was, saying why.
YAML alias bombs are refused in moments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kith.core.loader import load_vault
from kith_cli import run_script

KIM_CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Osei\r\nORG:Acme\r\n"
            "NOTE:Ask about tea.\r\nEND:VCARD\r\n")

# Each file as the user wrote it, with `[+...]` around what the merge adds: the company after the
# last field, the note only into an empty body, in the file's own line ends and indentation.
SHAPES = {
    "no final newline, no body": b"---\nname: Kim Osei\n[+company: Acme\n]---[+\nAsk about tea.\n]",
    "no final newline after the body": b"---\nname: Kim Osei\n[+company: Acme\n]---\nMet at the fair.",
    "CRLF, empty body": b"---\r\nname: Kim Osei\r\n[+company: Acme\r\n]---\r\n[+Ask about tea.\r\n]",
    "CR line ends": b"---\rname: Kim Osei\r[+company: Acme\r]---\rMet at the fair.\r",
    "a byte-order mark": b"\xef\xbb\xbf---\nname: Kim Osei\n[+company: Acme\n]---\nBody\n",
    "comments": b"---\n# from the fair\nname: Kim Osei  # everyone says Kim\n# more later\n"
                b"[+company: Acme\n]---\nBody\n",
    "indented fields and odd spacing": b"---\n  name:    \"Kim Osei\"   \n  role:   Partner\n"
                                       b"[+  company: Acme\n]---\nBody\n",
    "a block of text last": b"---\nname: Kim Osei\nbio: |\n  Line one\n\n  Line two\n"
                            b"[+company: Acme\n]---\nBody\n",
    "blank lines for a body": b"---\nname: Kim Osei\n[+company: Acme\n]---\n\n\n[+Ask about tea.\n]",
    "long dashes, trailing spaces": b"-----\nname: Kim Osei\n[+company: Acme\n]----  \nBody\n",
    "a line separator inside a quoted value": "---\nname: Kim Osei\nrole: \"Zoë\u2028Partner\"\n".encode()
                                              + b"[+company: Acme\n]---\nBody\n",
}
_ADDED = re.compile(rb"\[\+(.*?)\]", re.DOTALL)


def before_and_after(shape: bytes) -> tuple[bytes, bytes]:
    return _ADDED.sub(b"", shape), _ADDED.sub(rb"\1", shape)


def merge(vault, tmp_path: Path, card: str = KIM_CARD, *extra: str):
    path = tmp_path / "kim.vcf"
    path.write_text(card, "utf-8")
    return run_script("import", "vcard", str(path), "--merge", *extra, cwd=vault.root, timeout=60)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_merge_keeps_every_byte_of_each_shape(vault, tmp_path: Path, shape: str) -> None:
    original, expected = before_and_after(SHAPES[shape])
    path = vault.write("contacts/kim-osei.md", original)
    dry = merge(vault, tmp_path, KIM_CARD, "--dry-run")
    assert dry.exit_code == 0 and path.read_bytes() == original, dry.stdout + dry.stderr
    result = merge(vault, tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 created, 0 skipped, 1 merged" in result.stdout, result.stdout
    assert path.read_bytes() == expected
    loaded = load_vault(vault.root)
    kim = loaded.contacts["kim-osei"]
    assert (kim.name, kim.company) == ("Kim Osei", "Acme")
    assert kim.body.strip() in ("Ask about tea.", "Met at the fair.", "Body")
    assert [p for p in loaded.problems if p.path == "contacts/kim-osei.md"] == []


# Files the new fields cannot be added to without changing what they say, or at all: each is
# left byte for byte as it was, and the command says why.
REFUSED = {
    "a YAML end-of-document line": (b"---\nname: Kim Osei\n...\n---\nBody\n", "would not read back"),
    "one flow mapping": (b"---\n{name: Kim Osei,\n role: Partner}\n---\nBody\n", "would not read back"),
    "not UTF-8": (b"---\nname: Kim Osei\nrole: Caf\xe9 owner\n---\nBody\n", "it is not UTF-8 text"),
}


@pytest.mark.parametrize("shape", list(REFUSED))
def test_a_file_that_cannot_be_extended_safely_is_left_alone(vault, tmp_path: Path, shape: str) -> None:
    original, reason = REFUSED[shape]
    path = vault.write("contacts/kim-osei.md", original)
    if "kim-osei" not in load_vault(vault.root).contacts:
        pytest.fail(f"the loader does not read {shape!r} as Kim Osei: the case tests nothing")
    result = merge(vault, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "0 created, 1 skipped, 0 merged" in result.stdout
    assert "skipped Kim Osei: cannot merge into contacts/kim-osei.md: " in result.stdout
    assert reason in result.stdout, result.stdout
    assert path.read_bytes() == original


def billion_laughs(levels: int = 9, width: int = 9) -> bytes:
    lines = ["---", "name: Kim Osei", 'lol0: &lol0 "lol"']
    for level in range(1, levels + 1):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * width) + "]")
    return ("\n".join(lines) + "\n---\nBody\n").encode()


@pytest.mark.parametrize("bomb", [billion_laughs(), b"---\nname: Kim Osei\nloop: &a [1, *a]\n---\nBody\n"],
                         ids=["billion laughs", "an alias inside its own value"])
def test_an_alias_bomb_is_refused_in_moments(vault, tmp_path: Path, bomb: bytes) -> None:
    # 9^9 = 387 million strings once expanded; the old merge took minutes. The loader refuses the
    # file (kith check says why), so the import leaves it alone.
    path = vault.write("contacts/kim-osei.md", bomb)
    [problem] = load_vault(vault.root).problems
    assert "YAML alias" in problem.message and "write the values out plainly" in problem.message
    result = merge(vault, tmp_path)  # a 60-second timeout: a generous bound, not a benchmark
    assert result.exit_code == 0, result.stderr
    assert "skipped Kim Osei: contacts/kim-osei.md exists but could not be read as a contact" in result.stdout
    assert path.read_bytes() == bomb
    for command in (["import", "vcard", str(tmp_path / "kim.vcf")], ["export", "vcard"],
                    ["add", "Kim Osei"], ["log", "--no-edit", "Kim Osei"]):
        finished = run_script(*command, cwd=vault.root, timeout=60)
        assert "Traceback" not in finished.stderr, (command, finished.stderr)
    assert path.read_bytes() == bomb


def test_a_few_aliases_are_fine(vault, tmp_path: Path) -> None:
    original = b"---\nname: Kim Osei\nhome: &city Accra\nborn_in: *city\n---\nBody\n"
    path = vault.write("contacts/kim-osei.md", original)
    result = merge(vault, tmp_path)
    assert "1 merged" in result.stdout, result.stdout
    assert path.read_bytes() == original.replace(b"*city\n", b"*city\ncompany: Acme\n")
