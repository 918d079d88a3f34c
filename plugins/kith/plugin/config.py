"""The `kith` plugin's options, as written under `plugins: - kith:` in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

REDACTABLE = ("email", "phone", "birthday", "location", "links")


class KithConfig(Config):
    enabled = opt.Type(bool, default=True)
    # Folders of the vault, relative to mkdocs.yml.
    contacts_dir = opt.Type(str, default="contacts")
    notes_dir = opt.Type(str, default="notes")
    # "Today" for the build (YYYY-MM-DD); the KITH_TODAY environment variable wins.
    today = opt.Optional(opt.Type((str, dt.date)))
    # Days between contacts per circle; defaults close 30, regular 90, loose 180.
    cadences = opt.Type(dict, default={})
    due_soon_days = opt.Type(int, default=14)
    birthday_days = opt.Type(int, default=30)
    # Fields kept out of the published site, e.g. [email, phone, birthday].
    redact = opt.ListOfItems(opt.Choice(REDACTABLE), default=[])
    # The network graph shows at most this many of the most connected people.
    graph_limit = opt.Type(int, default=150)
    # Add kith's index pages (Follow-ups, Contacts, ...) to an automatic navigation.
    navigation = opt.Type(bool, default=True)
    # Render kith's pages, and the Markdown of most bodies, in a second process while MkDocs works
    # (where the machine has more than one core and can fork); the pages are the same either way,
    # but other plugins' Markdown hooks then see those bodies empty: false gives them every body.
    parallel = opt.Type(bool, default=True)
