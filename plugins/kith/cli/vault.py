"""Finding the vault a command works on and the kith options its mkdocs.yml sets.

The CLI never imports MkDocs (it is slow to import and not needed): mkdocs.yml is read with a
YAML loader that accepts MkDocs' tags (`!ENV`, `!relative`, `!!python/name:...`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml

from ..core.loader import KeptFromCollector, Vault, VaultLoader
from ..core.model import Contact
from ..core.settings import Settings, SettingsError
from ..core.writer import UnsafeTarget, ensure_within

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN_NAME = "kith"


class VaultError(Exception):
    """No vault, or a vault whose configuration cannot be used; the message says what to do."""


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading that tolerates MkDocs' tags instead of failing on them."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # MkDocs' `!ENV VAR` or `!ENV [VAR1, VAR2, default]`: the first variable set, else the default.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return value
    return default


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    # `!!python/name:material.extensions.emoji.twemoji` and the like: kith only needs its own
    # options, so the value is kept as plain data and never imported.
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


@dataclass
class VaultContext:
    """A vault on disk: its root, its folders and the plugin options that matter to commands."""

    root: Path
    config_file: Path | None
    options: Settings
    site_dir: str = "site"  # MkDocs' site folder: not part of the vault

    @property
    def contacts(self) -> Path:
        """Where new contacts go: the first contacts folder."""
        return self.root / self.options.contacts_dir[0]

    @property
    def notes(self) -> Path:
        """Where new notes go: the first notes folder."""
        return self.root / self.options.notes_dir[0]

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def load(self, *, notes: bool = True, publishing_checks: bool = True,
             with_contacts: Callable[[Mapping[str, Contact]], object] | None = None) -> Vault:
        """The vault, read once for this command (`notes=False`: its contacts alone;
        `publishing_checks=False`: without the warnings only a published site needs;
        `with_contacts`: work on the contacts alone, done while the notes are read; see
        `VaultLoader.load`).

        Everything read stays alive until the command ends, so until then it is kept out of the
        cycle collector's sight (`KeptFromCollector`), which would otherwise walk those few hundred
        thousand objects again after loading, freeing nothing. When the command ends (click
        closes its context) they are handed back: a command run inside a longer process (a test,
        a script calling kith) leaves its collector as it found it."""
        kept = KeptFromCollector()
        with kept.loading():
            loader = VaultLoader(self.root, self.options.contacts_dir, self.options.notes_dir,
                                 exclude=(self.site_dir,))
            vault = loader.load(notes=notes, publishing_checks=publishing_checks, with_contacts=with_contacts)
        if _KEPT_UNTIL_EXIT is not None:
            _KEPT_UNTIL_EXIT.append((loader, vault))  # the loader holds every file it read
        command = click.get_current_context(silent=True)
        if command is not None:
            command.call_on_close(kept.release)
        else:  # nothing would say when the vault is done with
            kept.release()
        return vault


# The vaults loaded in a `kith` process that ends without freeing them (`main.main`), each with
# its loader.
_KEPT_UNTIL_EXIT: list[tuple[VaultLoader, Vault]] | None = None


def keep_loaded_until_exit() -> None:
    """Each vault loaded from now on, and the files its loader read, live until the process ends,
    and are not freed before: freeing them is a few hundred thousand objects, one by one, which
    the system takes back at once when the process ends."""
    global _KEPT_UNTIL_EXIT
    if _KEPT_UNTIL_EXIT is None:
        _KEPT_UNTIL_EXIT = []


def find_root(start: Path) -> Path | None:
    """The nearest folder from `start` upwards that has a mkdocs.yml."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if any((folder / name).is_file() for name in CONFIG_NAMES):
            return folder
    return None


def open_vault(vault_dir: str | None, cwd: Path | None = None) -> VaultContext:
    if vault_dir:
        root = Path(vault_dir).expanduser().absolute()
        if not root.is_dir():
            raise VaultError(f"--vault {vault_dir}: no such folder")
        config = _config_file(root)
        if config is None and not (root / "contacts").is_dir():
            raise VaultError(f"{root} is not a kith vault: it has no mkdocs.yml and no contacts/ "
                             "folder. Create one with: kith init DIR")
    else:
        here = cwd or Path.cwd()
        found = find_root(here)
        if found is None:
            raise VaultError(f"no mkdocs.yml in {here.absolute()} or any folder above it; run kith inside "
                             "a vault, pass --vault DIR, or create a vault with: kith init DIR")
        root = found
        config = _config_file(root)
    options, site_dir = read_config(config) if config is not None else (Settings(), "site")
    for key in ("contacts_dir", "notes_dir"):
        for folder in getattr(options, key):
            try:
                ensure_within(root, Path(folder))
            except UnsafeTarget as error:
                raise VaultError(f"{config}: {key}: {error}") from None
    return VaultContext(root, config, options, site_dir)


def _config_file(root: Path) -> Path | None:
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)


def uses_kith(config_file: Path) -> bool:
    """Whether a mkdocs.yml has the kith plugin."""
    data = _config_data(config_file)
    return _plugin_settings(data.get("plugins"), PLUGIN_NAME) is not None


def read_config(config_file: Path) -> tuple[Settings, str]:
    """The kith plugin's options from a mkdocs.yml, read as the plugin reads them
    (core/settings.py), defaults for anything not set; and the site folder."""
    data = _config_data(config_file)
    site_dir = data.get("site_dir")
    try:
        settings = Settings.read(_plugin_settings(data.get("plugins"), PLUGIN_NAME) or {})
    except SettingsError as error:
        raise VaultError(f"{config_file}: {error}") from None
    return settings, site_dir if isinstance(site_dir, str) and site_dir.strip() else "site"


def _config_data(config_file: Path) -> Mapping[str, Any]:
    """A mkdocs.yml's settings (an empty mapping for a file that holds no mapping)."""
    try:
        data = yaml.load(config_file.read_text("utf-8-sig"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError) as error:
        raise VaultError(f"{config_file}: cannot be read ({error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error)
        raise VaultError(f"{config_file}{where}: is not valid YAML ({reason})") from None
    return data if isinstance(data, Mapping) else {}


def _plugin_settings(plugins: Any, name: str) -> Mapping[str, Any] | None:
    """The options under `plugins: - <name>:` (a list) or `plugins: {<name>: ...}` (a map); None
    when the plugin is not there."""
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, Mapping):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, Mapping):
                entries.extend(item.items())
            else:
                entries.append((item, None))
    for plugin, settings in entries:
        if plugin == name:
            return settings if isinstance(settings, Mapping) else {}
    return None
