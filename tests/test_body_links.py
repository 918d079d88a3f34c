"""`[[links]]` and task dates in a body: kith's HTML for them is kept out of the Markdown as words
and put back into the rendered body (site/markdown.py `MARK`). The page reads as if Markdown had
been given the HTML: labels keep their Markdown, headings their names, and no word of the
mechanism reaches a file of the site."""

from __future__ import annotations

import re
from pathlib import Path

from kith_vault import MKDOCS_YML, Vault

LEFT_OVER = re.compile(rb"kith[0-9a-f]{12}n\d+z")

BODY = """\
## Talked with [[Kim Lee]] about AI

Setext with [[Sam O*Neil]]
--------------------------

A paragraph with [[Kim Lee]], _[[Sam O*Neil]]_, **[[Kim Lee|Kimmy]]**, [[Pat Secret]], [[A Book]],
[[Kim Le]] and a word that only looks like one: kith000000000000n0z.

| who | what |
|-----|------|
| [[Kim Lee]] | lunch |

- [ ] Send [[Kim Lee]] the deck 📅 2026-12-01
- [-] Cancelled [[Sam O*Neil]] thing ❌ 2026-11-20
- [/] In progress 📅 2026-11-25 #waiting

[styled](https://example.org/){: title="[[Kim Lee]]" } and ![[[Kim Lee]]](pic.png)
"""

# The tests' usual configuration, with attr_list: a body can put a `[[link]]` in an attribute.
MKDOCS_WITH_ATTR_LIST = MKDOCS_YML.replace("markdown_extensions:\n",
                                           "markdown_extensions:\n  - attr_list\n", 1)


def test_links_and_task_dates_read_as_written(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault", MKDOCS_WITH_ATTR_LIST)
    vault.contact("kim-lee", "Kim knows [[Sam O*Neil|Sam *the* man]].", name="Kim Lee")
    vault.contact("sam-oneil", "Sam.", name="Sam O*Neil")
    vault.contact("pat", "Private.", name="Pat Secret", private=True)
    vault.note("2026-11-20-call", BODY, title="Call with Kim", date="2026-11-20", **{"with": ["Kim Lee"]})
    result = vault.build(strict=False)
    assert result.returncode == 0, result.log
    note = result.page("notes/2026-11-20-call/")
    # Headings keep the name as their text, in their id and in the table of contents.
    assert re.search(r'<h2 id="talked-with-kim-lee-about-ai">Talked with <a class="kith-link '
                     r'kith-link--contact" href="../../contacts/kim-lee/"[^>]*>Kim Lee</a> about AI', note)
    assert 'id="setext-with-sam-oneil"' in note
    assert re.search(r'href="#talked-with-kim-lee-about-ai"[^>]*>\s*<span class="md-ellipsis">\s*'
                     r'Talked with Kim Lee about AI', note)
    # Links in emphasis, in a table, in tasks; a private person and a page that is not a person.
    assert re.search(r'<em><a class="kith-link kith-link--contact" href="../../contacts/sam-oneil/"[^>]*>'
                     r'Sam O\*Neil</a></em>', note)
    assert re.search(r'<strong><a [^>]*href="../../contacts/kim-lee/"[^>]*>Kimmy</a></strong>', note)
    assert re.search(r'<td><a [^>]*href="../../contacts/kim-lee/"[^>]*>Kim Lee</a></td>', note)
    assert re.search(r'Send <a [^>]*href="../../contacts/kim-lee/"[^>]*>Kim Lee</a> the deck\s*'
                     r'<span class="kith-task__dates">due 1 Dec 2026</span>', note)
    assert '<span class="kith-badge kith-badge--waiting">waiting on them</span>' in note
    assert '<span class="kith-private">(private)</span>' in note and "Pat Secret" not in note
    assert '<span class="kith-page">A Book</span>' in note
    assert 'class="kith-unresolved"' in note
    # A word the user wrote stays a word.
    assert "kith000000000000n0z" in note
    # A label keeps its Markdown.
    profile = result.page("contacts/kim-lee/")
    assert re.search(r'href="../../contacts/sam-oneil/"[^>]*>Sam <em>the</em> man</a>', profile)
    # No word of the mechanism anywhere, nor a link inside an attribute.
    for path in result.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics"):
            assert not LEFT_OVER.search(path.read_bytes().replace(b"kith000000000000n0z", b"")), path
    assert not re.search(r'title="[^"]*<a ', note)
