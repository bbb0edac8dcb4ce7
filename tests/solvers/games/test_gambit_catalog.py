"""Live cross-check against Gambit on every game of ``pygambit.catalog`` (issue 17).

What must be shown, per game (``pytest -m gambit``; skipped without pygambit):

* two-player strategic games: the same set of extreme equilibria as
  ``enummixed_solve(rational=True)``, degenerate games included;
* n-player strategic games: every equilibrium of ``enumpoly_solve`` found (for
  nau2004 sec6, where Gambit's enumpoly does not finish, every pure equilibrium
  of ``enumpure_solve``);
* trees: every profile we return has exact regret 0 and at least one of
  Gambit's equilibria has the same outcome distribution as one of ours;
* trees without perfect recall: refused in one line.

Then a generated set: random degenerate bimatrix games (small integer payoffs,
so ties abound) and random n-player games, against the same Gambit methods.
"""

from __future__ import annotations

import multiprocessing
from fractions import Fraction

import numpy as np
import pytest

pytestmark = pytest.mark.gambit

gbt = pytest.importorskip(
    "pygambit",
    reason="pygambit is not installed here (pip install '.[gambit]')",
)
import pygambit.catalog as catalog  # noqa: E402

from deterrence.runs.errors import ConfigError  # noqa: E402
from deterrence.runs.game_files import solve_game  # noqa: E402
from deterrence.solvers.games.backward_induction import behaviour_of  # noqa: E402
from deterrence.solvers.games.errors import GameError  # noqa: E402
from deterrence.solvers.games.extreme_equilibria import extreme_equilibria  # noqa: E402
from deterrence.solvers.games.gambit_format import parse_efg, parse_nfg  # noqa: E402
from deterrence.solvers.games.normal_form import NormalFormGame  # noqa: E402
from deterrence.solvers.games.polynomial_enumeration import polynomial_enumeration  # noqa: E402

CATALOG = list(catalog.games().Game)
ENUMPOLY_DOES_NOT_FINISH = {"journals/ijgt/nau2004/sec6"}
ATOL = 1e-6  # Gambit's enumpoly answers are floats
ENUMPOLY_SECONDS = 60.0


def _leaves(node):
    if node.is_terminal:
        yield node
    for child in node.children:
        yield from _leaves(child)


def _ours_verified(game, result) -> None:
    assert result.equilibria, "no equilibrium returned"
    for e in result.equilibria:
        if e.exact_regret is not None:
            assert e.exact_regret == 0
        else:  # irrational: a tolerance relative to each player's own payoff range
            assert e.regret <= 1e-9 * max(1.0, *game.player_ranges())


def _same_extreme_set(g, game) -> None:
    theirs = {
        tuple(Fraction(str(e[s])) for p in g.players for s in p.strategies)
        for e in gbt.nash.enummixed_solve(g, rational=True).equilibria
    }
    ours = extreme_equilibria(game)
    assert ours.status == "complete"
    assert {tuple(x for s in e.exact for x in s) for e in ours.equilibria} == theirs


def _every_gambit_equilibrium_found(g, game, name: str = "") -> None:
    result = polynomial_enumeration(game)
    _ours_verified(game, result)
    mine = [np.concatenate(e.strategies) for e in result.equilibria]
    theirs = None if name in ENUMPOLY_DOES_NOT_FINISH else _enumpoly_bounded(g)
    if theirs is None:  # Gambit's enumpoly did not finish: every pure equilibrium, at least
        theirs = [_flat(g, eq) for eq in gbt.nash.enumpure_solve(g).equilibria]
    for t in theirs:
        assert any(np.allclose(t, m, atol=ATOL) for m in mine), t


def _flat(g, eq) -> np.ndarray:
    return np.array([float(eq[s]) for p in g.players for s in p.strategies])


def _enumpoly_bounded(g, seconds: float = ENUMPOLY_SECONDS) -> list[np.ndarray] | None:
    """Gambit's enumpoly answers, or None where it does not finish in ``seconds``.

    enumpoly can run for hours on some small degenerate games, so it runs in a
    forked child that is killed at the limit.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def work() -> None:
        send.send([_flat(g, eq) for eq in gbt.nash.enumpoly_solve(g).equilibria])

    child = context.Process(target=work, daemon=True)
    child.start()
    answer = receive.recv() if receive.poll(seconds) else None
    child.kill()
    child.join()
    return answer


@pytest.mark.parametrize("name", CATALOG)
def test_catalog_game_agrees_with_gambit(name):
    g = catalog.load(name)
    if not g.is_tree:
        game = parse_nfg(g.to_nfg())
        if len(g.players) == 2:
            _same_extreme_set(g, game)
        else:
            _every_gambit_equilibrium_found(g, game, name)
        return
    if not g.is_perfect_recall:
        with pytest.raises((GameError, ConfigError), match="perfect recall"):
            solve_game(parse_efg(g.to_efg()), None)
        return
    tree = parse_efg(g.to_efg())
    result = solve_game(tree, None)
    for e in result.equilibria:
        if e.exact_regret is not None:
            assert e.exact_regret == 0
        else:
            assert tree.regret(list(_behaviour(tree, e))) <= 1e-6 * _scale(tree)
    leaves = sorted(tree.payoff_at)
    mine = []
    for e in result.equilibria:
        reach = tree.reach(behaviour_of(tree, e))
        mine.append(np.array([float(reach[v]) for v in leaves]))
    if len(g.players) == 2:
        theirs = gbt.nash.lcp_solve(g, rational=True).equilibria
    else:
        theirs = gbt.nash.logit_solve(g).equilibria
    theirs = [e.as_behavior() if hasattr(e, "as_behavior") else e for e in theirs]
    outcomes = [np.array([float(e.realiz_prob(v)) for v in _leaves(g.root)]) for e in theirs]
    assert any(np.allclose(t, m, atol=ATOL) for t in outcomes for m in mine)


def _behaviour(tree, e):
    return behaviour_of(tree, e)


def _scale(tree) -> float:
    return max(1.0, max(float(np.abs(p).max()) for p in tree.payoff_at.values()))


# ------------------------------------------------------------------ generated games
@pytest.mark.parametrize("seed", range(40))
def test_random_degenerate_bimatrix_games_agree_with_enummixed(seed):
    rng = np.random.default_rng(1000 + seed)
    m, n = rng.integers(2, 5, 2)
    a, b = rng.integers(0, 3, (2, m, n))  # three payoff values: ties everywhere
    game = NormalFormGame.bimatrix(a, b)
    _same_extreme_set(gbt.Game.from_arrays(a, b), game)


@pytest.mark.parametrize("seed", range(16))
def test_random_nplayer_games_find_every_enumpoly_equilibrium(seed):
    rng = np.random.default_rng(2000 + seed)
    shape = [(2, 2, 2), (3, 2, 2), (2, 2, 2, 2), (3, 3, 2)][seed % 4]
    high = 3 if seed % 2 else 20  # odd seeds: small payoffs, hence degenerate games
    payoffs = [rng.integers(0, high + 1, shape) for _ in shape]
    game = NormalFormGame(tuple(payoffs))
    _every_gambit_equilibrium_found(gbt.Game.from_arrays(*payoffs), game)
