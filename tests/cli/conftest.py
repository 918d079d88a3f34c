"""Fixtures for the command-line tests; the helpers themselves are in kith_cli.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import kith_disks
import pytest
from kith_cli import Run, invoke
from kith_vault import Vault


@pytest.fixture
def kith(vault) -> Callable[..., Run]:
    """`kith --vault <the test vault> ARGS`."""

    def run(*args: str, **kwargs) -> Run:
        return invoke("--vault", str(vault.root), *args, **kwargs)

    return run


@dataclass
class SmallDisk:
    """A vault alone on a small tmpfs: arrange its files, then fill the disk or make it read-only."""

    mount_point: Path
    vault: Vault

    def fill(self) -> None:
        kith_disks.fill(self.mount_point)

    def make_read_only(self) -> None:
        kith_disks.remount_read_only(self.mount_point)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with kith_disks.tmpfs(tmp_path / "disk", "size=2m,mode=0755") as mount_point:
        yield SmallDisk(mount_point, kith_disks.vault_in(mount_point))


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A root-owned folder user 65534 may read but not write (see kith_disks.run_unprivileged)."""
    with kith_disks.world_readable_folder() as folder:
        yield folder
