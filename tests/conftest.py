"""Shared fixtures; the helpers behind them live in kith_vault.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from kith_vault import REPO, TODAY, BuildResult, Vault

# Hypothesis draws new examples on every run: a developer's `make test` keeps looking for bugs.
# CI (`.ci/run`) sets HYPOTHESIS_PROFILE=ci: the same examples every time, so what landed keeps
# passing; a failure found locally becomes an `@example`. Loaded here, before any test module
# makes its settings from the default.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault(tmp_path / "vault")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example network shipped in the repository, built once with --strict."""
    site_dir = tmp_path_factory.mktemp("example") / "site"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO, capture_output=True, text=True, env=environment, timeout=900)
    return BuildResult(result.returncode, result.stdout + result.stderr, site_dir)
