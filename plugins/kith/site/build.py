"""One build of the site, engine-neutral: which pages exist and what each contains.

The MkDocs plugin turns these page specs into MkDocs files and hands each page's
content back here; another engine could drive the same object.
"""

from __future__ import annotations

import copy
import datetime as dt
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from ..core.activity import busiest_topics, conversations_per_month, new_contacts_per_month
from ..core.companies import CompanyNote, Directory, by_circle_then_name, read_company_note
from ..core.followups import FollowUps, compute_followups, why
from ..core.graph import Connections
from ..core.ics import calendar_feed
from ..core.loader import Vault
from ..core.network import Network, note_shape
from ..core.paths import WarmPaths
from ..core.settings import Settings
from ..core.topics import TopicTitles
from .charts import month_columns, month_span, topic_rows
from .followups import FOLD, card_excerpt, filter_tags, grouped, page_data
from .markdown import Snippets, labelled_tasks, narrow_html, put_back, safe_html, searchable_body
from .render import Heading, SiteRenderer
from .urls import FEED, LISTINGS, SiteUrls

BODY_KINDS = ("contact", "note", "company")  # pages with a body of the user's Markdown (a company's note)
# Where the body goes in a page rendered before its body (see `SiteBuild.page_html`). Text the
# templates print is escaped, so this comment can only come from the template itself.
BODY_SLOT = "<!--kith:body-->"
# The heading under which the body's own headings go in a page's table of contents (None: first).
BODY_HEADING = {"contact": "about", "note": None, "home": None, "company": "about"}


Headings = tuple[Heading, ...]
# How much a search weighs a page over others that match as well (Material's `search.boost`): a
# name finds the person's profile before the notes about them, a tag its topic page before the
# pages carrying it, a company its page before its people.
SEARCH_BOOST = {"contact": 4.0, "topic": 10.0, "company": 6.0}
WIDE_KINDS = ("contacts", "companies", "places", "topics", "expertise")
# The listings made from the network's shape alone (`SiteBuild.shape`): under `kith serve`, a save
# that leaves the shape as it was leaves them as they were. The others show what notes say (their
# first words, their tasks) and are made again at every save.
SHAPE_LISTINGS = ("contacts", "companies", "places", "topics", "expertise", "events", "graph", "stats")
SEARCHABLE_KINDS = ("contact", "note", "topic", "event", "company", "place", "expertise-area")


@dataclass(frozen=True)
class PagePart:
    """kith's part of a page, rendered before its body: the HTML with BODY_SLOT where the body
    goes, its headings, and whether it has a body at all (decided from the body's Markdown)."""

    html: str
    toc: Headings
    has_body: bool

    def with_body(self, body_html: str, shown: str | None = None) -> str | None:
        """The HTML with the body put in (`shown`, the body as written into the page, if given);
        None when the body turned out empty or not (a body of only HTML that cleaning emptied):
        then the page must be rendered with it."""
        if bool(body_html.strip()) != self.has_body:
            return None
        return self.html.replace(BODY_SLOT, body_html if shown is None else shown, 1)


class PageParts(NamedTuple):
    """What a worker renders for a page: kith's part as shown and as search indexes it, and the
    Markdown MkDocs is given for the page's body (prepared there for the part: MkDocs' process need
    not prepare it again), with the HTML kept out of it (`markdown.Snippets`)."""

    shown: PagePart
    search: PagePart
    markdown: str
    snippets: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageSpec:
    kind: str  # contact, note, topic, event, company, place, expertise-area, home, or a LISTINGS name
    key: str
    title: str
    tags: tuple[str, ...] = ()
    in_nav: bool = False

    @property
    def wide(self) -> bool:
        """A long table or list that needs the whole width: the theme's table of contents (which
        would be empty, or repeat an A-Z) is left out."""
        return self.kind in WIDE_KINDS

    @property
    def search_boost(self) -> float | None:
        return SEARCH_BOOST.get(self.kind)

    @property
    def searchable(self) -> bool:
        """Profiles, notes, topics, events, companies, places and expertise are what a search should
        find; the listings only repeat them (and parsing their thousands of rows would be much of
        the search plugin's work)."""
        return self.kind in SEARCHABLE_KINDS


@dataclass
class SiteOptions:
    today: dt.date
    due_soon_days: int = 14
    birthday_days: int = 30
    plan_size: int = 10
    cadences: dict[str, int] = field(default_factory=dict)
    redact: tuple[str, ...] = ()
    graph_limit: int = 150
    topic_titles: dict[str, str] = field(default_factory=dict)
    template_dirs: tuple[Path, ...] = ()
    use_directory_urls: bool = True
    site_name: str = ""  # names the calendar feed in a reader's calendar app
    # Anything else that changes every page (the engine's settings), as text.
    settings_key: str = ""
    # Pieces of pages kept from one build to the next (under `kith serve`); any dict, owned by
    # the caller, emptied here when names or settings change.
    fragments: dict | None = None

    @classmethod
    def of(cls, settings: Settings, today: dt.date, **engine: Any) -> SiteOptions:
        """The options of kith's settings, with what the site engine says (URLs, the site's name)."""
        return cls(today=today, due_soon_days=settings.due_soon_days, birthday_days=settings.birthday_days,
                   plan_size=settings.plan_size, cadences=dict(settings.cadences), redact=settings.redact,
                   graph_limit=settings.graph_limit, topic_titles=dict(settings.topic_titles),
                   settings_key=settings.key(), **engine)


@dataclass
class _Plan:
    """What a build worked out of its vault that the next build under `kith serve` may patch."""

    network: Network
    cadences: dict[str, int]
    directory: Directory
    names: int  # the vault's part of `identity`
    pages: dict[str, PageSpec]


@dataclass
class _Prints:
    """A build's fingerprints (`SiteBuild.fingerprints`), with which pages read each note and each
    person's conversations: a build patched from it works out only theirs again."""

    network: Network
    prints: dict[str, int]
    readers: dict[tuple[str, str], list[str]]


class SiteBuild:
    def __init__(self, vault: Vault, options: SiteOptions) -> None:
        self.vault = vault
        self.options = options
        fragments = self._fragments = options.fragments if options.fragments is not None else {}
        last: _Plan | None = fragments.get("plan")
        network = None
        if (last is not None and vault.patched_from is not None and last.cadences == options.cadences
                and vault.patched_from[0]() is last.network.vault):
            network = last.network.patched(vault, vault.patched_from[1])
        # The last build's plan where this one is made from it by putting in the notes saved
        # since (`Network.patched`): the names, titles and the network's shape are as they were.
        self._patched_from = last if network is not None else None
        if last is not None and network is not None:
            directory = copy.copy(last.directory)
            directory.network = network
            names = last.names
        else:
            network = Network(vault, include_private=False, cadences=options.cadences)
            directory = Directory(network, vault.pages)
            # Names are shown everywhere: a change to any contact's name, aliases or privacy, to
            # the set of notes or their titles changes every page.
            names = hash((
                tuple((c.slug, c.name, tuple(c.aliases), c.private) for c in vault.contacts.values()),
                tuple((n.slug, n.title, n.private) for n in vault.notes.values()),
                tuple(directory.expertise_slugs.items()),  # linked from profiles
                tuple((c.slug, c.name) for c in directory.companies.values()),  # named on profiles, ways
                tuple((p.slug, p.name) for p in directory.places.values()),
                # The vault's other pages: a [[link]] to one is text, or its company.
                tuple(vault.pages.items()),
            ))
        self.network = network
        self.directory = directory
        self.followups: FollowUps = compute_followups(
            self.network, options.today, due_soon_days=options.due_soon_days,
            birthday_days=options.birthday_days, plan_size=options.plan_size)
        self.urls = SiteUrls(options.use_directory_urls)
        # So do "today" and the settings.
        self.identity = hash((options.today, options.settings_key, options.redact, options.use_directory_urls,
                              names))
        if fragments.get("identity") != self.identity:
            fragments.clear()
            fragments["identity"] = self.identity
        if not self.patched:
            fragments.pop("shape", None)  # the shape a patched build takes over (`shape`)
        self.renderer = SiteRenderer(
            self.network, self.followups, self.urls, template_dirs=options.template_dirs,
            redact=options.redact, graph_limit=options.graph_limit, fragments=fragments,
            topics=TopicTitles(options.topic_titles), directory=self.directory,
            warm_paths=self._paths_of(weakref.ref(self)),
            connections=self._connections_of(weakref.ref(self)))
        self._company_notes: dict[str, CompanyNote | None] = {}
        # The pages, as the last build planned them where this one is patched from it under the
        # same settings (same titles, tags, topics, events, companies, places and expertise).
        self.pages: dict[str, PageSpec] = (
            self._patched_from.pages if self._patched_from is not None and "plan" in fragments
            else {spec_source: spec for spec_source, spec in self._specs()})
        fragments["plan"] = _Plan(network, options.cadences, directory, names, self.pages)
        self._markdown: dict[tuple[str, str, str], tuple[str, Snippets]] = {}

    @property
    def patched(self) -> bool:
        """Whether this build's plan is the last build's with the notes saved since put in."""
        return self._patched_from is not None

    def _specs(self) -> Iterable[tuple[str, PageSpec]]:
        urls = self.urls
        for name, (source, title) in LISTINGS.items():
            if name != "places" or "location" not in self.options.redact:
                yield source, PageSpec(name, "", title, in_nav=True)
        # Tags as they read ("Health / Digital"): what search matches a word against (Material's
        # separator does not split `health/digital`, whose prefix "health" would rank every
        # sub-topic above the topic itself) and shows under each result.
        titles = self.renderer.topics
        for contact in self.network.contacts.values():
            # Company and role are in what search indexes of the profile (kith/search/profile.html).
            yield urls.source("contact", contact.slug), PageSpec(
                "contact", contact.slug, contact.name, tuple(titles.path(tag) for tag in contact.tags))
        for note in self.network.notes.values():
            yield urls.source("note", note.slug), PageSpec(
                "note", note.slug, note.title, tuple(titles.path(tag) for tag in note.tags))
        for key in self.network.topics:
            yield urls.source("topic", key), PageSpec("topic", key, titles.path(key), (titles.path(key),))
        for event in self.network.events.values():
            yield urls.source("event", event.slug), PageSpec("event", event.slug, event.name)
        for company in self.directory.companies.values():
            yield urls.source("company", company.slug), PageSpec("company", company.slug, company.name)
        if "location" not in self.options.redact:  # a redacted location is on no page
            for place in self.directory.places.values():
                yield urls.source("place", place.slug), PageSpec("place", place.slug, place.name)
        for key, slug in self.directory.expertise_slugs.items():
            label = self.network.expertise[key].label
            yield urls.source("expertise-area", slug), PageSpec("expertise-area", slug, label)

    @staticmethod
    def _paths_of(site: weakref.ref[SiteBuild]) -> Callable[[], WarmPaths]:
        """The warm paths, found when first asked for, through a weak reference: the renderer
        holding the build itself would make the whole build a cycle, which only the cycle
        collector frees, where reference counting frees it at once (`kith serve`, every save)."""
        return lambda: site().paths  # type: ignore[union-attr]

    @staticmethod
    def _connections_of(site: weakref.ref[SiteBuild]) -> Callable[[], Connections]:
        """Who is connected to whom, as `_paths_of` gives the ways (kept like them)."""
        return lambda: site().connections  # type: ignore[union-attr]

    @cached_property
    def connections(self) -> Connections:
        kept = self._kept_for_shape("connections")
        network = self.network
        connections = kept.rebound(network) if isinstance(kept, Connections) else Connections(network)
        self._keep_for_shape("connections", connections)
        return connections

    @cached_property
    def shape(self) -> int:
        """The network as the lists and the ways in see it: every public contact's file as read,
        and each public note's date, title, kind, people, tags and follow-up date (`note_shape`),
        not its words, its tasks or its links; with `identity`. The pages of SHAPE_LISTINGS and the
        ways in are made from these alone, so a save that changes only what a note says, or whom
        it mentions, leaves them as they were."""
        kept = self._fragments.get("shape")
        if self.patched and kept is not None:
            return kept  # a patched network has the shape of the one it is patched from
        network = self.network
        shape = self._fragments["shape"] = hash((
            self.identity,
            tuple(contact.source.stamp for contact in network.contacts.values()),
            tuple(note_shape(note) for note in network.notes.values()),
        ))
        return shape

    @cached_property
    def paths(self) -> WarmPaths:
        """The best ways to each person, found once for every page that shows them; under `kith
        serve`, kept from the last build while the network's shape is the same."""
        kept = self._kept_for_shape("paths")
        if isinstance(kept, WarmPaths):
            paths = kept.rebound(self.network, self.directory)
        else:
            paths = WarmPaths(self.network, self.directory, self.options.today,
                              connections=self.renderer.connections)
        self._keep_for_shape("paths", paths)
        return paths

    def _kept_for_shape(self, name: str) -> object | None:
        """What the last build kept under this name, if the network's shape is still the same (the
        fragments are emptied when `identity` changes)."""
        kept = self._fragments.get(("shape", name))
        return kept[1] if kept is not None and kept[0] == self.shape else None

    def _keep_for_shape(self, name: str, value: object) -> None:
        self._fragments[("shape", name)] = (self.shape, value)

    def company_note(self, slug: str) -> CompanyNote | None:
        """A company's own page in the vault, read once per build (None: none, or private)."""
        if slug not in self._company_notes:
            company = self.directory.companies[slug]
            self._company_notes[slug] = (read_company_note(self.vault.root, company.note)
                                         if company.note else None)
        return self._company_notes[slug]

    def fingerprints(self) -> dict[str, int]:
        """For each page, a number that changes when any file the page shows changes.

        Built in one pass from the indexes. A contact's profile depends on its own file and on
        the notes it appears in; a note on itself and the notes that link to it; a topic or an
        event on its members; a company, a place or an expertise on its people and their notes (a
        company on its own page too); and all of them on `identity`. What the network's shape
        decides of a page (`_shape_prints`: the ways in, a profile's picture of connections) is
        part of it too, and the listings of SHAPE_LISTINGS depend on the shape alone; the other
        listings and the home page have no fingerprint: they are always rebuilt.

        A build patched from the last one (`patched`) works out again only the pages that read
        a saved note, or the conversations of someone in it, and each company's with a page of its
        own in the vault (which may have changed): the rest are as the last build found them.
        """
        kept = self._fragments.get("prints")
        patched_from = self._patched_from
        if kept is not None and patched_from is not None and kept.network is patched_from.network \
                and self.vault.patched_from is not None:
            readers = kept.readers
            print_of = self._print_function(None)
            prints = dict(kept.prints)
            touched: set[str] = set()
            for slug in self.vault.patched_from[1]:
                note = self.network.notes.get(slug)
                if note is None:
                    continue  # private: on no page
                touched.update(readers.get(("note", slug), ()))
                for person in note.participants:  # each one's conversations (`Network.timeline`)
                    touched.update(readers.get(("person", person), ()))
            companies = self.directory.companies
            touched.update(source for source, spec in self.pages.items()
                           if spec.kind == "company" and companies[spec.key].note)
            for source in touched:
                value = print_of(source, self.pages[source])
                if value is not None:
                    prints[source] = value
        else:
            readers = {}
            print_of = self._print_function(readers)
            prints = {}
            for source, spec in self.pages.items():
                value = print_of(source, spec)
                if value is not None:
                    prints[source] = value
        self._fragments["prints"] = _Prints(self.network, prints, readers)
        return prints

    def _print_function(self, readers: dict[tuple[str, str], list[str]] | None
                        ) -> Callable[[str, PageSpec], int | None]:
        """What works out one page's fingerprint (`fingerprints`); with `readers`, noting there
        which pages read each note (`("note", slug)`) and each person's conversations
        (`("person", slug)`)."""
        network = self.network
        contacts, notes = network.contacts, network.notes
        timeline = network.timeline
        identity = self.identity
        # A person's file and the notes they were in, as one number: what a profile and every
        # company, place and expertise page listing them shows of them (worked out once each).
        people_prints: dict[str, int] = {}

        def person(slug: str) -> int:
            value = people_prints.get(slug)
            if value is None:
                value = people_prints[slug] = hash((contacts[slug].source.stamp,
                                                    *[n.source.stamp for n in timeline.get(slug, ())]))
            return value

        def read(source: str, kind: str, slugs: Iterable[str]) -> None:
            if readers is not None:
                for slug in slugs:
                    readers.setdefault((kind, slug), []).append(source)

        by_shape = self._shape_prints()

        def print_of(source: str, spec: PageSpec) -> int | None:
            kind = spec.kind
            deps: list[Any]
            if kind == "note":
                backlinks = network.note_backlinks.get(spec.key, ())
                deps = [notes[spec.key].source.stamp]
                deps += [n.source.stamp for n in backlinks]
                read(source, "note", [spec.key, *[n.slug for n in backlinks]])
            elif kind == "contact":
                slug = spec.key
                mentions = network.mentions.get(slug, ())
                deps = [person(slug)]
                deps += [n.source.stamp for n in mentions]
                deps += [contacts[s].source.stamp for s in network.introduced.get(slug, ()) if s in contacts]
                deps.append(by_shape[source])
                read(source, "person", (slug,))
                read(source, "note", [n.slug for n in mentions])
            elif kind in ("company", "place", "expertise-area"):
                people = self._people_of(spec)
                deps = [person(s) for s in people]
                read(source, "person", people)
                if kind == "company":
                    deps.append(self.directory.companies[spec.key].note)
                    note = self.company_note(spec.key)
                    deps.append(note.stamp if note else None)
                if kind != "place":
                    deps.append(by_shape[source])
            elif kind == "topic":
                topic = network.topics[spec.key]
                deps = [contacts[s].source.stamp for s in topic.contacts]
                deps += [notes[s].source.stamp for s in topic.notes]
                read(source, "note", topic.notes)
            elif kind == "event":
                event = network.events[spec.key]
                deps = [contacts[s].source.stamp for s in event.contacts]
                deps += [notes[s].source.stamp for s in event.notes]
                read(source, "note", event.notes)
            elif kind in SHAPE_LISTINGS:
                deps = [kind, self.shape]
            else:
                return None
            return hash((identity, tuple(deps)))

        return print_of

    def _shape_prints(self) -> dict[str, int]:
        """For each profile, company and expertise page, a number for what it shows that the
        network's shape alone decides: the ways in to its people (a profile's only when its
        person is not in touch), and on a profile the picture of its person's connections (each
        connection, and each other person's file, conversations and connections). Kept while the
        shape is the same: a save of a note's words changes none of them."""
        kept = self._kept_for_shape("prints")
        if isinstance(kept, dict):
            return kept
        network, paths, connections = self.network, self.paths, self.connections
        contacts, timeline = network.contacts, network.timeline
        degree, by_person = connections.degree, connections.by_person
        pictured: dict[str, int] = {}  # each person in a picture, worked out once

        def in_picture(slug: str) -> int:
            value = pictured.get(slug)
            if value is None:
                value = pictured[slug] = hash((contacts[slug].source.stamp, len(timeline.get(slug, ())),
                                               degree.get(slug, 0)))
            return value

        prints: dict[str, int] = {}
        for source, spec in self.pages.items():
            if spec.kind == "contact":
                slug = spec.key
                picture = [(connection, in_picture(connection.other(slug)))
                           for connection in by_person.get(slug, ())]
                ways = () if paths.in_touch(slug) else self._ways_print([slug])
                prints[source] = hash((tuple(picture), tuple(ways)))
            elif spec.kind in ("company", "expertise-area"):
                prints[source] = hash(tuple(self._ways_print(self._people_of(spec, now=True))))
        self._keep_for_shape("prints", prints)
        return prints

    def _people_of(self, spec: PageSpec, now: bool = False) -> list[str]:
        """The people a company, place or expertise page lists (`now`: only those at the company
        now, whom the ways lead to)."""
        if spec.kind == "company":
            company = self.directory.companies[spec.key]
            return company.people if now else company.people + company.former
        if spec.kind == "place":
            return self.directory.places[spec.key].people
        return self.network.expertise[self.directory.expertise_by_slug[spec.key]].contacts

    def _ways_print(self, targets: list[str]) -> list[tuple]:
        """What the ways to these people show: who is on each, how, and the first person's tie."""
        paths = self.paths
        return [(way.people, way.relations, paths.ties[way.first]) for way in paths.ways(targets)]

    def spec(self, source: str) -> PageSpec | None:
        return self.pages.get(source)

    def markdown(self, spec: PageSpec, page_url: str) -> str:
        """What the Markdown renderer gets: the user's body for a contact or a note, the text of a
        company's own page, else nothing. Prepared once per page: the body, what search reads and
        the whole page all start from it."""
        return self._prepared(spec, page_url)[0]

    def snippets(self, spec: PageSpec, page_url: str) -> tuple[str, ...]:
        """kith's HTML kept out of the page's Markdown, put back into the rendered body."""
        return tuple(self._prepared(spec, page_url)[1])

    def _prepared(self, spec: PageSpec, page_url: str) -> tuple[str, Snippets]:
        if spec.kind not in BODY_KINDS:
            return "", Snippets()
        key = (spec.kind, spec.key, page_url)
        prepared = self._markdown.get(key)
        if prepared is None:
            snippets = Snippets()
            if spec.kind == "company":
                note = self.company_note(spec.key)
                name = self.directory.companies[spec.key].name
                text = self.renderer.text_markdown(note.body, name, page_url, snippets) if note else ""
            else:
                network = self.network
                record = network.contacts[spec.key] if spec.kind == "contact" else network.notes[spec.key]
                text = self.renderer.body_markdown(record, page_url, snippets)
            prepared = self._markdown[key] = (text, snippets)
        return prepared

    @staticmethod
    def clean_body(spec: PageSpec, body_html: str, snippets: tuple[str, ...] = ()) -> str:
        """The rendered body as it may be shown: kith's own HTML put back, no script URLs or event
        handlers from Markdown extensions."""
        return labelled_tasks(safe_html(put_back(body_html, snippets))) if spec.kind in BODY_KINDS else ""

    def part(self, spec: PageSpec, page_url: str, *, for_search: bool = False) -> PagePart:
        """kith's part of a page, with BODY_SLOT where the body goes (see `PagePart`)."""
        # Narrowed where it is rendered (a worker, mostly): MkDocs' process narrows only the body.
        html = narrow_html(self.page_html(spec, page_url, for_search=for_search))
        has_body = spec.kind in BODY_KINDS and bool(self.markdown(spec, page_url).strip())
        return PagePart(html, tuple(self.renderer.toc), has_body)

    def parts(self, spec: PageSpec, page_url: str) -> PageParts:
        """What a worker renders for a page."""
        markdown, snippets = self._prepared(spec, page_url)
        return PageParts(self.part(spec, page_url), self.part(spec, page_url, for_search=True),
                         markdown, tuple(snippets))

    def page_with_body(self, spec: PageSpec, page_url: str, body_html: str,
                       parts: PageParts | None = None) -> tuple[str, str, Headings]:
        """A page's content as shown and as search indexes it, with its body, and its headings:
        from `parts` prepared before the body where they fit it, else rendered with it."""
        page, search = (parts if parts is not None else self.parts(spec, page_url))[:2]
        # Narrowing is character by character, so the narrowed parts with the narrowed body are
        # the narrowed page.
        shown = narrow_html(body_html)
        content = page.with_body(body_html, shown)
        searchable = search.with_body(body_html, searchable_body(shown))
        headings = page.toc
        if content is None or searchable is None:
            searchable = narrow_html(self.page_html(spec, page_url, searchable_body(body_html),
                                                    for_search=True))
            content = narrow_html(self.page_html(spec, page_url, body_html))
            headings = tuple(self.renderer.toc)
        return content, searchable, headings

    def piece(self, key: str) -> PageParts | str:
        """What a worker renders for a key: a page's parts by its source, or the feed."""
        if key == FEED:
            return self.feed()
        spec = self.pages[key]
        return self.parts(spec, self.urls.url_of_source(key))

    def page_html(self, spec: PageSpec, page_url: str, body_html: str | None = None, *,
                  for_search: bool = False) -> str:
        """The page's content, with the cleaned body placed inside it.

        `for_search`: only what a search should index (a page's heading, facts and body, not the
        lists that repeat other pages), or only the title for a page search skips; the full page
        has the same title. `body_html` None: BODY_SLOT stands where the body goes, to be
        replaced by the caller, which renders the body elsewhere (whether there is one at all is
        then decided from the body's Markdown).
        """
        renderer = self.renderer
        if for_search and not spec.searchable:
            return renderer.render("search/title.html", page_url, title=spec.title)
        if spec.kind in BODY_KINDS:
            if body_html is None:
                has_body = bool(self.markdown(spec, page_url).strip())
                body_html = BODY_SLOT
            else:
                has_body = bool(body_html.strip())
            if spec.kind == "company":
                return self._render_company(spec, page_url, body_html, has_body=has_body,
                                            for_search=for_search)
            render = renderer.profile if spec.kind == "contact" else renderer.note_page
            return render(spec.key, page_url, body_html, has_body=has_body, for_search=for_search)
        method = getattr(self, f"_render_{spec.kind.replace('-', '_')}")
        if spec.searchable:  # a topic, an event, a place or an expertise
            return method(spec, page_url, for_search=for_search)
        return method(spec, page_url)

    def home_html(self, page_url: str) -> str:
        fu = self.followups
        extra = [(name, LISTINGS[name][1]) for name in ("graph", "stats")]
        return narrow_html(self.renderer.listing(
            "home", page_url, fu=fu, due_week=fu.due_within(7), out_of_touch=fu.out_of_touch[:5],
            recent=self.network.notes_by_date[:8], extra_pages=extra,
            activity=month_columns(conversations_per_month(self.network, self.options.today), "conversation",
                                   height=120.0, compact=True, link_months=True)))

    def feed(self) -> str:
        """`follow-ups.ics`: dated open follow-ups and birthdays of the public network."""
        name = f"{self.options.site_name}: follow-ups" if self.options.site_name else "kith follow-ups"
        return calendar_feed(self.network, self.followups, birthdays="birthday" not in self.options.redact,
                             name=name, kept=self._fragments)

    # Listing pages.

    def _render_contacts(self, spec: PageSpec, page_url: str) -> str:
        return self.renderer.listing("contacts", page_url, contacts=self.renderer.contacts_sorted())

    def _render_notes(self, spec: PageSpec, page_url: str) -> str:
        return self.renderer.listing("notes", page_url, months=self.renderer.notes_by_month())

    def _render_topics(self, spec: PageSpec, page_url: str) -> str:
        return self.renderer.listing("topics", page_url, roots=self.renderer.topic_roots())

    def _render_topic(self, spec: PageSpec, page_url: str, for_search: bool = False) -> str:
        topic = self.network.topics[spec.key]
        notes = [self.network.notes[slug] for slug in topic.notes]
        return self.renderer.listing("topic", page_url, topic=topic, notes=notes, for_search=for_search)

    def _render_expertise(self, spec: PageSpec, page_url: str) -> str:
        return self.renderer.listing("expertise", page_url, groups=self.renderer.expertise_by_letter())

    def _render_companies(self, spec: PageSpec, page_url: str) -> str:
        return self.renderer.listing("companies", page_url, companies=self.directory.sorted_companies())

    def _render_company(self, spec: PageSpec, page_url: str, body_html: str, *, has_body: bool,
                        for_search: bool = False) -> str:
        company = self.directory.companies[spec.key]
        network = self.network
        if for_search:
            return self.renderer.listing("company", page_url, for_search=True, company=company,
                                         body_html=Markup(body_html), has_body=has_body)
        notes = {note.slug: note for slug in company.people for note in network.timeline.get(slug, ())}
        tasks = {(task.note, task.line, task.contact): task
                 for slug in company.people for task in network.open_tasks_with(slug)}
        return self.renderer.listing(
            "company", page_url, company=company, body_html=Markup(body_html), has_body=has_body,
            last_contact=self.directory.last_contact(company.people),
            notes=sorted(notes.values(), key=lambda n: (n.date, n.slug), reverse=True),
            tasks=self.renderer.task_items(tasks.values()),
            ways=self.paths.ways(company.people))

    def _render_places(self, spec: PageSpec, page_url: str) -> str:
        return self.renderer.listing("places", page_url, places=self.directory.sorted_places())

    def _render_place(self, spec: PageSpec, page_url: str, for_search: bool = False) -> str:
        place = self.directory.places[spec.key]
        people = self.directory.out_of_touch_first(place.people, self.options.today)
        return self.renderer.listing("place", page_url, place=place, people=people, for_search=for_search)

    def _render_expertise_area(self, spec: PageSpec, page_url: str, for_search: bool = False) -> str:
        entry = self.network.expertise[self.directory.expertise_by_slug[spec.key]]
        people = by_circle_then_name(self.network, entry.contacts)
        ways = [] if for_search else self.paths.ways(people)
        return self.renderer.listing("expertise-area", page_url, entry=entry, people=people, ways=ways,
                                     for_search=for_search)

    def _render_events(self, spec: PageSpec, page_url: str) -> str:
        return self.renderer.listing("events", page_url, events=self.renderer.events_sorted())

    def _render_event(self, spec: PageSpec, page_url: str, for_search: bool = False) -> str:
        event = self.network.events[spec.key]
        notes = [self.network.notes[slug] for slug in event.notes]
        return self.renderer.listing("event", page_url, event=event, notes=notes, for_search=for_search)

    def _render_follow_ups(self, spec: PageSpec, page_url: str) -> str:
        fu, renderer = self.followups, self.renderer
        show_birthdays = "birthday" not in self.options.redact
        data = page_data(self.network, fu, renderer.url_function(page_url), renderer.excerpt, show_birthdays)
        soon = f"in the next {fu.due_soon_days} days"
        task_sections = [
            ("overdue", "Overdue", fu.overdue, "Nothing overdue."),
            ("due-soon", f"Due {soon}", fu.due_soon, f"Nothing due {soon}."),
            ("waiting", "Waiting on others", fu.waiting, "Nobody owes you anything."),
            ("undated", "Open without a date", fu.undated, "No open follow-up without a date."),
        ]
        return renderer.listing(
            "follow-ups", page_url, fu=fu, task_sections=task_sections, grouped=grouped, fold=FOLD,
            plan_why=why, card_excerpt=card_excerpt, show_birthdays=show_birthdays, data=data,
            tags=filter_tags(data["people"]))

    def _render_graph(self, spec: PageSpec, page_url: str) -> str:
        # Laid out twice: for a wide column, and upright for a phone (the CSS shows one).
        connections = self.renderer.connections
        limit = self.options.graph_limit
        wide = connections.overview(limit, width=760.0)
        hubs = [connections.node(slug) for slug in connections.ranked()[:10] if connections.degree.get(slug)]
        profile_url = self.renderer.url_function(page_url)("contact", "__slug__")
        return self.renderer.listing(
            "graph", page_url, limit=limit, wide=wide, narrow=connections.overview(limit, width=400.0),
            hubs=hubs, explorer=connections.explorer_data((n.slug for n in wide.nodes), profile_url))

    def _render_stats(self, spec: PageSpec, page_url: str) -> str:
        today = self.options.today
        conversations = conversations_per_month(self.network, today)
        return self.renderer.listing(
            "stats", page_url, span=month_span(conversations),
            conversations=month_columns(conversations, "conversation", link_months=True),
            new_contacts=month_columns(new_contacts_per_month(self.network, today), "new contact"),
            topics=topic_rows(busiest_topics(self.network, today), title=self.renderer.topics.path))
