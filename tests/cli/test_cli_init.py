"""`kith init DIR`: a vault that builds at once, and never a file written over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from kith.core.loader import load_vault
from kith_cli import TODAY, invoke, run_script, snapshot


def _mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                          capture_output=True, text=True, env=environment, timeout=600)


def test_init_creates_a_vault_that_builds_strictly(tmp_path: Path) -> None:
    root = tmp_path / "network"
    result = run_script("init", str(root), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr

    for relative in ("mkdocs.yml", "site_src/index.md", ".gitignore"):
        assert (root / relative).is_file(), relative
    assert (root / "contacts").is_dir() and (root / "notes").is_dir()
    ignored = (root / ".gitignore").read_text("utf-8").split()
    assert "site/" in ignored and ".venv/" in ignored

    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False
    plugin_names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugin_names[:2] == ["search", "kith"]
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert "pymdownx.tasklist" in extensions

    # One sample contact and note, dated from "today", loading without a single problem.
    vault = load_vault(root)
    assert vault.problems == []
    assert len(vault.contacts) == 1 and len(vault.notes) == 1
    note = next(iter(vault.notes.values()))
    assert note.date.isoformat() == TODAY
    assert note.participants == list(vault.contacts)

    build = _mkdocs_build(root)
    assert build.returncode == 0, build.stdout + build.stderr
    contact = next(iter(vault.contacts))
    assert (root / "site" / "contacts" / contact / "index.html").is_file()
    assert (root / "site" / "follow-ups" / "index.html").is_file()


def test_the_new_vault_works_with_the_other_commands(tmp_path: Path) -> None:
    root = tmp_path / "network"
    assert invoke("init", str(root)).exit_code == 0
    # From a folder inside the vault, kith finds it by walking up to mkdocs.yml.
    inside = root / "notes"
    assert run_script("check", cwd=inside).exit_code == 0
    due = run_script("due", "--json", cwd=inside)
    assert due.exit_code == 0, due.stderr
    assert '"due_soon"' in due.stdout and "programme outline" in due.stdout


def test_init_refuses_to_write_over_anything_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "existing"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: Mine\n", "utf-8")
    (root / "README.md").write_text("my notes\n", "utf-8")
    before = snapshot(root)

    result = invoke("init", str(root))
    assert result.exit_code == 1
    assert "mkdocs.yml" in result.stderr
    assert snapshot(root) == before  # not even the files that were free were written


def test_init_into_an_existing_folder_without_clashes_keeps_what_is_there(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("my repository\n", "utf-8")
    assert invoke("init", str(root)).exit_code == 0
    assert (root / "README.md").read_text("utf-8") == "my repository\n"
    assert (root / "mkdocs.yml").is_file()
    # A second init finds its own files and refuses.
    again = invoke("init", str(root))
    assert again.exit_code == 1 and "already has" in again.stderr


def test_init_help_has_an_example() -> None:
    result = invoke("init", "--help")
    assert result.exit_code == 0
    assert "kith init ~/network" in result.stdout


def test_init_refuses_a_dangling_link_named_mkdocs_yml_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "network"
    root.mkdir()
    (root / "mkdocs.yml").symlink_to("elsewhere/mkdocs.yml")  # points nowhere: exists() is False
    result = run_script("init", str(root), cwd=tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"kith: cannot create a vault in {root}: mkdocs.yml is a link to "
                             "elsewhere/mkdocs.yml, which does not exist. kith init writes new files only, "
                             "and wrote nothing: choose another folder, or move those away\n")
    assert sorted(p.name for p in root.iterdir()) == ["mkdocs.yml"]
    assert not (root / "elsewhere").exists()  # the link was not followed to create its target


def test_init_names_everything_in_the_way_at_once(tmp_path: Path) -> None:
    root = tmp_path / "network"
    root.mkdir()
    (root / "contacts").write_text("my list of people\n", "utf-8")  # a file where a folder goes
    (root / "notes").symlink_to("/nonexistent/notes")  # a link to a folder that is not there
    (root / ".gitignore").write_text("*.pdf\n", "utf-8")
    before = snapshot(root)
    result = run_script("init", str(root), cwd=tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    (said,) = result.stderr.splitlines()
    for part in ("it already has .gitignore", "contacts is a file, not a folder",
                 "notes is a link to /nonexistent/notes, which does not exist", "wrote nothing"):
        assert part in said, said
    assert snapshot(root) == before
    assert sorted(p.name for p in root.iterdir()) == [".gitignore", "contacts", "notes"]


def test_init_refuses_when_the_vault_folder_is_a_link_to_nowhere(tmp_path: Path) -> None:
    root = tmp_path / "network"
    root.symlink_to(tmp_path / "gone")
    result = invoke("init", str(root))
    assert result.exit_code == 1
    assert f"{root} is a link to {tmp_path / 'gone'}, which does not exist" in result.stderr
    assert root.is_symlink() and not (tmp_path / "gone").exists()


def test_init_into_a_linked_folder_writes_through_the_link(tmp_path: Path) -> None:
    (tmp_path / "real-contacts").mkdir()
    root = tmp_path / "network"
    root.mkdir()
    (root / "contacts").symlink_to(tmp_path / "real-contacts")  # a folder kept elsewhere: allowed
    result = invoke("init", str(root))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (tmp_path / "real-contacts").iterdir()] == ["sam-rivera.md"]
