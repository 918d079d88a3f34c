"""Where each page of the site lives: source paths and URLs, computed without MkDocs."""

from __future__ import annotations

from dataclasses import dataclass

# The fixed pages kith adds, by name: (source path in the site, title, shown in navigation).
LISTINGS: dict[str, tuple[str, str]] = {
    "follow-ups": ("follow-ups.md", "Follow-ups"),
    "contacts": ("contacts/index.md", "Contacts"),
    "companies": ("companies/index.md", "Companies"),
    "places": ("places/index.md", "Places"),
    "notes": ("notes/index.md", "Conversations"),
    "topics": ("topics/index.md", "Topics"),
    "expertise": ("expertise/index.md", "Expertise"),
    "events": ("events/index.md", "Events"),
    "graph": ("graph.md", "Network graph"),
    "stats": ("stats.md", "Activity"),
}
FEED = "follow-ups.ics"
# Each kind of page of one record, by key: its source path.
RECORD_SOURCES = {
    "contact": "contacts/{}.md",
    "note": "notes/{}.md",
    "topic": "topics/{}/index.md",
    "event": "events/{}.md",
    "company": "companies/{}.md",
    "place": "places/{}.md",
    "expertise-area": "expertise/{}.md",
}


@dataclass(frozen=True)
class SiteUrls:
    use_directory_urls: bool = True

    def source(self, kind: str, key: str = "") -> str:
        """The page's source path, e.g. `contacts/aisha-rahman.md`."""
        pattern = RECORD_SOURCES.get(kind)
        if pattern is not None:
            return pattern.format(key)
        if kind == "home":
            return "index.md"
        if kind == "feed":
            return FEED
        return LISTINGS[kind][0]

    def url(self, kind: str, key: str = "") -> str:
        """The page's URL relative to the site root, as MkDocs gives it."""
        return self.url_of_source(self.source(kind, key))

    def url_of_source(self, source: str) -> str:
        if not source.endswith(".md"):
            return source
        stem = source[:-3]
        if not self.use_directory_urls:
            return f"{stem}.html"
        directory, _, name = stem.rpartition("/")
        if name == "index":
            return f"{directory}/" if directory else ""
        return f"{stem}/"


def relative(target: str, page_url: str) -> str:
    """A site-root-relative URL as seen from a page; cheap, since all our URLs are clean paths."""
    depth = page_url.count("/")
    if depth == 0:
        return target or "./"
    return "../" * depth + target
