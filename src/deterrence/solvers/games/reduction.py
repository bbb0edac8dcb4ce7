"""A tree's strategic form, and behaviour strategies from mixed ones.

* The (reduced) normal form: a pure strategy picks an action at every
  information set of its player; the payoff of a pure profile is the expected
  leaf payoff over chance (von Neumann & Morgenstern 1944; Osborne &
  Rubinstein 1994, sec. 11.1).  Strategies that give every player the same
  payoffs against every opponent profile (they differ only where the play
  cannot reach) are merged, as in Gambit's reduced strategic form.
* Kuhn's theorem (1953): with perfect recall, a mixed strategy x of player i
  is outcome-equivalent to the behaviour strategy
  b(I)(a) = x(strategies reaching I and choosing a at I) / x(strategies reaching I),
  with any distribution where x reaches I with probability 0 (we use the
  marginal of x at I).
* Equilibria of imperfect-information two-player trees: the normal form's
  equilibria (support enumeration), mapped to behaviour strategies.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.extensive_form import ExtensiveFormGame
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import Equilibrium, NashResult, unique
from deterrence.solvers.games.support_enumeration import support_enumeration

MAX_PURE_PROFILES = 2_000_000  # refuse normal forms larger than this


@dataclass(frozen=True)
class StrategicForm:
    """A tree's reduced normal form; ``plans[i][s]`` is strategy s of player i as a
    tuple of action indices, one per information set of i (in ``tree.infosets_of(i)``)."""

    game: NormalFormGame
    plans: tuple[tuple[tuple[int, ...], ...], ...]


def strategic_form(tree: ExtensiveFormGame) -> StrategicForm:
    """The reduced normal form of a tree."""
    plans = []
    for i in range(tree.n_players):
        sets = tree.infosets_of(i)
        plans.append(list(product(*(range(len(tree.infosets[k].actions)) for k in sets))))
    count = int(np.prod([len(p) for p in plans]))
    if count > MAX_PURE_PROFILES:
        raise GameError(
            f"the normal form would have {count} pure profiles (limit {MAX_PURE_PROFILES})"
        )
    payoffs = np.zeros((tree.n_players, *[len(p) for p in plans]))
    for cell in np.ndindex(*[len(p) for p in plans]):
        payoffs[(slice(None), *cell)] = tree.expected_payoffs(_pure_behaviour(tree, plans, cell))
    keep = [_distinct(payoffs, i) for i in range(tree.n_players)]
    payoffs = payoffs[(slice(None), *np.ix_(*keep))]
    kept = tuple(tuple(plans[i][s] for s in keep[i]) for i in range(tree.n_players))
    labels = tuple(
        tuple(
            "".join(
                tree.infosets[k].actions[a][:12] + "/"
                for k, a in zip(tree.infosets_of(i), plan, strict=True)
            ).rstrip("/")
            or "-"
            for plan in kept[i]
        )
        for i in range(tree.n_players)
    )
    game = NormalFormGame(tuple(payoffs), players=tree.players, strategies=labels, title=tree.title)
    return StrategicForm(game, kept)


def _plan_label(tree: ExtensiveFormGame, player: int, plan: tuple[int, ...]) -> str:
    """A pure strategy's name: its action at each information set, joined by '/'."""
    sets = tree.infosets_of(player)
    return "/".join(tree.infosets[k].actions[a] for k, a in zip(sets, plan, strict=True)) or "-"


def _pure_behaviour(tree, plans, cell) -> list[np.ndarray]:
    behaviour = [np.zeros(len(s.actions)) for s in tree.infosets]
    for i, s in enumerate(cell):
        for k, a in zip(tree.infosets_of(i), plans[i][s], strict=True):
            behaviour[k][a] = 1.0
    return behaviour


def _distinct(payoffs: np.ndarray, player: int) -> list[int]:
    """Strategies of ``player`` that are not payoff-duplicates of an earlier one."""
    rows = np.moveaxis(payoffs, player + 1, 0).reshape(payoffs.shape[player + 1], -1)
    keep: list[int] = []
    for s in range(len(rows)):
        if not any(np.allclose(rows[s], rows[t], rtol=0, atol=1e-12) for t in keep):
            keep.append(s)
    return keep


def behaviour_from_mixed(
    tree: ExtensiveFormGame, form: StrategicForm, mixed: tuple[np.ndarray, ...]
) -> list[np.ndarray]:
    """Kuhn's behaviour strategies of a mixed profile of the reduced normal form."""
    behaviour = [np.zeros(len(s.actions)) for s in tree.infosets]
    for i in range(tree.n_players):
        sets = tree.infosets_of(i)
        position = {k: j for j, k in enumerate(sets)}
        for k in sets:
            history = tree.own_history(tree.infosets[k].nodes[0], i)
            reaches = np.array(
                [all(plan[position[h]] == a for h, a in history) for plan in form.plans[i]]
            )
            weights = mixed[i] * reaches
            if weights.sum() <= 1e-15:
                weights = mixed[i]
            choice = np.array([plan[position[k]] for plan in form.plans[i]])
            b = np.bincount(choice, weights=weights, minlength=len(tree.infosets[k].actions))
            behaviour[k] = b / b.sum()
    return behaviour


def tree_equilibria(tree: ExtensiveFormGame) -> NashResult:
    """Equilibria of a two-player tree via its reduced normal form (support enumeration)."""
    if tree.n_players != 2:
        raise GameError(f"the normal-form route needs two players, this tree has {tree.n_players}")
    form = strategic_form(tree)
    result = support_enumeration(form.game)
    equilibria = []
    for eq in result.equilibria:
        behaviour = behaviour_from_mixed(tree, form, eq.strategies)
        equilibria.append(
            Equilibrium(
                strategies=tree.per_player(behaviour),
                payoffs=tuple(float(x) for x in tree.expected_payoffs(behaviour)),
                regret=tree.regret(behaviour),
            )
        )
    return NashResult(
        method="normal_form:" + result.method,
        status=result.status,
        equilibria=tuple(unique(equilibria)),
        parameters=dict(result.parameters),
        message=result.message,
    )
