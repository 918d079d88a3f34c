"""The one URL-safety rule (core/url_safety.py): which URLs from a user's files become links, judged
as a browser reads them, and the same for a profile's links, a body's links and the calendar feed."""

from __future__ import annotations

import pytest
from html_sections import content
from icalendar import Calendar
from kith.core.ics import inert
from kith.core.url_safety import external_link, local_image, safe_external_url, safe_url, scheme

# Each written the ways a browser still reads as the scheme: any case, entities, control characters
# and whitespace inside or around it.
SCRIPT_URLS = [
    "javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(1)", "  javascript:alert(1)",
    "\x01javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "java\r\nscript:alert(1)",
    "java\x00script:alert(1)", "javascript\t:alert(1)", "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)", "&#0000106avascript:alert(1)", "javascript&colon;alert(1)",
    "jav&#x09;ascript:alert(1)", "java&Tab;script:alert(1)",
    "vbscript:msgbox(1)", "VBScript:msgbox(1)", "vb\tscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:text/html,<script>alert(1)</script>",
    "d&#97;ta:text/html,x", "data:image/svg+xml,<svg onload=alert(1)>",
    # Schemes kith does not know may start any program registered for them.
    "file:///etc/passwd", "ms-msdt:/id PCWDiagnostic", "livescript:x", "view-source:https://x.example",
]
SAFE_LINKS = [
    "https://example.org/a?b=1#c", "HTTP://EXAMPLE.ORG", "  https://example.org  ", "mailto:kim@example.org",
    "tel:+447700900123", "sms:+447700900123", "webcal://example.org/cal.ics", "obsidian://open?vault=v",
    "zotero://select/items/X", "geo:51.5,-0.1",
]
RELATIVE = ["../kim-osei/", "#about", "notes/x.md", "?q=1", "javascript", "page.html#javascript:x",
            "java script", "x/javascript:alert(1)"]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_a_url_that_runs_code_or_starts_a_program_is_refused(url: str) -> None:
    assert not safe_url(url)
    assert not safe_external_url(url)


@pytest.mark.parametrize("url", SAFE_LINKS)
def test_links_to_the_web_mail_phones_and_apps_are_kept(url: str) -> None:
    assert safe_url(url) and safe_external_url(url)


@pytest.mark.parametrize("url", RELATIVE)
def test_a_url_without_a_scheme_is_a_page_of_the_site(url: str) -> None:
    assert scheme(url) is None
    assert safe_url(url)  # in a body: a link within the site
    assert not safe_external_url(url)  # as a profile's link out: it would lead nowhere


@pytest.mark.parametrize(("url", "link"), [
    ("linkedin.com/in/kim", "https://linkedin.com/in/kim"), ("www.example.org", "https://www.example.org"),
    ("  github.com/kim?tab=repos ", "https://github.com/kim?tab=repos"), ("https://ok.example/", "https://ok.example/"),
    ("mailto:kim@example.org", "mailto:kim@example.org"), *[(url, None) for url in SCRIPT_URLS],
    ("../kim-osei/", None), ("#about", None), ("kim osei", None), ("localhost", None),
])
def test_a_profile_link_without_a_scheme_is_a_web_address(url: str, link: str | None) -> None:
    assert external_link(url) == link


def test_the_scheme_is_read_as_a_browser_reads_it() -> None:
    assert scheme("  Ja\tVa\nScRiPt:x") == "javascript"
    assert scheme("&#x68;ttps://x") == "https"
    assert scheme("https\u200b://x") is None  # not a scheme to a browser either: a relative URL


@pytest.mark.parametrize(("url", "local"), [
    ("photo.png", True), ("../img/a.png", True), ("data:image/png;base64,AAAA", True),
    ("DATA:IMAGE/png;base64,AAAA", True), ("https://tracker.example/p.gif", False),
    ("//tracker.example/p.gif", False), ("\\\\tracker.example\\p.gif", False), ("/\\tracker.example", False),
    (" \t//tracker.example/p.gif", False), ("data:text/html,x", False), ("javascript:alert(1)", False),
])
def test_an_image_loads_only_from_the_site(url: str, local: bool) -> None:
    assert local_image(url) is local


@pytest.mark.parametrize(("text", "shown"), [
    ("see javascript:alert(1)", "see javascript\ufe55alert(1)"),
    ("JavaScript:alert(1)", "JavaScript\ufe55alert(1)"),
    ("data:text/html,x", "data\ufe55text/html,x"),
    ("open ms-msdt:/id", "open ms-msdt\ufe55/id"),
    ("read https://example.org, mailto:kim@example.org", "read https://example.org, mailto:kim@example.org"),
    ("Agenda: the pilot at 10:30", "Agenda: the pilot at 10:30"),
])
def test_calendar_text_offers_no_unsafe_url_to_an_app_that_makes_links(text: str, shown: str) -> None:
    assert inert(text) == shown


def _hrefs(element) -> set[str]:
    return {a.attrs["href"] for a in element.find_all("a") if "href" in a.attrs}


def test_profile_links_body_links_and_the_feed_follow_the_same_rule(vault) -> None:
    urls = {"web": "https://ok.example/", "app": "obsidian://open?vault=v", "mail": "mailto:kim@example.org",
            **{f"bad{number}": url for number, url in enumerate(SCRIPT_URLS)}}
    body = "\n".join(f"- [{label}]({url.strip()})" for label, url in urls.items()
                     if "\n" not in url and " " not in url.strip())
    vault.contact("kim-osei", f"{body}\n", name="Kim Osei", links=urls, linkedin="linkedin.com/in/kim")
    vault.note("2026-11-20-call", "- [ ] Open javascript:alert(1) and https://ok.example/ 📅 2026-11-24\n",
               date="2026-11-20", title="Call", **{"with": ["Kim Osei"]})
    result = vault.build()
    assert result.returncode == 0, result.log
    page = content(result.page("contacts/kim-osei/"))
    profile = {a.attrs["href"] for dd in page.find_all("dd") for a in dd.find_all("a")
               if a.attrs.get("rel") == "noopener noreferrer"}
    # `linkedin: linkedin.com/in/kim`, as contact plugins write it: a web address, linked with https.
    assert profile == {"https://ok.example/", "obsidian://open?vault=v", "mailto:kim@example.org",
                       "https://linkedin.com/in/kim"}
    assert {"https://ok.example/", "obsidian://open?vault=v"} <= _hrefs(page.find("div", "kith-body"))
    assert all(safe_url(href) for href in _hrefs(page))
    feed = Calendar.from_ical((result.site / "follow-ups.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]
    assert "Open javascript\ufe55alert(1) and https://ok.example/ (Kim Osei)" in summaries
