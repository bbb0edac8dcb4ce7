"""Subgame-perfect equilibrium of perfect-information trees by backward induction.

Zermelo (1913); Kuhn (1953); Selten (1965): in a finite game of perfect
information (every information set a single node), choosing at each node,
from the leaves up, an action that maximises the mover's continuation value
gives a subgame-perfect equilibrium in pure behaviour strategies.  Chance
nodes average their children.  Ties are broken by the order of the actions:
the first of the actions whose value is within ``TIE_TOL`` (relative to the
payoff scale) of the best is taken, so a model states its tie rule by the
order in which it lists its actions.
"""

from __future__ import annotations

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.extensive_form import ExtensiveFormGame
from deterrence.solvers.games.result import OK, Equilibrium, NashResult

TIE_TOL = 1e-12


def backward_induction(tree: ExtensiveFormGame) -> NashResult:
    """The subgame-perfect equilibrium selected by first-listed-action tie-breaking."""
    if not tree.perfect_information:
        raise GameError(
            "backward induction needs perfect information (every information set one node); "
            "use the normal-form reduction for this tree"
        )
    scale = max(1.0, max(float(np.abs(p).max()) for p in tree.payoff_at.values()))
    values = np.zeros((len(tree.kind), tree.n_players))
    behaviour = tree.uniform_behaviour()
    for v in reversed(range(len(tree.kind))):
        kids = list(tree.children[v])
        if tree.kind[v] == "leaf":
            values[v] = tree.payoff_at[v]
        elif tree.kind[v] == "chance":
            values[v] = tree.chance_probs[v] @ values[kids]
        else:
            k = tree.infoset_of[v]
            own = values[kids, tree.infosets[k].player]
            best = int(np.flatnonzero(own >= own.max() - TIE_TOL * scale)[0])
            behaviour[k] = np.eye(len(kids))[best]
            values[v] = values[kids[best]]
    equilibrium = Equilibrium(
        strategies=tree.per_player(behaviour),
        payoffs=tuple(float(x) for x in values[0]),
        regret=tree.regret(behaviour),
    )
    return NashResult(
        method="backward_induction",
        status=OK,
        equilibria=(equilibrium,),
        parameters={"tie_break": "first listed action", "tie_tol": TIE_TOL},
    )


def behaviour_of(tree: ExtensiveFormGame, equilibrium: Equilibrium) -> list[np.ndarray]:
    """Split an equilibrium's per-player vectors back into one vector per information set."""
    out: list[np.ndarray] = [np.zeros(0)] * len(tree.infosets)
    for player, flat in enumerate(equilibrium.strategies):
        start = 0
        for k in tree.infosets_of(player):
            size = len(tree.infosets[k].actions)
            out[k] = np.asarray(flat[start : start + size])
            start += size
    return out
