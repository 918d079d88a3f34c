"""Running the real `kith` command: in-process with click's runner, or as the installed script.

A helper module rather than conftest.py, so test files import it by a name no other folder uses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from kith.cli.main import cli

TODAY = "2026-11-22"
KITH_SCRIPT = Path(sys.executable).parent / "kith"  # the console script pip installed beside python
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def invoke(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
           input: str | None = None) -> Run:
    """`kith ARGS` in this process (click's runner: stdin is not a terminal)."""
    environment = {"KITH_TODAY": TODAY, "KITH_VAULT": None, **(env or {})}
    runner = CliRunner()
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(cli, list(args), prog_name="kith", env=environment, input=input,
                               catch_exceptions=False)
    finally:
        os.chdir(previous)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_script(*args: str, cwd: Path, env: dict[str, str] | None = None,
               timeout: float = 120) -> Run:
    """The installed `kith` script in a new process, as a user runs it."""
    assert KITH_SCRIPT.is_file(), f"the kith console script is not installed at {KITH_SCRIPT}"
    environment = {**os.environ, "KITH_TODAY": TODAY, **(env or {})}
    environment.pop("KITH_VAULT", None)
    result = subprocess.run([str(KITH_SCRIPT), *args], cwd=cwd, capture_output=True, text=True,
                            env=environment, timeout=timeout, stdin=subprocess.DEVNULL)
    return Run(result.returncode, result.stdout, result.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes: to prove a command changed nothing."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}
