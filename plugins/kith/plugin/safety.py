"""What keeps a build from harming the user's files or telling other hosts what is read.

- The site folder must not be, contain or lie inside a folder of the user's files: MkDocs empties
  it before every build, so `mkdocs build -d notes` would delete every note.
- The theme's web fonts come from Google: every page would tell Google which profile is open.
  They are off unless the user names a font.
- Every page says `no-referrer`: no link followed and nothing loaded tells another host which page
  it came from.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.kith")

REFERRER_POLICY = '<meta name="referrer" content="no-referrer">'
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)  # `\b`: not `<header>`


def users_folders(config: MkDocsConfig, root: Path, contacts: Sequence[str],
                  notes: Sequence[str]) -> list[tuple[str, Path, bool]]:
    """The folders of the user's files: what each is, where, and whether a site folder may be
    inside it (only in the vault's own folder, where `site/` goes)."""
    folders = [("the vault's own folder (where mkdocs.yml is)", root, True)]
    for option, kind, names in (("contacts_dir", "contacts", contacts), ("notes_dir", "notes", notes)):
        folders += [(f"the {kind} folder ({option}: {folder})", root / folder, False) for folder in names]
    folders.append(("docs_dir", Path(config.docs_dir), False))
    if config.theme.custom_dir:
        folders.append(("the theme's custom_dir", Path(config.theme.custom_dir), False))
    return folders


def refuse_a_site_folder_over(site_dir: Path, folders: list[tuple[str, Path, bool]]) -> None:
    """Refuse a site folder that is, contains or is inside one of the user's folders. Real paths:
    a link is followed."""
    site = site_dir.resolve()
    for what, folder, may_hold_the_site in folders:
        real = folder.resolve()
        if site == real:
            relation = "is"
        elif site in real.parents:
            relation = "contains"
        elif real in site.parents and not may_hold_the_site:
            relation = "is inside"
        else:
            continue
        shown = f"'{site_dir}'" + (f" (really '{site}')" if site != site_dir else "")
        raise PluginError(
            f"kith: the site folder {shown} {relation} {what} '{real}': MkDocs empties the site "
            "folder before every build and would delete your files. Nothing was deleted. Build the "
            "site elsewhere: remove site_dir from mkdocs.yml (the site then goes to 'site/' beside it) "
            "or give another, e.g. mkdocs build --site-dir site")


def user_named_a_font(config: MkDocsConfig) -> bool:
    """Whether the user's own configuration (mkdocs.yml, what it INHERITs) sets theme.font: a font
    to use, or `false`. Read from what they wrote, not the merged theme, which always has the
    theme's default font."""
    with warnings.catch_warnings():
        # Private MkDocs API (DEVELOPERS.md): `Config.user_configs`, the configurations as loaded,
        # which MkDocs 1.6 marks deprecated; nothing public tells what the user wrote.
        # tests/test_mkdocs_private_api.py fails if it goes.
        warnings.simplefilter("ignore", DeprecationWarning)
        written = list(getattr(config, "user_configs", ()))
    for raw in reversed(written):
        theme = raw.get("theme")
        if isinstance(theme, dict) and "font" in theme:
            font = theme["font"]
            return font is False or (isinstance(font, dict) and any(font.get(k) for k in ("text", "code")))
    return False


def without_web_fonts(config: MkDocsConfig) -> bool:
    """Turns the theme's web fonts off unless the user named one; whether it did."""
    if "font" in config.theme and not user_named_a_font(config):
        config.theme["font"] = False
        return True
    return False


class ReferrerPolicy:
    """Puts `no-referrer` first in every page's head; a page without a head is reported once."""

    def __init__(self) -> None:
        self.headless: set[str] = set()

    def __call__(self, html: str, name: str) -> str:
        head = _HEAD.search(html)
        if head is None:
            if name not in self.headless:
                self.headless.add(name)
                log.warning(f"kith: '{name}' has no <head>, so it has no referrer policy; "
                            "check the theme's template")
            return html
        return html[:head.end()] + REFERRER_POLICY + html[head.end():]
