"""One record, one belief: the Taiwan scenario takes Russia-China 2019 from the dated record."""

from __future__ import annotations

import pytest

from deterrence.runs.config import load_config


def test_taiwan_belief_and_interoperability_are_the_records_2019_values():
    (lo, hi), e = load_config("russia_china_2001_2019").model.state(2019)
    taiwan = load_config("taiwan_2026").model
    assert (taiwan.belief.lo, taiwan.belief.hi) == pytest.approx((lo, hi), abs=5e-4)
    assert taiwan.params.interoperability == pytest.approx(e, abs=5e-4)
