"""Rendering kith's pages from Jinja templates (autoescaped); no MkDocs in here.

The plugin asks for a page by kind and key and gets HTML (or, for a body, Markdown to render).
Templates live in `kith/templates/kith/`; a file of the same name under the theme's
`custom_dir` in `kith/` overrides one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import weakref
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from ..core.companies import Directory, by_circle_then_name, company_key
from ..core.followups import FollowUps, TaskItem, item_order, relative_label, task_item
from ..core.graph import Connections
from ..core.links import WIKILINK
from ..core.model import Contact, Note, Task
from ..core.network import Network
from ..core.paths import Relation, Tie, WarmPaths, relation_words, tie_words
from ..core.slugs import name_key, slugify
from ..core.topics import TopicTitles
from ..core.url_safety import external_link
from .markdown import PlainText, Snippets, excerpt, link_html, prepare_body
from .urls import SiteUrls, relative

# Any word is a kind; these get an icon (the rest are shown as words).
KIND_ICONS = {
    "coffee": "☕", "call": "📞", "meeting": "🤝", "email": "✉️", "message": "💬",
    "event": "🎪", "introduction": "🔗", "lunch": "🍽️", "dinner": "🍽️", "breakfast": "🥐",
    "drinks": "🍷", "conference": "🎤", "webinar": "💻", "video": "📹", "video call": "📹",
    "workshop": "🛠️", "visit": "🚪",
}
CIRCLE_LABELS = {"close": "Close", "regular": "Regular", "loose": "Loose"}


class _Templates(Environment):
    """Jinja's environment with each template's globals one dict, made when it is loaded (kith
    sets every global first). Jinja's own is a `ChainMap` over the environment's, which every
    render copies key by key into the page's context: thousands of renders a build."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


@dataclass(frozen=True)
class Heading:
    """One entry of a page's table of contents."""

    level: int
    anchor: str
    title: str


def format_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def wrappable(text: str) -> Markup:
    """An address that may wrap after its `@` and before each `.`, not inside a word (on a phone
    `aisha.rahman@northwind.example` is wider than the column)."""
    escaped = str(escape(text))
    return Markup(escaped.replace("@", "@<wbr>").replace(".", "<wbr>."))


def _weakly(method: Callable[..., Any]) -> Callable[..., Any]:
    """A bound method called through a weak reference to its object (see `SiteRenderer`)."""
    reference = weakref.WeakMethod(method)

    def call(*args: Any, **kwargs: Any) -> Any:
        return reference()(*args, **kwargs)  # type: ignore[misc]

    return call


class SiteRenderer:
    """Everything needed to render kith's pages for one build."""

    def __init__(self, network: Network, followups: FollowUps, urls: SiteUrls, *,
                 template_dirs: Iterable[Path] = (), redact: Iterable[str] = (),
                 graph_limit: int = 150, fragments: dict | None = None,
                 directory: Directory | None = None, topics: TopicTitles | None = None,
                 warm_paths: Callable[[], WarmPaths] | None = None,
                 connections: Callable[[], Connections] | None = None) -> None:
        self.network = network
        self.directory = directory if directory is not None else Directory(network)
        self._warm_paths = warm_paths
        self._connections = connections
        self.followups = followups
        self.today = followups.today
        self.urls = urls
        self.redact = set(redact)
        self.graph_limit = graph_limit
        self.topics = topics if topics is not None else TopicTitles()
        loaders: list[Any] = [FileSystemLoader(str(d)) for d in template_dirs if Path(d).is_dir()]
        loaders.append(PackageLoader("kith", "templates"))
        self.env = _Templates(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_COMPILED,
            # A renderer lasts one build, in which the templates do not change: no file checked
            # each time one is used (a new build loads them again, the user's edits too).
            auto_reload=False,
        )
        # `tojson` (the graph page's and the follow-up page's data) compact, in the order given, and
        # ASCII only (`\u` escapes), so `narrow_html` has nothing to turn into character references.
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":")}
        self.env.filters.update(day=format_date, iso=lambda d: d.isoformat() if d else "", slugify=slugify,
                                wrappable=wrappable)
        # Jinja's templates and the modules of their macros (which copy the globals) refer to each
        # other, a cycle only the cycle collector frees. What they hold of this build (the renderer,
        # the network) is held weakly, so that the build is freed as soon as it is let go (under
        # `kith serve`, at every save) without the collector walking all that a server keeps.
        network_seen = weakref.proxy(network)
        directory_seen = weakref.proxy(self.directory)
        self.env.globals.update(
            kind_icons=KIND_ICONS, circle_labels=CIRCLE_LABELS, relative_label=relative_label,
            today=self.today, network=network_seen, followups=weakref.proxy(followups), redact=self.redact,
        )
        self._page_url = ""
        self.toc: list[Heading] = []  # the headings of the page last rendered, for its table of contents
        self.env.globals.update(
            url=_weakly(self._url_here), linkify=_weakly(self._linkify_here), plain=_weakly(self.plain),
            excerpt=_weakly(self.excerpt), note_row=_weakly(self._note_row), task_row=_weakly(self._task_row),
            contact_row=_weakly(self._contact_row), month_rows=_weakly(self._month_rows),
            kept_rows=_weakly(self._kept_rows),
            heading=_weakly(self._heading),
            contact=lambda slug: network_seen.contacts.get(slug),
            note=lambda slug: network_seen.notes.get(slug),
            directory=directory_seen, company_for=_weakly(self.directory.company_for),
            place_for=_weakly(self.directory.place_for),
            expertise_slug=_weakly(self.directory.expertise_slug),
            tie=_weakly(self._tie), tie_words=tie_words,
            relation_words=_weakly(self._relation_words), in_touch=_weakly(self._in_touch),
            topic_title=_weakly(self.topics.title), topic_path=_weakly(self.topics.path),
            topic_children=_weakly(self.topic_children))
        self._fragments = fragments if fragments is not None else {}

    # URLs and links, as seen from one page.

    def url_function(self, page_url: str) -> Callable[..., str]:
        def url(kind: str, key: str = "") -> str:
            return relative(self.urls.url(kind, key), page_url)
        return url

    def link_renderer(self, page_url: str) -> Callable[[str, str | None], str]:
        render = link_html(self.network.visibility, self.url_function(page_url), self.network.name_of)
        resolver, companies = self.network.visibility.resolver, self.directory.companies

        def render_with_companies(target: str, label: str | None) -> str:
            """A link to a company's own page (`[[Acme Inc]]`) goes to the company's page."""
            match = resolver.resolve(target)
            company = companies.get(company_key(target)) if match and match.kind == "page" else None
            if company is None:
                return render(target, label)
            href = relative(self.urls.url("company", company.slug), page_url)
            return str(Markup('<a class="kith-link kith-link--company" href="{}">{}</a>').format(
                href, label or company.name))

        return render_with_companies

    def linkify(self, text: str, page_url: str) -> Markup:
        """Plain text with `[[links]]` (a task, a field) as safe HTML."""
        render = self.link_renderer(page_url)
        parts: list[str] = []
        position = 0
        for match in WIKILINK.finditer(text):
            parts.append(str(escape(text[position:match.start()])))
            label = match.group(2).strip() if match.group(2) else None
            parts.append(render(match.group(1).strip(), label or None))
            position = match.end()
        parts.append(str(escape(text[position:])))
        return Markup("".join(parts))

    def body_markdown(self, record: Contact | Note, page_url: str, snippets: Snippets | None = None) -> str:
        """The user's body, ready for the Markdown renderer (kith's HTML in it kept in `snippets`,
        if given: see `markdown.MARK`)."""
        title = record.name if isinstance(record, Contact) else record.title
        return self.text_markdown(record.body, title, page_url, snippets)

    def text_markdown(self, body: str, title: str, page_url: str, snippets: Snippets | None = None) -> str:
        """Another page's text (a company's note), ready for the Markdown renderer as a body is."""
        body = _without_title_heading(body, title, self.plain)
        return prepare_body(body, self.link_renderer(page_url), self.today, snippets)

    def plain(self, text: str) -> str:
        """A field's text with `[[links]]` as names (a private one as "(private)"), e.g. for tags."""
        return self.network.plain(text)

    def excerpt(self, note: Note) -> str:
        """The note's excerpt, kept like a note row while its file is unchanged (the names its
        links show are part of what clears the kept pieces)."""
        source = note.source
        key = ("excerpt", source.path, source.mtime_ns, source.size)
        cached = self._fragments.get(key)
        if cached is None:
            # `summary:` is the note's own excerpt.
            text = note.summary or _without_title_heading(note.body, note.title, self.plain)
            cached = self._fragments[key] = excerpt(text, self.plain)
        return cached

    # Pages.

    def render(self, template: str, page_url: str, **context: Any) -> str:
        self._page_url = page_url
        self.toc = []
        return self.env.get_template(f"kith/{template}").render(**context)

    def _heading(self, anchor: str, title: str, count: int | None = None) -> Markup:
        """A section's `<h2>`, noted for the page's table of contents (templates call this rather
        than write the tag, so the contents need not be read back out of the HTML)."""
        self.toc.append(Heading(2, anchor, title))
        counted = Markup(' <span class="kith-count">{}</span>').format(count) if count is not None else ""
        return Markup('<h2 id="{}">{}{}</h2>').format(anchor, title, counted)

    # The page helpers are fixed globals that read the page being rendered, so templates can
    # import the shared macros without context: Jinja then builds that module once, not per page
    # (and a module built once keeps the functions it saw, so they must not change per page).

    def _url_here(self, kind: str, key: str = "") -> str:
        return relative(self.urls.url(kind, key), self._page_url)

    def _linkify_here(self, text: str) -> Markup:
        return self.linkify(text, self._page_url)

    def _note_row(self, note: Note, with_people: bool = True) -> Markup:
        """One conversation in a list (a timeline, a topic, the notes page), rendered once per
        build, or once for as long as the note and the names in it stay the same: the row is the
        same on every page as deep in the site (links are relative: see `urls.relative`)."""
        return self._kept(("note-row", with_people), note,
                          lambda: self._macros.timeline_item(note, with_people))

    def _contact_row(self, contact: Contact) -> Markup:
        """One person in the contacts list, kept like a note row while their file, the day of
        their last conversation and their next due date stay the same."""
        network = self.network
        last, due = network.last_contact.get(contact.slug), network.next_contact_due(contact.slug)
        return self._kept(("contact-row", last, due), contact,
                          lambda: self._macros.contact_list_row(contact, last, due))

    def _task_row(self, item: TaskItem, show_people: bool = True) -> Markup:
        """One open follow-up, kept like a note row (its label says how far off it is from
        "today", which is part of what clears the kept pieces)."""
        return self._kept(("task", item.task.line, show_people), item.note or item.contact,
                          lambda: self._macros.task(item, show_people))

    def _kept_rows(self, kind: str, macro: Callable[[Any], Markup]) -> Callable[[Any], Markup]:
        """One of the follow-up page's macros for its rows, each row kept like `_kept` while what
        it shows stays the same (`_row_key`): at L the page has about 2,000 groups of follow-ups
        and 400 people out of touch, and calling the macro for each is most of its time."""
        def kept(row: Any) -> Markup:
            return self._piece((kind, *self._row_key(kind, row), self._page_url.count("/")),
                               lambda: macro(row))

        return kept

    def _row_key(self, kind: str, row: Any) -> tuple:
        """What a row of the follow-up page shows, besides names and "today" (`SiteBuild.identity`
        lets every kept piece go when those change)."""
        if kind == "task-group":  # one person's follow-ups in a section (a `Group`)
            person = self.network.contacts.get(row.slug)
            return (row.slug, person.source.stamp if person else None,
                    tuple((item.task.line, (item.note or item.contact).source.stamp) for item in row.items))
        if kind == "out-of-touch":  # an `OutOfTouch`
            return (row.contact.slug, row.contact.source.stamp, row.since, row.due, row.contacted)
        raise ValueError(f"no key for the rows of {kind!r}")

    def _month_rows(self, month: str, notes: list[Note]) -> Markup:
        """A month of the notes page, kept whole while none of its conversations changes: with
        thousands of notes, even joining their kept rows again is most of that page's time. One
        piece per month, replaced when it changes."""
        key = ("month-rows", month, self._page_url.count("/"))
        sources = tuple(note.source for note in notes)  # each a file's path, time and size
        kept = self._fragments.get(key)
        if kept is None or kept[0] != sources:
            kept = self._fragments[key] = (sources, self._macros.note_rows(notes))
        return kept[1]

    def _kept(self, what: tuple, record: Note | Contact | None, render: Callable[[], Markup]) -> Markup:
        """A piece of a page from a note (or a contact), rendered once and kept while its file is
        unchanged, for every page as deep in the site as this one."""
        assert record is not None
        source = record.source
        return self._piece((*what, source.path, source.mtime_ns, source.size, self._page_url.count("/")),
                           render)

    def _piece(self, key: tuple, render: Callable[[], Markup]) -> Markup:
        """The piece kept under `key`, rendered the first time it is asked for."""
        piece = self._fragments.get(key)
        if piece is None:
            piece = self._fragments[key] = render()
        return piece

    @cached_property
    def _macros(self) -> Any:
        return self.env.get_template("kith/macros.html").module

    @cached_property
    def paths(self) -> WarmPaths:
        """The ways in, found once per build (the site's own, where it gives them)."""
        if self._warm_paths is not None:
            return self._warm_paths()
        return WarmPaths(self.network, self.directory, self.today, connections=self.connections)

    def _tie(self, slug: str) -> Tie:
        return self.paths.ties[slug]

    def _in_touch(self, slug: str) -> bool:
        return self.paths.in_touch(slug)

    def _relation_words(self, relation: Relation) -> tuple[str, str]:
        company = self.directory.companies.get(relation.company) if relation.company else None
        return relation_words(relation, company.name if company else "")

    def profile(self, slug: str, page_url: str, body_html: str, *, has_body: bool,
                for_search: bool = False) -> str:
        network = self.network
        contact = network.contacts[slug]
        next_due = network.next_contact_due(slug)
        return self.render(
            "search/profile.html" if for_search else "profile.html", page_url,
            person=contact,
            body_html=Markup(body_html),
            has_body=has_body,
            last_contact=network.last_contact.get(slug),
            cadence=network.cadence_for(contact),
            next_due=next_due,
            tasks=self._task_items(network.open_tasks_with(slug)),
            introduced_by=[s for s in contact.introduced_by if s in network.contacts],
            introduced=network.introduced.get(slug, []),
            introductions=network.introductions.get(slug, []),
            timeline=network.timeline.get(slug, []),
            mentions=network.mentions.get(slug, []),
            met_with=[] if for_search else network.often_met_with(slug),
            events=[network.events[e] for e in network.contact_events.get(slug, [])],
            shown_emails=[] if "email" in self.redact else contact.emails,
            shown_phones=[] if "phone" in self.redact else contact.phones,
            shown_birthday=None if "birthday" in self.redact else contact.birthday,
            shown_location=None if "location" in self.redact else contact.location,
            shown_links={} if "links" in self.redact else _safe_links(contact.links),
            connections_graph=None if for_search else self.connections.ego(slug),
            ways=None if for_search or self.paths.in_touch(slug) else self.paths.ways([slug]),
        )

    @cached_property
    def connections(self) -> Connections:
        """Who is connected to whom, found once per build for the graph page and every profile
        (the site's own, where it gives them)."""
        if self._connections is not None:
            return self._connections()
        return Connections(self.network)

    def note_page(self, slug: str, page_url: str, body_html: str, *, has_body: bool,
                  for_search: bool = False) -> str:
        note = self.network.notes[slug]
        return self.render(
            "search/note.html" if for_search else "note.html", page_url,
            item=note, body_html=Markup(body_html), has_body=has_body,
            tasks=self._task_items(t for t in note.tasks if not t.done),
            backlinks=self.network.note_backlinks.get(slug, []),
        )

    def listing(self, name: str, page_url: str, *, for_search: bool = False, **context: Any) -> str:
        """A page of kith's own; `for_search`: only what search should index of it."""
        return self.render(f"search/{name}.html" if for_search else f"{name}.html", page_url, **context)

    def task_items(self, tasks: Iterable[Task]) -> list[TaskItem]:
        return self._task_items(tasks)

    def _task_items(self, tasks: Iterable[Task]) -> list[TaskItem]:
        items = [task_item(t, self.network) for t in tasks]
        items.sort(key=item_order)
        return items

    # Data the listing templates share.

    def contacts_sorted(self) -> list[Contact]:
        return self.network.sorted_contacts()

    def notes_by_month(self) -> list[tuple[str, list[Note]]]:
        groups: list[tuple[str, list[Note]]] = []
        for note in self.network.notes_by_date:
            label = f"{note.date:%B %Y}"
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            groups[-1][1].append(note)
        return groups

    def topic_roots(self) -> list[str]:
        """The topics that are part of no other, by title (the topics index, a tree)."""
        topics = self.network.topics
        return self.topic_children([key for key, topic in topics.items() if topic.parent is None])

    def topic_children(self, keys: Iterable[str]) -> list[str]:
        return sorted(keys, key=lambda key: (name_key(self.topics.title(key)), key))

    def expertise_sorted(self) -> list:
        return sorted(self.network.expertise.values(), key=lambda e: name_key(e.label))

    def expertise_by_letter(self) -> list[tuple[str, list[tuple[Any, list[str]]]]]:
        """Every expertise under its first letter (A to Z; a digit or sign under "#"), each with
        its people, those in a circle first: the expertise index."""
        groups: list[tuple[str, list[tuple[Any, list[str]]]]] = []
        for entry in self.expertise_sorted():
            first = unicodedata.normalize("NFKD", entry.label.strip()[:1]).upper()[:1]
            letter = first if "A" <= first <= "Z" else "#"
            if not groups or groups[-1][0] != letter:
                groups.append((letter, []))
            groups[-1][1].append((entry, by_circle_then_name(self.network, entry.contacts)))
        groups.sort(key=lambda group: (group[0] != "#", group[0]))
        return groups

    def events_sorted(self) -> list:
        return sorted(self.network.events.values(),
                      key=lambda e: (e.date or dt.date.min, e.slug), reverse=True)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, so a rebuild under `kith serve` does not compile them
    again (Jinja checks each against its source, so an edited override is compiled anew)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Any) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Any) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = MemoryBytecodeCache()


def _without_title_heading(body: str, title: str, plain: PlainText) -> str:
    """Drop a leading `# Title` that repeats the page's own heading (`# Call with [[Kim Osei]]`
    repeats the title "Call with Kim Osei" the loader made of it)."""
    stripped = body.lstrip()
    if stripped.startswith("# "):
        first, _, rest = stripped.partition("\n")
        heading = first[2:].strip(" #")
        heading = plain(heading)
        if name_key(heading) == name_key(title):
            return rest
    return body


def _safe_links(links: dict[str, str]) -> dict[str, str]:
    """Only links out of the site with a safe scheme become anchors: no `javascript:` from a
    front-matter value; an address written without its scheme (`linkedin.com/in/kim`) is a web
    address (core/url_safety.py)."""
    safe: dict[str, str] = {}
    for label, url in links.items():
        target = external_link(url)
        if target is not None:
            safe[label] = target
    return safe
