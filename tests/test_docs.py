"""README's field reference is made from kith's table of fields, and stays in step with it."""

from __future__ import annotations

from kith.core.fields import reference_table
from kith_vault import REPO


def test_readme_has_the_field_reference_as_the_table_makes_it() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Field reference\n", 1)[1].split("\n## ", 1)[0]
    assert reference_table() in section, (
        "README's field reference differs from core/fields.py; paste the output of "
        "python -c 'from kith.core.fields import reference_table; print(reference_table())'")
