"""Bad input: every case of the corpus gets a clear message, and the rest of the site still builds.

For each case: the loader's problems are exactly the expected ones (file, line, what is wrong, what
to write instead); a plain `mkdocs build` succeeds, logs each problem and publishes the good part;
`mkdocs build --strict` fails. All cases together in one vault: the same, and `kith check` fails.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_vault_corpus import BASELINE, CASES, Case, check_rest_is_right, page_text
from html_sections import content
from kith.core.loader import load_vault
from kith.core.model import Severity

KITH = Path(sys.executable).parent / "kith"


def write_case(vault, case: Case | None) -> None:
    for path, text in BASELINE.items():
        vault.write(path, text)
    if case is not None:
        for path, data in case.files.items():
            vault.write(path, data)


def assert_problems(problems, case: Case) -> None:
    """The loader reports exactly the expected problems, and each says what to write instead."""
    shown = [str(p) for p in problems]
    assert sorted((p.path, p.line or 0) for p in problems) == sorted(
        (e.path, e.line or 0) for e in case.problems), shown
    unmatched = list(problems)
    for expect in case.problems:
        matching = [p for p in unmatched if (p.path, p.line) == (expect.path, expect.line)
                    and all(words.lower() in p.message.lower() for words in expect.words)]
        assert matching, f"no problem at {expect.path}:{expect.line} says {expect.words}: {shown}"
        assert (matching[0].severity == Severity.ERROR) == expect.error, str(matching[0])
        unmatched.remove(matching[0])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_loader_reports_the_problem(vault, case: Case) -> None:
    write_case(vault, case)
    assert_problems(load_vault(vault.root).problems, case)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_build_shows_the_rest_and_strict_fails(vault, case: Case) -> None:
    write_case(vault, case)
    plain = vault.build()
    assert plain.returncode == 0, plain.log
    for expect in case.problems:
        where = f"{expect.path}:{expect.line}" if expect.line else expect.path
        assert any(f"kith: {where}: " in line for line in plain.warnings()), (where, plain.log)
    check_rest_is_right(plain)
    for url, text in case.published.items():
        assert text in page_text(plain, url), url
    for url in case.unpublished:
        assert not plain.exists(url), url
    strict = vault.build(strict=True)
    if case.problems:
        assert strict.returncode != 0, strict.log
        assert "Aborted with" in strict.log and "warnings in strict mode" in strict.log
    else:
        assert strict.returncode == 0, strict.log


def test_baseline_alone_is_clean(vault) -> None:
    """The good part has no problem of its own, so every problem above comes from its case."""
    write_case(vault, None)
    assert load_vault(vault.root).problems == []
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    check_rest_is_right(result)


def test_unreadable_file_is_reported(vault) -> None:
    """A link to a file that is gone (a synced folder, a moved vault): reported, the rest builds."""
    write_case(vault, None)
    (vault.root / "contacts/ghost.md").symlink_to(vault.root / "elsewhere/ghost.md")
    problems = load_vault(vault.root).problems
    assert [(p.path, p.line, p.severity) for p in problems] == [("contacts/ghost.md", None, Severity.ERROR)]
    assert "cannot be read" in problems[0].message and "exists" in problems[0].message
    plain = vault.build()
    assert plain.returncode == 0, plain.log
    assert any("kith: contacts/ghost.md: cannot be read" in line for line in plain.warnings())
    check_rest_is_right(plain)
    assert vault.build(strict=True).returncode != 0


def combined_vault(vault) -> list[tuple[str, int | None]]:
    """Every case at once (cases that reuse a file name are given their own folder)."""
    write_case(vault, None)
    where: list[tuple[str, int | None]] = []
    for case in CASES:
        for path, data in case.files.items():
            folder, _, name = path.partition("/")
            vault.write(f"{folder}/{case.name}/{name}", data)
        where.extend((e.path.replace("/", f"/{case.name}/", 1), e.line) for e in case.problems
                     if not e.path.startswith(tuple(BASELINE)))
    return where


def test_all_bad_input_at_once(vault) -> None:
    expected = combined_vault(vault)
    problems = load_vault(vault.root).problems
    found = {(p.path, p.line) for p in problems}
    assert set(expected) <= found, sorted(set(expected) - found)
    plain = vault.build()
    assert plain.returncode == 0, plain.log
    check_rest_is_right(plain)
    logged = "\n".join(plain.warnings())
    for path, line in expected:
        assert f"kith: {path}:{line}: " in logged, (path, line)
    assert vault.build(strict=True).returncode != 0


needs_cli = pytest.mark.skipif(not KITH.exists() or importlib.util.find_spec("kith.cli") is None,
                               reason="the kith command is not installed")


def kith_check(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KITH_TODAY": "2026-11-22", "NO_COLOR": "1"}
    return subprocess.run([str(KITH), "--vault", str(root), "check", *options], capture_output=True,
                          text=True, env=env, timeout=120)


@needs_cli
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_kith_check_reports_the_problem(vault, case: Case) -> None:
    """`kith check --strict` fails on every problem, `kith check` on every error, and both list them."""
    write_case(vault, case)
    strict = kith_check(vault.root, "--strict")
    assert (strict.returncode != 0) == bool(case.problems), strict.stdout + strict.stderr
    plain = kith_check(vault.root)
    assert (plain.returncode != 0) == any(e.error for e in case.problems), plain.stdout + plain.stderr
    for result in (strict, plain):
        for expect in case.problems:
            assert f"{expect.path}:{expect.line}:" in result.stdout + result.stderr, expect


@needs_cli
def test_kith_check_fails_on_all_bad_input_and_passes_on_good(vault) -> None:
    expected = combined_vault(vault)
    bad = kith_check(vault.root)
    assert bad.returncode != 0, bad.stdout + bad.stderr
    for path, line in expected:
        assert f"{path}:{line}:" in bad.stdout + bad.stderr, (path, line)
    for case in CASES:  # remove every bad file: the good vault checks clean
        for folder in ("contacts", "notes"):
            shutil.rmtree(vault.root / folder / case.name, ignore_errors=True)
    good = kith_check(vault.root, "--strict")
    assert good.returncode == 0, good.stdout + good.stderr


def test_five_megabyte_transcript_builds(vault) -> None:
    """A pasted meeting transcript of 5 MB: the build succeeds, the note is whole and searchable."""
    line = "Speaker 2 (00:14:07): we should [[Aisha Rahman|Aisha]] follow up on the <budget> review.\n"
    body = "# Transcript of the all-hands\n\n" + line * (5_000_000 // len(line))
    body += "Last line: zebra-quokka.\n"
    write_case(vault, None)
    vault.note("2026-11-21-all-hands", body, date="2026-11-21", title="All-hands transcript",
               **{"with": ["Aisha Rahman", "Kim Osei"]})
    assert (vault.root / "notes/2026-11-21-all-hands.md").stat().st_size > 5_000_000
    start = time.perf_counter()
    result = vault.build(strict=True)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.log
    print(f"\n5 MB transcript: strict build in {seconds:.1f} s")  # reported with `pytest -s`
    assert seconds < 60
    page = content(result.page("notes/2026-11-21-all-hands/"))
    assert "Last line: zebra-quokka." in page.text()
    assert "<budget>" in page.text()  # raw HTML shown as text, all the way down
    check_rest_is_right(result)
    aisha = page_text(result, "contacts/aisha-rahman/")
    assert "All-hands transcript" in aisha
