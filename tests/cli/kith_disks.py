"""Real write failures for the command-line tests: a full disk, a read-only one, a folder kith may
not write in. Each is the real condition, made on this machine, never a mock:

- a full disk: a small tmpfs filled to its last byte (ENOSPC);
- a read-only disk: a tmpfs remounted read-only (EROFS);
- no permission: the installed `kith` run as the unprivileged user 65534 (`setpriv`) against a
  folder owned by root (EACCES): root itself may write anywhere.

Mounting needs root (CI runs as root); without it the tests skip, saying why.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from kith_cli import KITH_SCRIPT, TODAY, Run
from kith_vault import Vault

NOBODY = 65534


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@contextmanager
def tmpfs(mount_point: Path, options: str) -> Iterator[Path]:
    """A fresh tmpfs at `mount_point` for the test, unmounted whatever happens."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", options, "kith-test", str(mount_point))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield mount_point
    finally:
        if _run("umount", str(mount_point)).returncode != 0:
            _run("umount", "-l", str(mount_point))  # still busy: detach it now, freed when unused


def fill(folder: Path) -> None:
    """Fill the file system `folder` is on until not one more byte fits."""
    with open(folder / "filler", "wb", buffering=0) as stream:
        for chunk in (b"\0" * 65536, b"\0" * 4096, b"\0"):
            try:
                while True:
                    stream.write(chunk)
            except OSError as error:
                assert error.errno == 28, error  # ENOSPC: full, as intended


def remount_read_only(mount_point: Path) -> None:
    result = _run("mount", "-o", "remount,ro", str(mount_point))
    if result.returncode != 0:
        pytest.skip(f"cannot remount a tmpfs read-only here: {result.stderr.strip()}")


@contextmanager
def world_readable_folder() -> Iterator[Path]:
    """A folder any user may read (pytest's own are 0700, closed to the unprivileged user)."""
    folder = Path(tempfile.mkdtemp(prefix="kith-test-"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_unprivileged(*args: str, cwd: Path) -> Run:
    """The installed `kith` as user 65534, who may read the test's files but write none of them."""
    command = [*_as_nobody(), str(KITH_SCRIPT)]
    environment = {**os.environ, "KITH_TODAY": TODAY, "HOME": str(cwd), "PYTHONDONTWRITEBYTECODE": "1"}
    environment.pop("KITH_VAULT", None)
    result = subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, env=environment,
                            timeout=120, stdin=subprocess.DEVNULL)
    return Run(result.returncode, result.stdout, result.stderr)


@functools.cache
def _as_nobody() -> tuple[str, ...]:
    """The command prefix that runs a program as user 65534; skips when that cannot work here."""
    if os.geteuid() != 0:
        pytest.skip("running kith as another user needs root (CI runs as root)")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    prefix = (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    probe = _run(*prefix, str(KITH_SCRIPT), "--version")
    if probe.returncode != 0:
        pytest.skip(f"user {NOBODY} cannot run the installed kith here: {probe.stderr.strip()}")
    return prefix


def stray_files(folder: Path) -> list[str]:
    """Temporary files a write left behind (`.kith-*.tmp`) anywhere under `folder`."""
    return sorted(path.name for path in folder.rglob(".kith-*"))


def vault_in(folder: Path) -> Vault:
    return Vault(folder / "vault")
