"""Extensive-form games: trees with chance moves, information sets and payoffs.

A tree is built from three kinds of node (Kuhn 1953; Osborne & Rubinstein
1994, ch. 6 and 11):

* :class:`Decision` -- a player moves; ``infoset`` names the information set
  (nodes the player cannot tell apart share it and must offer the same actions);
* :class:`Chance` -- nature moves with given probabilities;
* :class:`Leaf` -- the play ends; ``payoffs`` has one entry per player.

Any node may carry ``payoffs`` that are added to the leaf's (Gambit's outcomes
at interior nodes).  A behaviour profile gives, for every information set
(ordered player by player, then by first appearance in depth-first order), a
probability vector over its actions.  The game is assumed to have perfect
recall, which is checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.exact import fraction
from deterrence.solvers.games.limits import MAX_NODES


@dataclass(frozen=True)
class Leaf:
    payoffs: tuple[float, ...]
    name: str = ""


@dataclass(frozen=True)
class Decision:
    player: int  # 0-based
    infoset: str
    moves: tuple[tuple[str, object], ...]  # (action label, child node)
    name: str = ""
    payoffs: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Chance:
    moves: tuple[tuple[str, float, object], ...]  # (label, probability, child node)
    name: str = ""
    payoffs: tuple[float, ...] | None = None
    infoset: str = ""


@dataclass(frozen=True)
class Infoset:
    player: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class ExtensiveFormGame:
    """A finite game tree; nodes are flattened in depth-first (prefix) order.

    Attributes filled on construction: ``kind[v]`` ("decision", "chance", "leaf"),
    ``children[v]``, ``parent[v]``, ``infoset_of[v]`` (index into ``infosets``,
    -1 elsewhere), ``chance_probs[v]``, ``payoff_at[v]`` (accumulated payoffs at
    leaves), ``infosets`` (ordered player by player).
    """

    players: tuple[str, ...]
    root: object
    title: str = ""
    node_names: list[str] = field(default_factory=list, init=False)
    kind: list[str] = field(default_factory=list, init=False)
    children: list[tuple[int, ...]] = field(default_factory=list, init=False)
    parent: list[int] = field(default_factory=list, init=False)
    infoset_of: list[int] = field(default_factory=list, init=False)
    chance_probs: list[np.ndarray | None] = field(default_factory=list, init=False)
    chance_labels: list[tuple[str, ...]] = field(default_factory=list, init=False)
    chance_infoset: list[str] = field(default_factory=list, init=False)
    own_payoffs: list[np.ndarray | None] = field(default_factory=list, init=False)
    payoff_at: dict[int, np.ndarray] = field(default_factory=dict, init=False)
    exact_payoff_at: dict[int, tuple[Fraction, ...]] = field(default_factory=dict, init=False)
    exact_chance: list[tuple[Fraction, ...] | None] = field(default_factory=list, init=False)
    infosets: tuple[Infoset, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        n = len(self.players)
        if n < 1:
            raise GameError("a tree needs at least one player")
        raw: dict[tuple[int, str], list] = {}
        order: list[tuple[int, str]] = []
        self._flatten(self.root, -1, np.zeros(n), (Fraction(0),) * n, raw, order)
        by_player = sorted(order, key=lambda key: (key[0], order.index(key)))
        infosets = []
        for key in by_player:
            actions, nodes = raw[key]
            infosets.append(Infoset(key[0], key[1], actions, tuple(nodes)))
        object.__setattr__(self, "infosets", tuple(infosets))
        for k, s in enumerate(infosets):
            for v in s.nodes:
                self.infoset_of[v] = k
        self._check_perfect_recall()

    # ----------------------------------------------------------------- building
    def _flatten(self, node, parent: int, acc: np.ndarray, exact_acc, raw, order) -> int:
        n = len(self.players)
        v = len(self.kind)
        if v >= MAX_NODES:
            raise GameError(f"the tree has more than the {MAX_NODES:,} nodes allowed")
        self.parent.append(parent)
        self.infoset_of.append(-1)
        own = getattr(node, "payoffs", None) if not isinstance(node, Leaf) else None
        own = None if own is None else _payoff_vector(own, n, "node payoffs")
        self.own_payoffs.append(own)
        total = acc if own is None else acc + own
        if own is not None:
            exact_acc = tuple(a + fraction(x) for a, x in zip(exact_acc, node.payoffs, strict=True))
        self.node_names.append(getattr(node, "name", ""))
        self.chance_infoset.append(getattr(node, "infoset", "") if isinstance(node, Chance) else "")
        if isinstance(node, Leaf):
            self.kind.append("leaf")
            self.children.append(())
            self.chance_probs.append(None)
            self.chance_labels.append(())
            self.exact_chance.append(None)
            self.payoff_at[v] = total + _payoff_vector(node.payoffs, n, "leaf payoffs")
            self.exact_payoff_at[v] = tuple(
                a + fraction(x) for a, x in zip(exact_acc, node.payoffs, strict=True)
            )
            return v
        if isinstance(node, Decision):
            if not (0 <= node.player < n):
                raise GameError(f"decision node names player {node.player + 1} of {n}")
            if not node.moves:
                raise GameError(f"information set {node.infoset!r} has no actions")
            actions = tuple(label for label, _ in node.moves)
            key = (node.player, node.infoset)
            if key in raw:
                if raw[key][0] != actions:
                    raise GameError(
                        f"information set {node.infoset!r} of player {node.player + 1} has "
                        f"actions {list(actions)} at one node and {list(raw[key][0])} at another"
                    )
                raw[key][1].append(v)
            else:
                raw[key] = [actions, [v]]
                order.append(key)
            self.kind.append("decision")
            self.chance_probs.append(None)
            self.exact_chance.append(None)
            self.chance_labels.append(())
            self.children.append(())
            kids = tuple(
                self._flatten(child, v, total, exact_acc, raw, order) for _, child in node.moves
            )
            self.children[v] = kids
            return v
        if isinstance(node, Chance):
            if not node.moves:
                raise GameError("a chance node needs at least one move")
            probs = np.array([float(p) for _, p, _ in node.moves])
            if not np.isfinite(probs).all() or (probs < 0).any() or abs(probs.sum() - 1) > 1e-9:
                raise GameError(f"chance probabilities {probs.tolist()} must be >= 0 and sum to 1")
            exact = [fraction(p) for _, p, _ in node.moves]
            total_p = sum(exact, Fraction(0))
            self.kind.append("chance")
            self.chance_probs.append(probs)
            self.exact_chance.append(tuple(p / total_p for p in exact))
            self.chance_labels.append(tuple(label for label, _, _ in node.moves))
            self.children.append(())
            kids = tuple(
                self._flatten(child, v, total, exact_acc, raw, order) for _, _, child in node.moves
            )
            self.children[v] = kids
            return v
        raise GameError(f"not a tree node: {type(node).__name__}")

    def _check_perfect_recall(self) -> None:
        for s in self.infosets:
            if len(s.nodes) == 1:
                continue  # a single node recalls whatever it recalls
            histories = {self.own_history(v, s.player) for v in s.nodes}
            if len(histories) > 1:
                raise GameError(
                    f"information set {s.label!r} of player {s.player + 1} breaks perfect "
                    "recall (its nodes follow different own moves)"
                )

    # ----------------------------------------------------------------- queries
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def perfect_information(self) -> bool:
        return all(len(s.nodes) == 1 for s in self.infosets)

    def infosets_of(self, player: int) -> list[int]:
        return [k for k, s in enumerate(self.infosets) if s.player == player]

    def sizes(self) -> list[int]:
        """Number of actions at each information set (the agents of the agent form)."""
        return [len(s.actions) for s in self.infosets]

    def own_history(self, v: int, player: int) -> tuple[tuple[int, int], ...]:
        """The (infoset, action) moves of ``player`` on the path to node v."""
        moves = []
        child = v
        u = self.parent[v]
        while u >= 0:
            if self.kind[u] == "decision" and self.infosets[self.infoset_of[u]].player == player:
                moves.append((self.infoset_of[u], self.children[u].index(child)))
            child, u = u, self.parent[u]
        return tuple(reversed(moves))

    def uniform_behaviour(self) -> list[np.ndarray]:
        return [np.full(len(s.actions), 1.0 / len(s.actions)) for s in self.infosets]

    def check_behaviour(self, behaviour: Sequence[np.ndarray]) -> list[np.ndarray]:
        if len(behaviour) != len(self.infosets):
            raise GameError(
                f"a behaviour profile needs {len(self.infosets)} vectors, got {len(behaviour)}"
            )
        out = [np.asarray(b, dtype=float) for b in behaviour]
        for b, s in zip(out, self.infosets, strict=True):
            if b.shape != (len(s.actions),):
                raise GameError(f"infoset {s.label!r} needs {len(s.actions)} probabilities")
        return out

    # ----------------------------------------------------------------- evaluation
    def reach(self, behaviour: Sequence[np.ndarray], skip: int | None = None) -> np.ndarray:
        """Probability of reaching each node; moves of player ``skip`` count as 1."""
        prob = np.zeros(len(self.kind))
        prob[0] = 1.0
        for v in range(len(self.kind)):  # prefix order: parents before children
            kids = self.children[v]
            if not kids:
                continue
            if self.kind[v] == "chance":
                weights = self.chance_probs[v]
            elif self.infosets[self.infoset_of[v]].player == skip:
                weights = np.ones(len(kids))
            else:
                weights = behaviour[self.infoset_of[v]]
            prob[list(kids)] = prob[v] * weights
        return prob

    def node_values(self, behaviour: Sequence[np.ndarray]) -> np.ndarray:
        """Expected payoff vector from each node on (node-count x players)."""
        values = np.zeros((len(self.kind), self.n_players))
        for v in reversed(range(len(self.kind))):  # children before parents
            if self.kind[v] == "leaf":
                values[v] = self.payoff_at[v]
                continue
            kids = list(self.children[v])
            w = self.chance_probs[v] if self.kind[v] == "chance" else behaviour[self.infoset_of[v]]
            values[v] = w @ values[kids]
        return values

    def expected_payoffs(self, behaviour: Sequence[np.ndarray]) -> np.ndarray:
        return self.node_values(behaviour)[0]

    def action_values(self, behaviour: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Each infoset's action values for its player, conditional on reaching the set.

        Beliefs within a set follow Bayes' rule from ``behaviour`` (uniform over
        the set's nodes where it is reached with probability 0).
        """
        values = self.node_values(behaviour)
        reach = self.reach(behaviour)
        out = []
        for s in self.infosets:
            nodes = list(s.nodes)
            weights = reach[nodes]
            if weights.sum() <= 0:
                weights = np.ones(len(nodes))
            weights = weights / weights.sum()
            kids = np.array([self.children[v] for v in nodes])  # (nodes, actions)
            out.append(weights @ values[kids, s.player])
        return out

    def best_response_value(self, behaviour: Sequence[np.ndarray], player: int) -> float:
        """The most ``player`` can get against the others' behaviour (perfect recall DP)."""
        others = self.reach(behaviour, skip=player)
        choice: dict[int, int] = {}
        memo: dict[int, float] = {}

        def value(v: int) -> float:
            if v in memo:
                return memo[v]
            kind = self.kind[v]
            if kind == "leaf":
                out = float(self.payoff_at[v][player])
            elif kind == "chance":
                out = float(
                    sum(
                        p * value(c)
                        for p, c in zip(self.chance_probs[v], self.children[v], strict=True)
                    )
                )
            else:
                k = self.infoset_of[v]
                if self.infosets[k].player == player:
                    if k not in choice:
                        s = self.infosets[k]
                        totals = [
                            sum(others[u] * value(self.children[u][a]) for u in s.nodes)
                            for a in range(len(s.actions))
                        ]
                        choice[k] = int(np.argmax(totals))
                    out = value(self.children[v][choice[k]])
                else:
                    out = float(
                        sum(
                            p * value(c)
                            for p, c in zip(behaviour[k], self.children[v], strict=True)
                        )
                    )
            memo[v] = out
            return out

        return value(0)

    def regret(self, behaviour: Sequence[np.ndarray]) -> float:
        """Largest gain of a unilateral deviation by any player (0 at a Nash equilibrium)."""
        u = self.expected_payoffs(behaviour)
        return float(
            max(self.best_response_value(behaviour, i) - u[i] for i in range(self.n_players))
        )

    # ----------------------------------------------------------------- exact checks
    def exact_reach(self, behaviour: Sequence[Sequence[Fraction]], skip: int | None = None):
        """:meth:`reach` in rational arithmetic (``behaviour`` of Fractions)."""
        prob: list[Fraction] = [Fraction(0)] * len(self.kind)
        prob[0] = Fraction(1)
        for v in range(len(self.kind)):
            kids = self.children[v]
            if not kids:
                continue
            if self.kind[v] == "chance":
                weights = self.exact_chance[v]
            elif self.infosets[self.infoset_of[v]].player == skip:
                weights = (Fraction(1),) * len(kids)
            else:
                weights = behaviour[self.infoset_of[v]]
            for c, w in zip(kids, weights, strict=True):
                prob[c] = prob[v] * w
        return prob

    def exact_expected_payoffs(self, behaviour: Sequence[Sequence[Fraction]]) -> tuple:
        """Each player's expected payoff, exactly, at a rational behaviour profile."""
        reach = self.exact_reach(behaviour)
        out = [Fraction(0)] * self.n_players
        for v, pay in self.exact_payoff_at.items():
            if reach[v]:
                for i in range(self.n_players):
                    out[i] += reach[v] * pay[i]
        return tuple(out)

    def exact_regret(self, behaviour: Sequence[Sequence[Fraction]]) -> Fraction:
        """The exact regret of a rational behaviour profile: the largest gain of a
        unilateral deviation to any pure strategy (0 iff Nash; perfect recall)."""
        payoffs = self.exact_expected_payoffs(behaviour)
        worst = Fraction(0)
        for i in range(self.n_players):
            worst = max(worst, self._exact_best_response(behaviour, i) - payoffs[i])
        return worst

    def _exact_best_response(self, behaviour, player: int) -> Fraction:
        others = self.exact_reach(behaviour, skip=player)
        choice: dict[int, int] = {}
        memo: dict[int, Fraction] = {}

        def value(v: int) -> Fraction:
            if v in memo:
                return memo[v]
            kind = self.kind[v]
            if kind == "leaf":
                out = self.exact_payoff_at[v][player]
            elif kind == "chance":
                out = sum(
                    (
                        p * value(c)
                        for p, c in zip(self.exact_chance[v], self.children[v], strict=True)
                        if p
                    ),
                    Fraction(0),
                )
            else:
                k = self.infoset_of[v]
                s = self.infosets[k]
                if s.player == player:
                    if k not in choice:
                        totals = [
                            sum(
                                (
                                    others[u] * value(self.children[u][a])
                                    for u in s.nodes
                                    if others[u]
                                ),
                                Fraction(0),
                            )
                            for a in range(len(s.actions))
                        ]
                        choice[k] = max(range(len(totals)), key=totals.__getitem__)
                    out = value(self.children[v][choice[k]])
                else:
                    out = sum(
                        (
                            p * value(c)
                            for p, c in zip(behaviour[k], self.children[v], strict=True)
                            if p
                        ),
                        Fraction(0),
                    )
            memo[v] = out
            return out

        return value(0)

    def per_player(self, behaviour: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
        """A behaviour profile as one flat vector per player (its infosets in order)."""
        return tuple(
            np.concatenate([behaviour[k] for k in self.infosets_of(i)])
            if self.infosets_of(i)
            else np.zeros(0)
            for i in range(self.n_players)
        )


def _weighted(weights, nodes, value) -> Fraction:
    """sum of w * value(v) over the nonzero weights, exactly."""
    return sum((w * value(v) for w, v in zip(weights, nodes, strict=True) if w), Fraction(0))


def _payoff_vector(values, n: int, what: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float).ravel()
    if arr.shape != (n,):
        raise GameError(f"{what} need {n} numbers (one per player), got {arr.size}")
    if not np.isfinite(arr).all():
        raise GameError(f"{what} must be finite numbers")
    return arr
