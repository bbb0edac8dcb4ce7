"""Issue 17's six defects, each reproduced through the command line as a user meets it.

Every test runs ``deterrence solve FILE --json`` (an interface that existed
before issue 17) in a subprocess on one of the project's own game files
(``fixtures/``), and asserts the answer a game theorist expects; the expected
answers are Gambit's committed ones (``fixtures/gambit_answers.json``) or
worked out by hand.  The module imports nothing from the package, so it can
be run against any version of the code (``PYTHONPATH=old/src pytest ...``).
Subprocesses have a hang guard (:data:`GUARD` seconds), not a timing
assertion: on the code before issue 17 some of these runs never ended.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ANSWERS = json.loads((FIXTURES / "gambit_answers.json").read_text())["games"]
GUARD = 300  # seconds: a run still going then is taken as a hang


def solve(name: str, *options: str) -> dict:
    """``deterrence solve fixtures/NAME --json [options]``; fails on a hang, a
    traceback or a non-zero exit."""
    try:
        run = subprocess.run(
            [sys.executable, "-m", "deterrence", "solve", str(FIXTURES / name), "--json", *options],
            capture_output=True,
            text=True,
            timeout=GUARD,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"deterrence solve {name} {' '.join(options)} still running after {GUARD} s")
    assert run.returncode == 0, run.stderr.strip().splitlines()[-1:] or run.stdout
    return json.loads(run.stdout)


def flat(profile) -> np.ndarray:
    return np.concatenate([np.asarray(s, dtype=float) for s in profile])


# 1. Non-equilibria returned as equilibria (a payoff of 1e19 beside payoffs of order 1).
def test_defect_1_no_profile_with_positive_regret_is_returned():
    out = solve("huge_payoff.efg")
    assert out["equilibria"]
    assert out["regrets"] == [0.0] * len(out["equilibria"])  # never 0.5, 1.0 or 1.5


# 2. "Complete" while missing equilibria on trees (strategies merged for equal payoffs).
def test_defect_2_every_pure_profile_of_the_all_equal_tree_is_listed():
    out = solve("all_equal.efg")
    pure = {tuple(round(x) for x in flat(e)) for e in out["equilibria"]}
    # by hand: every payoff is 1/2, so all four pure profiles are equilibria
    assert {(1, 0, 1, 0), (1, 0, 0, 1), (0, 1, 1, 0), (0, 1, 0, 1)} <= pure


# 3. Degenerate bimatrix games lose extreme equilibria.
@pytest.mark.parametrize("name", ["degenerate_3x3_2", "degenerate_3x3_4", "degenerate_3x3_5"])
def test_defect_3_degenerate_games_list_every_extreme_equilibrium(name):
    out = solve(f"{name}.nfg")
    ours = {tuple(np.round(flat(e), 9)) for e in out["equilibria"]}
    theirs = {
        tuple(np.round([float(Fraction(x)) for s in e for x in s], 9))
        for e in ANSWERS[name]["equilibria"]
    }
    assert theirs <= ours, f"missing {len(theirs - ours)} of Gambit's {len(theirs)}"
    assert out["status"] == "complete"


# 4. n-player games: the default method finds one equilibrium, not all.
@pytest.mark.parametrize("name", ["random_2x2x2_2", "random_3x2x2_0", "coordination_3x3x3"])
def test_defect_4_nplayer_default_finds_every_gambit_equilibrium(name):
    out = solve(f"{name}.nfg")
    ours = [flat(e) for e in out["equilibria"]]
    for theirs in ANSWERS[name]["equilibria"]:
        assert any(np.allclose(flat(theirs), o, atol=1e-7) for o in ours), theirs


# 5. Two-player trees with large reduced forms are refused or hang.
def test_defect_5_a_tree_with_4096_reduced_strategies_is_solved():
    out = solve("many_types.efg")
    assert out["equilibria"] and out["regrets"][0] == 0.0


# 6. Agent logit: a tree where only chance moves ends in a traceback.
def test_defect_6_logit_on_a_chance_only_tree_returns_the_trivial_answer():
    out = solve("chance_only.efg", "--method", "logit")
    assert len(out["equilibria"]) == 1
    assert out["payoffs"][0] == pytest.approx([2.0])  # (0 + 3 + 3) / 3


def test_defect_6_logit_on_seltens_horse_ends_at_an_equilibrium():
    out = solve("selten_horse.efg", "--method", "logit")
    assert out["status"] == "ok" and out["regrets"][0] <= 1e-6
