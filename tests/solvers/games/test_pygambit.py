"""Cross-checks against Gambit (pygambit), the field's standard solver."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.gambit

gbt = pytest.importorskip(
    "pygambit",
    reason="pygambit is not installed here (pip install pygambit; it compiles Gambit's C++ core)",
)

from deterrence.models.combat import Combat  # noqa: E402
from deterrence.models.intervention.finite import FiniteInterventionModel, FiniteSpec  # noqa: E402
from deterrence.models.parameters import Parameters  # noqa: E402
from deterrence.solvers.games.agent_logit import agent_logit_at  # noqa: E402
from deterrence.solvers.games.backward_induction import backward_induction  # noqa: E402
from deterrence.solvers.games.gambit_format import (  # noqa: E402
    parse_efg,
    parse_nfg,
    write_efg,
    write_nfg,
)
from deterrence.solvers.games.logit import logit_at  # noqa: E402
from deterrence.solvers.games.normal_form import NormalFormGame  # noqa: E402
from deterrence.solvers.games.support_enumeration import support_enumeration  # noqa: E402

from .games import as_set, random_nondegenerate, selten_horse, signorino_game  # noqa: E402


def gambit_profiles(game, equilibria) -> list[list[np.ndarray]]:
    return [
        [np.array([float(eq[s]) for s in p.strategies]) for p in game.players] for eq in equilibria
    ]


def to_gambit(game: NormalFormGame):
    return gbt.Game.from_arrays(*[np.asarray(u) for u in game.payoffs])


def test_all_equilibria_agree_with_enummixed_on_200_random_games():
    rng = np.random.default_rng(2026)
    compared = 0
    for size in range(2, 7):
        for _ in range(40):
            m = size
            n = int(rng.integers(2, 7))
            game = random_nondegenerate(rng, m, n)
            ours = support_enumeration(game)
            assert ours.status == "ok"
            g = gbt.Game.from_arrays(*[u.astype(int) for u in game.payoffs])
            theirs = gbt.nash.enummixed_solve(g, rational=False).equilibria
            assert as_set([e.strategies for e in ours.equilibria], 5) == as_set(
                gambit_profiles(g, theirs), 5
            )
            compared += 1
    assert compared >= 200


def test_logit_qre_agrees_with_gambit_at_several_lambdas():
    rng = np.random.default_rng(7)
    for _ in range(6):
        game = random_nondegenerate(rng, *rng.integers(2, 5, 2))
        g = gbt.Game.from_arrays(*[u.astype(int) for u in game.payoffs])
        lambdas = [0.001, 0.003, 0.01]  # payoffs are in the hundreds
        theirs = gbt.qre.logit_solve_lambda(g, lam=lambdas)
        for q, mine in zip(theirs, logit_at(game, [q.lam for q in theirs]), strict=True):
            profile = [np.array([float(q.profile[s]) for s in p.strategies]) for p in g.players]
            assert np.concatenate(mine) == pytest.approx(np.concatenate(profile), abs=1e-8)


def test_signorino_agent_qre_matches_gambit(tmp_path):
    path = tmp_path / "signorino.efg"
    path.write_text(write_efg(signorino_game()))
    g = gbt.read_efg(str(path))
    q = gbt.qre.logit_solve_lambda(g, lam=[2.0])[0]
    theirs = [float(q[i]) for i in range(len(q))]  # players, their infosets, actions
    assert theirs[1] == pytest.approx(0.418748, abs=1e-6)  # P(challenge)
    ours = np.concatenate(agent_logit_at(signorino_game(), [2.0])[0])
    assert ours == pytest.approx(theirs, abs=1e-8)


FINITE_POINTS = [
    dict(stakes=4.0),
    dict(stakes=2.0, interoperability=1.0),
    dict(stakes=6.0, third_party_strength=1.5, third_party_loss=2.0),
    dict(stakes=1.5, force_cost=0.05),
    dict(stakes=3.0, decisiveness=3.0, third_party_cost=0.5),
]


@pytest.mark.parametrize("params", FINITE_POINTS, ids=str)
@pytest.mark.parametrize("values", [(3.0, 0.2), (0.1, -0.5), (1.0, 0.25)])
def test_finite_form_agrees_with_gambit(params, values, tmp_path):
    spec = FiniteSpec((0.5, 1.0, 2.0, 3.0), 0.4, *values)
    model = FiniteInterventionModel(
        Parameters.create(**params), Combat(decisiveness=params.get("decisiveness", 1.5)), spec
    )
    tree = model.tree()
    path = tmp_path / "finite.efg"
    path.write_text(write_efg(tree))
    g = gbt.read_efg(str(path))
    # Gambit's logit branch ends at a sequential (hence subgame-perfect) equilibrium.
    limit = gbt.nash.logit_solve(g).equilibria[0]
    theirs = [
        np.array([float(limit[a]) for a in infoset.actions])
        for player in g.players
        for infoset in player.infosets
    ]
    ours = backward_induction(tree).equilibria[0]
    # Gambit stops the branch at a finite lambda (max regret 1e-8), so compare the
    # action each information set plays, and the equilibrium payoffs.
    mine = np.split(np.concatenate(ours.strategies), np.cumsum([len(t) for t in theirs])[:-1])
    assert [int(np.argmax(t)) for t in theirs] == [int(np.argmax(b)) for b in mine]
    value = [float(limit.payoff(p)) for p in g.players]
    assert value == pytest.approx(list(ours.payoffs), abs=1e-4)
    # and the model's own solution is that equilibrium
    solution = model.solve()
    a_choice = int(np.argmax(theirs[0]))
    assert solution.attack == (a_choice != 0)
    if solution.attack:
        assert solution.force == sorted(spec.force_levels)[a_choice - 1]


def test_files_gambit_writes_are_read_correctly(tmp_path):
    rng = np.random.default_rng(1)
    a, b = rng.integers(-9, 10, (3, 4)), rng.integers(-9, 10, (3, 4))
    g = gbt.Game.from_arrays(a, b, title="from gambit")
    game = parse_nfg(g.to_nfg())
    assert np.array_equal(game.payoffs[0], a) and np.array_equal(game.payoffs[1], b)
    # a tree Gambit wrote: re-export of our file
    path = tmp_path / "t.efg"
    path.write_text(write_efg(signorino_game()))
    tree = parse_efg(gbt.read_efg(str(path)).to_efg())
    assert backward_induction(tree).to_record() == backward_induction(signorino_game()).to_record()


def test_files_we_write_are_read_by_gambit(tmp_path):
    rng = np.random.default_rng(3)
    game = NormalFormGame(tuple(rng.integers(-5, 6, (2, 3, 2)) for _ in range(3)))
    path = tmp_path / "g.nfg"
    path.write_text(write_nfg(game))
    g = gbt.read_nfg(str(path))
    for cell in np.ndindex(*game.shape):
        assert [float(g[cell][p]) for p in g.players] == [float(u[cell]) for u in game.payoffs]


def test_selten_horse_logit_limit_matches_gambit(tmp_path):
    from deterrence.solvers.games.agent_logit import agent_logit_solve

    path = tmp_path / "horse.efg"
    path.write_text(write_efg(selten_horse()))
    g = gbt.read_efg(str(path))
    theirs = gbt.nash.logit_solve(g).equilibria[0]
    flat = [float(theirs[a]) for p in g.players for i in p.infosets for a in i.actions]
    ours = np.concatenate(agent_logit_solve(selten_horse()).equilibria[0].strategies)
    assert ours == pytest.approx(flat, abs=1e-6)
