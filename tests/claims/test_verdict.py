"""The verdict rule on hand-made inputs, and how the ledger reads a command's output."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from deterrence.runs.claims import box
from deterrence.runs.claims.record import (
    FAILS_AT,
    HOLDS_AT,
    VERDICT_RULE,
    Claim,
    verdict_along,
    verdict_by_share,
)
from deterrence.runs.claims.values import ValueKeyError, documents, extract


def table(values):
    """A stand-in for a solved box: only its frame is read by box.share."""
    return SimpleNamespace(frame=pd.DataFrame({"y": values}))


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ([0.2, 0.3, 0.5, 0.9], "holds"),  # the condition y > 0.1 holds everywhere
        ([0.0, 0.01, 0.05, 0.1], "fails"),  # nowhere (0.1 is not above 0.1)
        ([0.0, 0.2, 0.3, 0.05], "holds in part"),  # at half the points
    ],
)
def test_a_condition_everywhere_holds_nowhere_fails_in_part_holds_in_part(values, verdict):
    assert verdict_by_share(box.share(table(values), "y", 0.1)) == verdict


def test_the_rule_at_its_edges():
    assert (HOLDS_AT, FAILS_AT) == (0.9, 0.1)
    assert verdict_by_share(0.9) == "holds" and verdict_by_share(0.8999) == "holds in part"
    assert verdict_by_share(0.1) == "fails" and verdict_by_share(0.1001) == "holds in part"
    assert verdict_by_share(1.0) == "holds" and verdict_by_share(0.0) == "fails"
    for bad in (-0.01, 1.01):
        with pytest.raises(ValueError):
            verdict_by_share(bad)
    assert "90%" in VERDICT_RULE and "10%" in VERDICT_RULE and "not tested" in VERDICT_RULE


def test_a_point_without_a_value_is_an_error_not_a_share():
    with pytest.raises(ValueError, match="no value"):
        box.share(table([0.2, float("nan")]), "y", 0.1)


def test_verdict_along_a_weight():
    assert verdict_along([True, True, True]) == "holds"
    assert verdict_along([False, False]) == "fails"
    assert verdict_along([True, False, False]) == "holds in part"
    with pytest.raises(ValueError):
        verdict_along([])


def entry(**kw):
    base = dict(
        id="X",
        claim="c",
        quote="q",
        place="p",
        status="result",
        assumes="a",
        test="t",
        command="deterrence solve default --json",
        value_key="threshold",
        value=1.0,
        unit="u",
        verdict="holds",
        verdict_text="v",
    )
    return Claim(**(base | kw))


def test_a_record_cannot_state_a_verdict_its_share_does_not_show():
    assert entry(holds_share=0.95).verdict == "holds"
    with pytest.raises(ValueError, match="contradicts"):
        entry(holds_share=0.5)
    with pytest.raises(ValueError, match="not tested"):
        entry(status="assumption")
    with pytest.raises(ValueError, match="status"):
        entry(status="maybe")
    assert entry(status="assumption", verdict="not tested").to_record()["verdict"] == "not tested"


def test_value_keys_read_paths_selections_and_differences():
    out = '{"a": {"b": [1, 2.5]}, "rows": [{"case": "x", "v": 3}, {"case": "y", "v": 5}]}'
    docs = documents(out)
    assert extract(docs, "a.b[1]") == 2.5
    assert extract(docs, "rows[case=y].v") == 5
    assert extract(docs, "rows[case=y].v - rows[case=x].v") == 2
    assert extract(docs, "rows[case=x].v / a.b[1]") == pytest.approx(1.2)
    two = documents('{"t": 2.0}\n{"t": 4.0}\n')
    assert extract(two, "[0].t / [1].t") == 0.5
    for bad in ("rows[case=z].v", "a.c", "rows", "rows[case=x].v / a.b[5]"):
        with pytest.raises(ValueKeyError):
            extract(docs, bad)
    with pytest.raises(ValueKeyError, match="start with"):
        extract(two, "t")
