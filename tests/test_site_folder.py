"""The site folder never eats the vault. MkDocs empties the site folder before it builds, so a site
folder that is, contains or is inside a contacts or notes folder, docs_dir, the theme's custom_dir
or the vault's own folder is refused before anything is deleted, with both paths and what to do.
The usual `site/` inside the vault's folder builds; `mkdocs serve` and `kith serve` build into a
folder of their own, whatever `site_dir` says.

Real builds of a real vault; after each refusal every file of the vault is there byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from kith_vault import MKDOCS_YML, Vault
from test_site_build import free_port, stop_server, wait_for

MKDOCS_REFUSES = "should not be within the 'site_dir'"  # MkDocs' own check, of the paths as written


def write_vault(vault: Vault) -> None:
    vault.contact("aisha-rahman", "Met at the launch.\n", name="Aisha Rahman", circle="close")
    vault.contact("mark-ellison", "Private.\n", name="Mark Ellison", private=True)
    vault.note("2026-11-01-coffee", "We talked about [[Aisha Rahman]].\n", date="2026-11-01",
               title="Coffee", kind="coffee", **{"with": ["Aisha Rahman"]})
    vault.write("notes/attachments/slides.pdf", b"%PDF-1.4 slides")
    vault.write("site_src/about.md", "# About\n")


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under the vault's folder but the usual site folder, with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and path.relative_to(root).parts[0] != "site"}


def add_setting(vault: Vault, text: str) -> None:
    vault.write("mkdocs.yml", (vault.root / "mkdocs.yml").read_text("utf-8") + text)


def link(vault: Vault, name: str, target: str) -> None:
    (vault.root / name).symlink_to(vault.root / target, target_is_directory=True)


def docs_elsewhere(vault: Vault) -> None:
    # Beside the test's own temporary folder, so that not even `..` of the vault holds it.
    pages = vault.root.parent.parent / f"{vault.root.parent.name}-pages"
    pages.mkdir()
    (pages / "index.md").write_text("# Pages\n", "utf-8")
    vault.write("mkdocs.yml", (vault.root / "mkdocs.yml").read_text("utf-8")
                .replace("docs_dir: site_src", f"docs_dir: {pages}"))


def custom_dir_outside_docs(vault: Vault) -> None:
    vault.write("overrides/main.html", '{% extends "base.html" %}\n')
    vault.write("mkdocs.yml", (vault.root / "mkdocs.yml").read_text("utf-8")
                .replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))


# (build arguments, how the vault is set up, what the refusal says: `{root}` is the vault's folder).
Setup = Callable[[Vault], None]
NOTES = "the notes folder (notes_dir: notes)"
VAULT = "the vault's own folder (where mkdocs.yml is)"
CASES: dict[str, tuple[list[str], Setup | None, list[str]]] = {
    "-d notes": (["-d", "notes"], None,
                 [f"kith: the site folder '{{root}}/notes' is {NOTES} '{{root}}/notes'"]),
    "-d contacts": (["-d", "contacts"], None,
                    ["is the contacts folder (contacts_dir: contacts) '{root}/contacts'"]),
    "site_dir: contacts/sub": ([], lambda vault: add_setting(vault, "site_dir: contacts/sub\n"),
                               ["'{root}/contacts/sub' is inside the contacts folder", "'{root}/contacts'"]),
    "-d .": (["-d", "."], None, [MKDOCS_REFUSES, "site_dir: '{root}'"]),
    "-d ..": (["-d", ".."], None, [MKDOCS_REFUSES]),
    "-d site_src": (["-d", "site_src"], None, [MKDOCS_REFUSES, "site_dir: '{root}/site_src'"]),
    "a link to notes": (["-d", "notes-link"], lambda vault: link(vault, "notes-link", "notes"),
                        [f"'{{root}}/notes-link' (really '{{root}}/notes') is {NOTES}"]),
    # MkDocs compares the paths as written, so a link to docs_dir passes its own check.
    "a link to docs_dir": (["-d", "pages-link"], lambda vault: link(vault, "pages-link", "site_src"),
                           ["'{root}/pages-link' (really '{root}/site_src') is docs_dir '{root}/site_src'"]),
    "-d . with docs_dir elsewhere": (["-d", "."], docs_elsewhere, [f"the site folder '{{root}}' is {VAULT}"]),
    "-d .. with docs_dir elsewhere": (["-d", ".."], docs_elsewhere, [f"contains {VAULT} '{{root}}'"]),
    "--dirty -d notes": (["--dirty", "-d", "notes"], None, [f"is {NOTES}"]),
    "-d the theme's custom_dir": (["-d", "overrides"], custom_dir_outside_docs,
                                  ["is the theme's custom_dir '{root}/overrides'"]),
    "kith turned off": (["-d", "notes"], lambda vault: vault.write(
        "mkdocs.yml", MKDOCS_YML.replace("  - kith\n", "  - kith:\n      enabled: false\n")),
        [f"is {NOTES}"]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_site_folder_over_the_users_files_is_refused_and_nothing_is_lost(vault: Vault, case: str) -> None:
    args, setup, messages = CASES[case]
    write_vault(vault)
    if setup is not None:
        setup(vault)
    root = vault.root.resolve()
    before = files_of(vault.root)
    assert len([name for name in before if name.startswith(("contacts/", "notes/"))]) == 4
    result = vault.build(*args)
    assert result.returncode != 0, result.log
    for message in messages:
        assert message.format(root=root) in result.log, result.log
    if messages[0].startswith("kith"):
        assert "Nothing was deleted" in result.log and "mkdocs build --site-dir site" in result.log
    assert files_of(vault.root) == before
    assert "Cleaning site directory" not in result.log


@pytest.mark.parametrize("site_dir", ["site", "built/site", "../elsewhere"])
def test_a_site_folder_of_its_own_builds(vault: Vault, site_dir: str) -> None:
    write_vault(vault)
    before = files_of(vault.root)
    result = vault.build("-d", site_dir, strict=True)
    assert result.returncode == 0, result.log
    assert (vault.root / site_dir / "contacts" / "aisha-rahman" / "index.html").is_file()
    after = files_of(vault.root)
    assert {name: data for name, data in after.items() if not name.startswith("built/")} == before


@pytest.mark.parametrize("command", ["mkdocs", "kith"])
def test_serve_builds_into_a_folder_of_its_own_whatever_site_dir_says(vault: Vault, command: str) -> None:
    write_vault(vault)
    add_setting(vault, "site_dir: contacts\n")
    before = files_of(vault.root)
    port = free_port()
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": "2026-11-22"}
    log_path = vault.root.parent / "serve.log"
    executable = Path(sys.executable).with_name(command)
    with log_path.open("wb") as log:
        server = subprocess.Popen([str(executable), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=vault.root, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        profile = wait_for(f"http://127.0.0.1:{port}/contacts/aisha-rahman/", lambda html: "Aisha" in html,
                           90)
        assert profile is not None, log_path.read_text("utf-8")
    finally:
        stop_server(server)
    assert files_of(vault.root) == before
