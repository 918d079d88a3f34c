"""Fixtures for the command-line tests; the helpers themselves are in kith_cli.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kith_cli import Run, invoke


@pytest.fixture
def kith(vault) -> Callable[..., Run]:
    """`kith --vault <the test vault> ARGS`."""

    def run(*args: str, **kwargs) -> Run:
        return invoke("--vault", str(vault.root), *args, **kwargs)

    return run
