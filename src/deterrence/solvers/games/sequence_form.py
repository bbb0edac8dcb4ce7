"""The sequence form of a two-player tree, and one equilibrium by Lemke's method.

Koller, Megiddo & von Stengel (1996), "Efficient computation of equilibria
for extensive two-person games", Games and Economic Behavior 14(2); von
Stengel (1996), "Efficient computation of behavior strategies", GEB 14(2).

With perfect recall a player's behaviour strategy is summarised by its
*realisation plan* x: the probability of each of the player's sequences (the
empty sequence, and each (information set, action) with the player's own
earlier moves implied).  Plans are the x >= 0 with E x = e: x(empty) = 1 and,
at each information set h, sum_a x(h, a) = x(parent sequence of h).  Payoffs
are bilinear, x^T A y with A[s, t] = sum over leaves reached by the sequence
pair (s, t) of chance probability times payoff, so the equilibria are the
solutions of a linear complementarity problem of size linear in the tree
(KMvS 1996, sec. 4), which Lemke's algorithm solves (:mod:`.lemke`, exact).

The LCP is laid out as in Gambit's ``lcp_solve`` on trees (payoffs shifted
below zero, covering vector 1, the first pivot at player 1's root
constraint), so both follow the same path.  The behaviour strategy at an
information set h is x(h, a) / x(parent of h); at sets the plan does not
reach, the uniform distribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.extensive_form import ExtensiveFormGame
from deterrence.solvers.games.lemke import lemke
from deterrence.solvers.games.result import OK, Equilibrium, NashResult


@dataclass(frozen=True)
class SequenceForm:
    """Sequences, constraints and payoffs of a two-player tree.

    ``sequences[i]``: player i's sequences; index 0 is the empty one, then one
    per (information set k, action a) in the order of ``tree.infosets_of(i)``.
    ``parent[i][h]``: the sequence leading to player i's h-th information set.
    ``payoffs[i]``: dict (s1, s2) -> exact payoff sum weighted by chance.
    ``chance``: dict (s1, s2) -> chance probability of reaching a leaf.
    """

    sequences: tuple[tuple[tuple[int, int] | None, ...], ...]
    parent: tuple[tuple[int, ...], ...]
    payoffs: tuple[dict, dict]
    chance: dict


def sequence_form(tree: ExtensiveFormGame) -> SequenceForm:
    if tree.n_players != 2:
        raise GameError(f"the sequence form here is for two players, not {tree.n_players}")
    sequences, index, parent = [], [], []
    for i in range(2):
        seqs: list[tuple[int, int] | None] = [None]
        idx: dict[tuple[int, int], int] = {}
        for k in tree.infosets_of(i):
            for a in range(len(tree.infosets[k].actions)):
                idx[(k, a)] = len(seqs)
                seqs.append((k, a))
        par = []
        for k in tree.infosets_of(i):
            history = tree.own_history(tree.infosets[k].nodes[0], i)
            par.append(idx[history[-1]] if history else 0)
        sequences.append(tuple(seqs))
        index.append(idx)
        parent.append(tuple(par))
    pay: tuple[dict, dict] = ({}, {})
    chance: dict = {}

    # iterative depth-first walk carrying each player's last sequence and chance weight
    stack = [(0, 0, 0, Fraction(1))]
    while stack:
        v, s1, s2, p = stack.pop()
        kind = tree.kind[v]
        if kind == "leaf":
            key = (s1, s2)
            chance[key] = chance.get(key, Fraction(0)) + p
            for i in range(2):
                pay[i][key] = pay[i].get(key, Fraction(0)) + p * tree.exact_payoff_at[v][i]
        elif kind == "chance":
            for c, q in zip(tree.children[v], tree.exact_chance[v], strict=True):
                if q:
                    stack.append((c, s1, s2, p * q))
        else:
            k = tree.infoset_of[v]
            player = tree.infosets[k].player
            for a, c in enumerate(tree.children[v]):
                s = index[player][(k, a)]
                stack.append((c, s, s2, p) if player == 0 else (c, s1, s, p))
    return SequenceForm(tuple(sequences), tuple(parent), pay, chance)


def lcp_solve(tree: ExtensiveFormGame, deadline: float | None = None) -> NashResult:
    """One equilibrium of a two-player perfect-recall tree (KMvS 1996), exactly."""
    form = sequence_form(tree)
    ns = [len(s) for s in form.sequences]
    ni = [len(p) + 1 for p in form.parent]  # information sets plus the root constraint
    total = ns[0] + ns[1] + ni[0] + ni[1]
    off_seq = [0, ns[0]]
    off_set = [ns[0] + ns[1], ns[0] + ns[1] + ni[0]]
    m = np.empty((total, total), dtype=object)
    m[:, :] = Fraction(0)
    # shift every payoff below zero, as Lemke's method on the sequence form requires
    shift = max(v for pay in tree.exact_payoff_at.values() for v in pay) + 1
    for (s1, s2), p in form.chance.items():
        a = form.payoffs[0][(s1, s2)] - shift * p
        b = form.payoffs[1][(s1, s2)] - shift * p
        m[off_seq[0] + s1, off_seq[1] + s2] = a
        m[off_seq[1] + s2, off_seq[0] + s1] = b
    for i in range(2):
        sets = tree.infosets_of(i)
        for h, k in enumerate(sets):
            row = off_set[i] + h + 1
            parent = off_seq[i] + form.parent[i][h]
            m[parent, row] = Fraction(-1)
            m[row, parent] = Fraction(1)
            for a in range(len(tree.infosets[k].actions)):
                child = off_seq[i] + form.sequences[i].index((k, a))
                m[child, row] = Fraction(1)
                m[row, child] = Fraction(-1)
        root = off_seq[i]
        m[root, off_set[i]] = Fraction(1)
        m[off_set[i], root] = Fraction(-1)
    q = [Fraction(0)] * total
    q[off_set[0]] = q[off_set[1]] = Fraction(-1)
    z, pivots = lemke(-m, q, first_row=off_set[0], deadline=deadline)
    plans = [z[off_seq[i] : off_seq[i] + ns[i]] for i in range(2)]
    behaviour = behaviour_from_plans(tree, form, plans)
    equilibrium = exact_tree_equilibrium(tree, behaviour)
    if equilibrium.exact_regret != 0:
        raise ArithmeticError("the sequence-form solution failed the exact check")
    return NashResult(
        method="sequence_form_lcp",
        status=OK,
        equilibria=(equilibrium,),
        parameters={"arithmetic": "rational", "pivots": pivots},
        message="one equilibrium (Lemke's method on the sequence form)",
    )


def behaviour_from_plans(tree: ExtensiveFormGame, form: SequenceForm, plans) -> list:
    """Behaviour strategies x(h, a) / x(parent of h); uniform where unreached."""
    behaviour: list = [None] * len(tree.infosets)
    for i in range(2):
        seqs = form.sequences[i]
        for h, k in enumerate(tree.infosets_of(i)):
            reach = plans[i][form.parent[i][h]]
            size = len(tree.infosets[k].actions)
            if reach > 0:
                behaviour[k] = tuple(plans[i][seqs.index((k, a))] / reach for a in range(size))
            else:
                behaviour[k] = tuple([Fraction(1, size)] * size)
    return behaviour


def exact_tree_equilibrium(tree: ExtensiveFormGame, behaviour) -> Equilibrium:
    """An Equilibrium of a tree from a rational behaviour profile, checked exactly."""
    exact = [tuple(Fraction(x) for x in b) for b in behaviour]
    payoffs = tree.exact_expected_payoffs(exact)
    regret = tree.exact_regret(exact)
    floats = [np.array([float(x) for x in b]) for b in exact]
    per_player = tuple(
        tuple(x for k in tree.infosets_of(i) for x in exact[k]) for i in range(tree.n_players)
    )
    return Equilibrium(
        strategies=tree.per_player(floats),
        payoffs=tuple(float(v) for v in payoffs),
        regret=float(regret),
        exact=per_player,
        exact_regret=regret,
    )
