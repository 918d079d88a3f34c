"""Activity charts: conversations and new contacts per month, the busiest topics, on /stats/ and home."""

from __future__ import annotations

import datetime as dt

from html_sections import content, parse
from hypothesis import given
from hypothesis import strategies as st
from kith.core.activity import busiest_topics, conversations_per_month, new_contacts_per_month, recent_months
from kith.core.loader import load_vault
from kith.core.network import Network
from kith.site.charts import month_columns, nice_ticks, topic_rows

TODAY = dt.date(2026, 11, 22)


def busy_vault(vault) -> None:  # type: ignore[no-untyped-def]
    vault.contact("ana", name="Ana Lima", met="2026-11-02", tags=["ignored-on-contacts"])
    vault.contact("ben", name="Ben Ode", met="2025-01-31")
    vault.contact("old", name="Old Friend", met="2019-05-01")
    vault.contact("nomet", name="No Date")
    notes = [
        ("2026-11-20", ["ai", "health"]), ("2026-11-01", ["ai"]), ("2026-06-15", ["ai", "ai"]),
        ("2025-12-01", ["health"]), ("2025-11-23", ["old-news"]), ("2025-11-22", ["too-old"]),
        ("2024-12-01", []), ("2024-11-30", ["before-the-window"]), ("2026-11-23", ["future"]),
    ]
    for index, (date, tags) in enumerate(notes):
        vault.note(f"{date}-n{index}", date=date, title=f"Note {index}", tags=tags, **{"with": ["ana"]})


def test_recent_months_cross_the_new_year() -> None:
    months = recent_months(dt.date(2026, 2, 10), 4)
    assert months == [dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert len(recent_months(TODAY, 24)) == 24 and recent_months(TODAY, 24)[0] == dt.date(2024, 12, 1)


def test_counts_per_month_and_busiest_topics(vault) -> None:  # type: ignore[no-untyped-def]
    busy_vault(vault)
    network = Network(load_vault(vault.root))
    per_month = {m.month: m.count for m in conversations_per_month(network, TODAY)}
    assert len(per_month) == 24
    assert per_month[dt.date(2026, 11, 1)] == 2  # the 23 Nov note is after today: not counted
    assert per_month[dt.date(2024, 12, 1)] == 1  # the first month of the window counts in full
    assert sum(per_month.values()) == 7  # 30 Nov 2024 is before the window
    met = {m.month: m.count for m in new_contacts_per_month(network, TODAY)}
    assert met[dt.date(2026, 11, 1)] == 1 and met[dt.date(2025, 1, 1)] == 1 and sum(met.values()) == 2
    # The last 12 months: 23 Nov 2025 is in, 22 Nov 2025 is out; a tag counts once per note.
    topics = [(t.key, t.count) for t in busiest_topics(network, TODAY)]
    assert topics == [("ai", 3), ("health", 2), ("old-news", 1)]
    assert [t.key for t in busiest_topics(network, TODAY, limit=1)] == ["ai"]


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=2, max_value=8))
def test_axis_ticks_cover_the_data_in_even_round_steps(maximum: int, most: int) -> None:
    ticks = nice_ticks(maximum, most)
    assert ticks[0] == 0 and ticks[-1] >= maximum and len(ticks) - 1 <= max(most, 1)
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    step = steps.pop()
    assert str(step).rstrip("0") in ("1", "2", "5")


def test_chart_geometry_stays_in_its_box(vault) -> None:  # type: ignore[no-untyped-def]
    busy_vault(vault)
    network = Network(load_vault(vault.root))
    chart = month_columns(conversations_per_month(network, TODAY), "conversation")
    assert len(chart.bars) == 24 and chart.total == 7
    tallest = max(chart.bars, key=lambda b: b.value)
    for bar in chart.bars:
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right
        assert chart.top <= bar.y and abs(bar.y + bar.height - chart.bottom) < 0.2
        # Heights are proportional to the values.
        assert abs(bar.height * tallest.value - tallest.height * bar.value) < 0.2 * tallest.value
    assert chart.bars[-1].title == "November 2026: 2 conversations"
    rows = topic_rows(busiest_topics(network, TODAY))
    assert [b.label for b in rows.bars] == ["ai", "health", "old-news"]
    assert rows.bars[0].width > rows.bars[1].width > rows.bars[2].width > 0
    assert all(b.y + b.height <= rows.height for b in rows.bars)


def test_stats_page_and_home_chart_in_the_built_site(vault) -> None:  # type: ignore[no-untyped-def]
    busy_vault(vault)
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    page = content(result.page("stats/"))
    assert page.find("h1").text() == "Activity"
    charts = page.find_all("svg", "kith-chart")
    assert len(charts) == 3
    conversations, new_contacts, topics = charts
    caption = conversations.find("title").text()
    assert caption.startswith("Conversations per month, December 2024 to November 2026")
    bar_titles = [g.find("title").text() for g in conversations.find_all("g", "kith-chart__bar")]
    assert len(bar_titles) == 24 and bar_titles[-1] == "November 2026: 2 conversations"
    assert "January 2025: 1 new contact" in [g.find("title").text()
                                             for g in new_contacts.find_all("g", "kith-chart__bar")]
    # A month's bar leads to that month on the conversations page, and the anchor is there.
    # (Links in an SVG are xlink:href: see kith/graph-svg.html, Material's instant navigation.)
    notes_page = parse(result.page("notes/"))
    for link in conversations.find_all("a"):
        href = link.attrs["xlink:href"]
        assert href.startswith("../notes/#")
        assert notes_page.find(id=href.split("#")[1]) is not None, href
    assert [a.attrs["xlink:href"] for a in topics.find_all("a")] == [
        "../topics/ai/", "../topics/health/", "../topics/old-news/"]
    assert "7 conversations from December 2024 to November 2026" in page.text()
    home = content(result.page(""))
    home_chart = home.find("figure", "kith-home-chart")
    assert home_chart is not None
    assert len(home_chart.find_all("g", "kith-chart__bar")) == 24
    assert any(a.attrs.get("href") == "stats/" for a in home_chart.find_all("a"))


def test_empty_vault_has_calm_charts(vault) -> None:  # type: ignore[no-untyped-def]
    vault.contact("ana", name="Ana Lima")
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    page = content(result.page("stats/"))
    assert "No tagged conversation in the last 12 months." in page.text()
    assert "0 conversations from" in page.text()
    assert content(result.page("")).find("figure", "kith-home-chart") is None
