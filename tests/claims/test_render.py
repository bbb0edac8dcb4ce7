"""docs/claims.md is generated from the ledger's data, and its numbers are the data's."""

from __future__ import annotations

import re

from deterrence.runs.claims.render import number, percent, render
from tests.claims.helpers import DOCS_PAGE, committed


def test_the_page_is_the_committed_data_rendered():
    """docs/claims.md equals the template applied to docs/claims.json (regenerate with
    ``python -m deterrence.runs.claims docs``)."""
    assert DOCS_PAGE.read_text(encoding="utf-8") == render(committed())


def test_the_summary_table_shows_each_entry_s_value_verdict_and_share():
    page = DOCS_PAGE.read_text(encoding="utf-8")
    rows = {
        m.group(1): m.group(0)
        for m in re.finditer(r"^\| \[(\w+)\]\(#\w+\) \|.*$", page, flags=re.M)
    }
    claims = committed()["claims"]
    assert list(rows) == [c["id"] for c in claims]
    for c in claims:
        cells = [x.strip() for x in rows[c["id"]].strip("|").split(" | ")]
        assert cells[2] == c["status"] and cells[3] == f"**{c['verdict']}**"
        assert cells[4] == number(c["value"])
        if c["holds_share"] is not None:
            assert cells[5] in {f"{percent(c['holds_share'])} of {w} box" for w in ("the", "its")}


def test_each_entry_s_section_shows_its_command_and_number():
    page = DOCS_PAGE.read_text(encoding="utf-8")
    for c in committed()["claims"]:
        section = page.split(f"\n### {c['id']}\n", 1)[1].split("\n### ", 1)[0]
        assert f"**Verdict: {c['verdict']}.** {c['verdict_text']}" in section
        assert f"**Status**: {c['status']}." in section
        if c["command"]:
            assert f"`{c['command']}` prints **{number(c['value'])}**" in section
        for d in c["drivers"] or []:
            assert f"`{d['parameter']}` {number(d['ST'])} ± {number(d['ST_conf'])}" in section
    assert committed()["verdict_rule"] in page


def test_number_formatting():
    assert number(None) == "–" and number(0.0) == "0" and number(3) == "3"
    assert number(0.141951) == "0.142" and number(248.92) == "248.9"
    assert number(-0.0979) == "-0.0979"
    assert number(1234.5) == "1,234" or number(1234.5) == "1,235"
    assert percent(0.326) == "32.6%"
