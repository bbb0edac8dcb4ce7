"""Combat models against their defining formulas (docs/references.md)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from deterrence.models.combat import Combat


def test_contest_is_tullock_ratio_form():
    c = Combat("contest", decisiveness=2.0)
    f = np.array([0.1, 1.0, 3.0, 50.0])
    np.testing.assert_allclose(c.win_probability(f, 1.5), f**2 / (f**2 + 1.5**2), rtol=1e-14)


@pytest.mark.parametrize("m, known", [(1.0, 0.75), (2.0, 0.90)])
def test_contest_three_to_one_rule(m, known):
    """A 3:1 force ratio wins with 0.75 at r = 1 and 0.90 at r = 2 (Mearsheimer 1989)."""
    assert Combat("contest", decisiveness=m).win_probability(3.0, 1.0) == pytest.approx(known)


@pytest.mark.parametrize("name, a", [("lanchester_square", 2.0), ("lanchester_linear", 1.0)])
def test_lanchester_lognormal_noise(name, a):
    c = Combat(name, effectiveness_ratio=1.7, effectiveness_noise=0.4)
    f = np.array([0.2, 1.0, 2.5])
    expected = norm.cdf((a * np.log(f / 1.3) + np.log(1.7)) / 0.4)
    np.testing.assert_allclose(c.win_probability(f, 1.3), expected, rtol=1e-12)


def test_lanchester_square_law_equal_strength_is_even():
    # alpha A^2 = beta B^2 exactly: the square law's knife edge, p = 1/2 under symmetric noise
    c = Combat("lanchester_square", effectiveness_ratio=0.25, effectiveness_noise=0.5)
    assert c.win_probability(2.0, 1.0) == pytest.approx(0.5, abs=1e-15)


@pytest.mark.parametrize("name", ["contest", "lanchester_square", "lanchester_linear"])
@pytest.mark.parametrize("target", [0.05, 0.5, 0.8, 0.99])
def test_required_force_inverts_win_probability(name, target):
    c = Combat(name, decisiveness=1.3, effectiveness_ratio=0.8, effectiveness_noise=0.7)
    force = c.required_force(target, 1.4)
    assert c.win_probability(force, 1.4) == pytest.approx(target, abs=1e-13)


def test_unknown_combat_model():
    with pytest.raises(ValueError, match="allowed"):
        Combat("melee")
