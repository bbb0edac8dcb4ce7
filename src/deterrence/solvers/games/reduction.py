"""A tree's reduced strategic form, and behaviour strategies from mixed ones.

* The reduced normal form (von Neumann & Morgenstern 1944; Osborne &
  Rubinstein 1994, sec. 11.1; von Stengel 1996, sec. 2): a *reduced* pure
  strategy of player i chooses an action only at the information sets its
  own earlier choices do not exclude; two plans that differ only where the
  player's own play cannot reach are one reduced strategy.  Nothing else is
  merged -- in particular not strategies that merely happen to give equal
  payoffs, which would lose equilibria (Jakobsen, Sorensen & Conitzer 2016,
  fig. 1: with all payoffs 1/2 every profile is an equilibrium).  This is
  Gambit's reduced strategic form.
* The payoff of a reduced profile is sum over leaves of chance probability
  times payoff, for leaves whose every player's last sequence the profile
  plays, in rational arithmetic (exact payoffs) and in floats.
* Kuhn's theorem (1953): with perfect recall a mixed strategy x of player i
  is outcome-equivalent to the behaviour strategy
  b(h)(a) = x(plans choosing a at h) / x(plans that reach h), uniform where
  x does not reach h.
* All equilibria of small two-player trees: the extreme equilibria of the
  reduced form (:mod:`.extreme_equilibria`), mapped to behaviour strategies
  and checked exactly on the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import prod

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.extensive_form import ExtensiveFormGame
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import COMPLETE, Equilibrium, NashResult

MAX_PURE_PROFILES = 2_000_000  # refuse reduced normal forms larger than this
UNREACHED = -1  # the action of a reduced plan at a set its own play excludes


@dataclass(frozen=True)
class StrategicForm:
    """A tree's reduced normal form; ``plans[i][s]`` is reduced strategy s of player i:
    one action index per information set of i (in ``tree.infosets_of(i)``), or
    :data:`UNREACHED` where the plan's own moves exclude that set."""

    game: NormalFormGame
    plans: tuple[tuple[tuple[int, ...], ...], ...]


def reduced_plans(tree: ExtensiveFormGame, player: int) -> list[tuple[int, ...]]:
    """Player's reduced pure strategies, in lexicographic order of their actions."""
    sets = tree.infosets_of(player)
    position = {k: j for j, k in enumerate(sets)}
    parents = []
    for k in sets:
        history = tree.own_history(tree.infosets[k].nodes[0], player)
        parents.append((position[history[-1][0]], history[-1][1]) if history else None)
    plans: list[list[int]] = [[]]
    for j, k in enumerate(sets):
        size = len(tree.infosets[k].actions)
        grown = []
        for plan in plans:
            parent = parents[j]
            if parent is None or plan[parent[0]] == parent[1]:
                grown += [[*plan, a] for a in range(size)]
            else:
                grown.append([*plan, UNREACHED])
        plans = grown
        if len(plans) > MAX_PURE_PROFILES:
            break
    return [tuple(p) for p in plans]


def reduced_size(tree: ExtensiveFormGame) -> int:
    """The number of reduced pure profiles (the cells of the reduced normal form)."""
    total = 1
    for i in range(tree.n_players):
        total *= len(reduced_plans(tree, i))
        if total > MAX_PURE_PROFILES:
            return total
    return total


def _leaves(tree: ExtensiveFormGame):
    """(leaf, per-player last (infoset, action) or None, chance probability) per leaf."""
    out = []
    stack = [(0, (None,) * tree.n_players, Fraction(1))]
    while stack:
        v, last, p = stack.pop()
        if tree.kind[v] == "leaf":
            out.append((v, last, p))
        elif tree.kind[v] == "chance":
            for c, q in zip(tree.children[v], tree.exact_chance[v], strict=True):
                if q:
                    stack.append((c, last, p * q))
        else:
            k = tree.infoset_of[v]
            i = tree.infosets[k].player
            for a, c in enumerate(tree.children[v]):
                stack.append((c, (*last[:i], (k, a), *last[i + 1 :]), p))
    return out


def strategic_form(tree: ExtensiveFormGame) -> StrategicForm:
    """The reduced normal form of a tree, with exact payoffs."""
    plans = [reduced_plans(tree, i) for i in range(tree.n_players)]
    shape = tuple(len(p) for p in plans)
    if prod(shape) > MAX_PURE_PROFILES:
        raise GameError(
            f"the reduced normal form would have {prod(shape):,} pure profiles "
            f"(limit {MAX_PURE_PROFILES:,})"
        )
    positions = [{k: j for j, k in enumerate(tree.infosets_of(i))} for i in range(tree.n_players)]
    exact = [np.empty(shape, dtype=object) for _ in range(tree.n_players)]
    for u in exact:
        u[...] = Fraction(0)
    for v, last, p in _leaves(tree):
        plays = []
        for i in range(tree.n_players):
            if last[i] is None:
                plays.append(np.ones(shape[i], dtype=bool))
            else:
                k, a = last[i]
                j = positions[i][k]
                plays.append(np.array([plan[j] == a for plan in plans[i]]))
        index = np.ix_(*[np.flatnonzero(x) for x in plays])
        for i in range(tree.n_players):
            value = p * tree.exact_payoff_at[v][i]
            if value:
                exact[i][index] = exact[i][index] + value
    labels = tuple(
        tuple(_plan_label(tree, i, plan) for plan in plans[i]) for i in range(tree.n_players)
    )
    game = NormalFormGame(
        tuple(u.astype(float) for u in exact),
        players=tree.players,
        strategies=labels,
        title=tree.title,
        exact=tuple(exact),
    )
    return StrategicForm(game, tuple(tuple(p) for p in plans))


def _plan_label(tree: ExtensiveFormGame, player: int, plan: tuple[int, ...]) -> str:
    """A reduced strategy's name: its action at each set, '*' where unreached, by '/'."""
    sets = tree.infosets_of(player)
    return (
        "/".join(
            "*" if a == UNREACHED else tree.infosets[k].actions[a]
            for k, a in zip(sets, plan, strict=True)
        )
        or "-"
    )


def behaviour_from_mixed(
    tree: ExtensiveFormGame, form: StrategicForm, mixed: tuple[np.ndarray, ...]
) -> list:
    """Kuhn's behaviour strategies of a mixed profile of the reduced normal form.

    Works on floats or on Fractions (then the result is exact); uniform at
    information sets the mixed strategy does not reach.
    """
    behaviour: list = [None] * len(tree.infosets)
    for i in range(tree.n_players):
        for j, k in enumerate(tree.infosets_of(i)):
            size = len(tree.infosets[k].actions)
            weights = [0] * size
            for plan, x in zip(form.plans[i], mixed[i], strict=True):
                if plan[j] != UNREACHED and x:
                    weights[plan[j]] += x
            total = sum(weights)
            if total > 0:
                behaviour[k] = [w / total for w in weights]
            else:
                behaviour[k] = [Fraction(1, size) if _exact(mixed) else 1.0 / size] * size
            if not _exact(mixed):
                behaviour[k] = np.array(behaviour[k], dtype=float)
    return behaviour


def _exact(mixed) -> bool:
    return isinstance(mixed[0][0], Fraction)


def tree_equilibria(tree: ExtensiveFormGame, deadline: float | None = None) -> NashResult:
    """Every extreme equilibrium of a two-player tree's reduced normal form, as
    behaviour profiles (distinct ones), each checked exactly on the tree."""
    from deterrence.solvers.games.extreme_equilibria import extreme_equilibria
    from deterrence.solvers.games.sequence_form import exact_tree_equilibrium

    if tree.n_players != 2:
        raise GameError(f"this method needs two players, this tree has {tree.n_players}")
    form = strategic_form(tree)
    result = extreme_equilibria(form.game)
    found: dict[tuple, Equilibrium] = {}
    for eq in result.equilibria:
        behaviour = behaviour_from_mixed(tree, form, eq.exact)
        key = tuple(tuple(b) for b in behaviour)
        if key not in found:
            e = exact_tree_equilibrium(tree, behaviour)
            if e.exact_regret != 0:
                raise ArithmeticError("a reduced-form equilibrium failed the exact check")
            found[key] = e
    return NashResult(
        method="reduced_form:" + result.method,
        status=COMPLETE,
        equilibria=tuple(found.values()),
        parameters={**result.parameters, "reduced_form": list(form.game.shape)},
        message=(
            f"the extreme equilibria of the reduced normal form ({form.game.shape[0]} x "
            f"{form.game.shape[1]}), as {len(found)} distinct behaviour profiles"
        ),
    )


def tree_polynomial_equilibria(tree: ExtensiveFormGame, deadline: float | None = None):
    """Every equilibrium of a small n-player tree's reduced normal form
    (:mod:`.polynomial_enumeration`), as distinct behaviour profiles checked on the tree
    (exactly where rational, else to the float tolerance)."""
    from deterrence.solvers.games.polynomial_enumeration import polynomial_enumeration
    from deterrence.solvers.games.sequence_form import exact_tree_equilibrium

    form = strategic_form(tree)
    result = polynomial_enumeration(form.game, deadline)
    found: dict[tuple, Equilibrium] = {}
    for eq in result.equilibria:
        if eq.exact is not None:
            behaviour = behaviour_from_mixed(tree, form, eq.exact)
            key = tuple(tuple(b) for b in behaviour)
            e = exact_tree_equilibrium(tree, behaviour)
            if e.exact_regret != 0:
                continue
        else:
            behaviour = behaviour_from_mixed(tree, form, eq.strategies)
            key = tuple(tuple(np.round(b, 10)) for b in behaviour)
            regret = tree.regret(behaviour)
            e = Equilibrium(
                strategies=tree.per_player(behaviour),
                payoffs=tuple(float(x) for x in tree.expected_payoffs(behaviour)),
                regret=regret,
            )
        found.setdefault(key, e)
    return NashResult(
        method="reduced_form:" + result.method,
        status=result.status,
        equilibria=tuple(found.values()),
        parameters={**result.parameters, "reduced_form": list(form.game.shape)},
        message=result.message,
    )
