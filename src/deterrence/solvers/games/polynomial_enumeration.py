"""All Nash equilibria of n-player strategic games: support enumeration.

McKelvey & McLennan (1996), "Computation of equilibria in finite games",
Handbook of Computational Economics vol. 1, sec. 6; the design of Gambit's
``enumpoly``.  For every profile of supports (S_1, ..., S_n) the equilibria
with exactly those supports solve the square polynomial system

    u_i(s, sigma_-i) = u_i(s_i0, sigma_-i)   for every player i and s in S_i,
    sum_{s in S_i} sigma_i(s) = 1,

with sigma_i(s) > 0 on S_i, and are equilibria iff no strategy outside S_i
pays more.  Player i's equations involve only the others' mixtures and are
linear in each of them.  The supports are handled in order of cost:

1. **Pruning** (Porter, Nudelman & Shoham 2008): a support containing a
   strategy that another strategy strictly dominates against the others'
   supports holds no equilibrium (decided once per profile of the others'
   supports, then by bit masks); before any interval search, one linear
   programme per player (:meth:`_Enumeration.relaxation_feasible`) drops
   supports on which no distribution over the others' cells, let alone a
   product one, makes the player's support strategies best replies.
2. **One mixing player** (the others pure): its equations are constants, so the
   solution set is empty or the whole support simplex, a positive-dimensional
   set; a linear programme (``scipy.optimize.linprog``) decides whether
   equilibria lie on it with every support probability positive.
3. **Two mixing players**: each one's equations are linear in the other's
   mixture, solved exactly (:func:`.exact.affine_solve`); a unique solution is
   checked exactly.
4. **Three or more**: every root in the box is found by interval branch and
   prune with Krawczyk's test (:mod:`.krawczyk`, batched over supports of the
   same shape); each certified root is polished by Newton's method and then
   proved an equilibrium exactly (a rational reconstruction with zero exact
   regret) or, if irrational, in interval arithmetic.
5. **Unresolved boxes** inside the simplex (singular roots, a continuum) go to
   exact Groebner bases (:mod:`.groebner_support`, SymPy), which list a
   zero-dimensional system's roots and detect a positive-dimensional one.

The status is ``complete`` unless some support has a positive-dimensional set
of solutions meeting the interior of its simplex (or one too large to resolve
exactly); then ``incomplete``, naming those supports.  No isolated solution
is lost: each step discards only what it proves holds none.
"""

from __future__ import annotations

import time
from collections import defaultdict
from fractions import Fraction
from itertools import combinations, product
from math import prod

import numpy as np

from deterrence.solvers.games import exact as ex
from deterrence.solvers.games.errors import TimeLimitExceeded
from deterrence.solvers.games.krawczyk import (
    Batch,
    certify_point,
    interior,
    newton,
    solve_batch,
)
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import (
    COMPLETE,
    INCOMPLETE,
    Equilibrium,
    NashResult,
    exact_nfg_equilibrium,
    make_equilibrium,
)

IRRATIONAL_TOL = 1e-12  # regret of an irrational equilibrium, relative to each player's range
DOMINANCE_TOL = 1e-12  # dominance margins (payoffs scaled to [0, 1]) below this do not count
INTERIOR_TOL = 1e-9  # an LP point this far inside the simplex counts as interior
RELAXATION_TOL = 1e-12  # the relaxation prunes a support when no cell can get this much
GROEBNER_MAX_UNKNOWNS = 3  # unresolved supports with more unknowns are reported, not solved
DENOMINATORS = (10**3, 10**6, 10**9, 10**12)  # rational reconstruction of certified roots


def support_profiles(game: NormalFormGame) -> int:
    """How many support profiles :func:`polynomial_enumeration` may examine."""
    return prod(2**s - 1 for s in game.shape)


class _Enumeration:
    """The state of one enumeration: scaled payoffs, found equilibria, continua."""

    def __init__(self, game: NormalFormGame, deadline: float | None):
        self.game = game
        self.deadline = deadline
        self.exact = game.exact_payoffs
        self.scaled = []
        for u in game.payoffs:
            low, span = float(u.min()), float(u.max() - u.min())
            self.scaled.append((u - low) / span if span > 0 else np.zeros_like(u))
        self.found: dict[tuple, Equilibrium] = {}
        self.continua: list[str] = []
        self.dominance_cache: dict[tuple, int] = {}
        self.stats = defaultdict(int)

    # ------------------------------------------------------------------ pruning
    def dominated(self, i: int, supports) -> int:
        """Bit mask of player i's strategies strictly dominated (by a pure strategy)
        against the others' supports."""
        key = (i, *(s for j, s in enumerate(supports) if j != i))
        mask = self.dominance_cache.get(key)
        if mask is None:
            u = self.scaled[i]
            index = [slice(None) if j == i else list(s) for j, s in enumerate(supports)]
            sub = u[np.ix_(*[range(u.shape[j]) if j == i else s for j, s in enumerate(index)])]
            rows = np.moveaxis(sub, i, 0).reshape(u.shape[i], -1)
            beats = ((rows[:, None, :] - rows[None, :, :]) > DOMINANCE_TOL).all(axis=2)
            mask = int(sum(1 << s for s in np.flatnonzero(beats.any(axis=0))))
            self.dominance_cache[key] = mask
        return mask

    def add(self, eq: Equilibrium) -> None:
        key = tuple(round(float(x), 10) for s in eq.strategies for x in s)
        self.found.setdefault(key, eq)

    def check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimitExceeded("enumerate: the time limit was reached")

    # ------------------------------------------------------------------ pure
    def pure(self, supports) -> None:
        cell = tuple(s[0] for s in supports)
        for i, u in enumerate(self.exact):
            line = list(cell)
            line[i] = slice(None)
            if max(u[tuple(line)]) > u[cell]:
                return
        profile = [
            [Fraction(int(k == cell[i])) for k in range(self.game.shape[i])]
            for i in range(self.game.n_players)
        ]
        self.add(
            Equilibrium(
                strategies=tuple(np.array([float(x) for x in p]) for p in profile),
                payoffs=tuple(float(u[cell]) for u in self.exact),
                regret=0.0,
                exact=tuple(tuple(p) for p in profile),
                exact_regret=Fraction(0),
            )
        )

    # ------------------------------------------------------------------ one mixer
    def one_mixing(self, supports, i: int) -> None:
        """Player i mixes over S_i, the others play pure strategies."""
        cell = [s[0] for s in supports]
        line = list(cell)
        line[i] = slice(None)
        values = self.exact[i][tuple(line)]
        support = supports[i]
        v = values[support[0]]
        if any(values[s] != v for s in support) or max(values) > v:
            return
        # the others' conditions are linear in sigma_i: rows G sigma <= 0
        rows = []
        for j in range(self.game.n_players):
            if j == i:
                continue
            index = [slice(None) if k in (i, j) else cell[k] for k in range(len(cell))]
            block = self.scaled[j][tuple(index)]  # axes (i, j) in player order
            block = block if i < j else block.T  # (strategies of i, strategies of j)
            block = block[list(support)]
            rows += [block[:, t] - block[:, cell[j]] for t in range(block.shape[1])]
        if _interior_point(np.array(rows), len(support)):
            self.continua.append(self.text(supports))

    # ------------------------------------------------------------------ two mixers
    def two_mixing(self, supports, i: int, j: int) -> bool:
        """Exact solution when players i and j mix; False if it is not unique."""
        cell = [s[0] for s in supports]
        mixes = {}
        for me, other in ((i, j), (j, i)):
            index = [slice(None) if k in (me, other) else cell[k] for k in range(len(cell))]
            block = self.exact[me][tuple(index)]
            block = block if me < other else block.T  # (mine, other's)
            sub = [[block[s, c] for c in supports[other]] for s in supports[me]]
            matrix = [[a - b for a, b in zip(row, sub[0], strict=True)] for row in sub[1:]]
            matrix.append([Fraction(1)] * len(supports[other]))
            rhs = [Fraction(0)] * (len(sub) - 1) + [Fraction(1)]
            solved = ex.affine_solve(matrix, rhs)
            if solved is None:
                return True
            x, nullity = solved
            if nullity:
                return self.two_mixing_continuum(supports, i, j)
            if any(p <= 0 for p in x):
                return True
            mixes[other] = x
        profile = []
        for k, support in enumerate(supports):
            full = [Fraction(0)] * self.game.shape[k]
            if k in mixes:
                for s, p in zip(support, mixes[k], strict=True):
                    full[s] = p
            else:
                full[support[0]] = Fraction(1)
            profile.append(full)
        eq = exact_nfg_equilibrium(self.game, profile)
        if eq.exact_regret == 0:
            self.add(eq)
        return True

    def two_mixing_continuum(self, supports, i: int, j: int) -> bool:
        """Players i and j mix and one's equations leave the other's mixture free:
        the solutions form a product of affine sets (positive-dimensional).  Each
        player's own conditions are linear in the other's mixture, so two linear
        programmes find points with every support probability positive; if they
        exist and the pure players have no better reply there, equilibria fill a
        positive-dimensional set (status ``incomplete``).  False: undecided (the
        interval search takes over); True: settled."""
        cell = [s[0] for s in supports]
        points = {}
        for me, other in ((i, j), (j, i)):
            index = [slice(None) if k in (me, other) else cell[k] for k in range(len(cell))]
            block = self.scaled[me][tuple(index)]
            block = block if me < other else block.T
            block = block[:, list(supports[other])]
            base = block[supports[me][0]]
            rows = [block[s] - base for s in supports[me][1:]]
            rows += [base - block[s] for s in supports[me][1:]]
            rows += [block[t] - base for t in range(block.shape[0]) if t not in supports[me]]
            point = _interior_point(np.array(rows), len(supports[other]), point=True)
            if point is None:
                return True  # no solution with positive probabilities
            full = np.zeros(self.game.shape[other])
            full[list(supports[other])] = point
            points[other] = full
        profile = [
            points[k] if k in points else np.eye(self.game.shape[k])[cell[k]]
            for k in range(self.game.n_players)
        ]
        values = self.game.pure_payoffs(profile)
        ranges = self.game.player_ranges()
        if all(
            v.max() - v @ s <= 1e-12 * r for v, s, r in zip(values, profile, ranges, strict=True)
        ):
            self.continua.append(self.text(supports))
            return True
        return False

    def relaxation_feasible(self, supports, mixing) -> bool:
        """A necessary condition, one linear programme per player (Porter, Nudelman &
        Shoham 2008 prune by feasibility the same way): at an equilibrium with these
        supports the others' product mixture is a distribution mu over the cells of
        S_-i with every cell positive, under which i's support strategies pay the
        same and its other strategies no more.  Dropping the product form leaves a
        linear programme in mu; the support is pruned when no mu has every cell
        above :data:`RELAXATION_TOL`."""
        for i in range(self.game.n_players):
            u = self.scaled[i]
            axes = [range(u.shape[k]) if k == i else list(s) for k, s in enumerate(supports)]
            rows = np.moveaxis(u[np.ix_(*axes)], i, 0).reshape(u.shape[i], -1)
            if rows.shape[1] == 1:
                continue
            base = rows[supports[i][0]]
            lp = [rows[s] - base for s in supports[i][1:]]
            lp += [base - rows[s] for s in supports[i][1:]]
            lp += [rows[t] - base for t in range(rows.shape[0]) if t not in supports[i]]
            self.stats["lp"] += 1
            if not _interior_point(np.array(lp), rows.shape[1], tol=RELAXATION_TOL):
                return False
        return True

    # ------------------------------------------------------------------ batches
    def batch(self, group: list) -> Batch:
        """The interval systems of supports of one shape (see :class:`.krawczyk.Batch`)."""
        first = group[0]
        mixing = tuple(k for k, s in enumerate(first) if len(s) > 1)
        sizes = tuple(len(first[k]) for k in mixing)
        eq: dict[int, list] = defaultdict(list)
        out: dict[int, list] = defaultdict(list)
        for supports in group:
            for i, u in enumerate(self.scaled):
                axes = [
                    range(u.shape[k]) if k == i else list(s) if k in mixing else [s[0]]
                    for k, s in enumerate(supports)
                ]
                kept = [k for k in range(len(supports)) if k == i or k in mixing]
                t = u[np.ix_(*axes)].reshape([len(axes[k]) for k in kept])
                t = np.moveaxis(t, kept.index(i), 0)
                base = t[supports[i][0]]
                outside = [s for s in range(u.shape[i]) if s not in supports[i]]
                out[i].append(t[outside] - base)
                if i in mixing:
                    eq[i].append(t[list(supports[i][1:])] - base)
        return Batch(
            mixing=mixing,
            sizes=sizes,
            eq={i: np.array(v) for i, v in eq.items()},
            out={i: np.array(v) for i, v in out.items()},
            players=tuple(range(self.game.n_players)),
        )

    def solve_group(self, group: list) -> None:
        batch = self.batch(group)
        roots = solve_batch(batch, len(group), self.deadline)
        self.stats["boxes"] += roots.boxes
        for p, lo, hi in roots.certified:
            self.certified(batch, group[p], p, lo, hi)
        inside = {p for p, lo, hi in roots.unresolved if interior(batch, lo, hi)}
        for p in sorted(inside):
            self.check_deadline()
            self.unresolved(group[p])

    def certified(self, batch: Batch, supports, p: int, lo, hi) -> None:
        x = newton(batch, p, (lo + hi) / 2)
        if not ((x >= lo - 1e-12) & (x <= hi + 1e-12)).all():
            x = (lo + hi) / 2
        for den in DENOMINATORS:
            profile = self.rational_profile(batch, supports, x, den)
            if profile is None:
                continue
            flat = np.array([float(profile[j][s]) for j in batch.mixing for s in supports[j][1:]])
            if not ((flat >= lo - 1e-9) & (flat <= hi + 1e-9)).all():
                continue
            eq = exact_nfg_equilibrium(self.game, profile)
            if eq.exact_regret == 0:
                self.add(eq)
                return
        if any((batch.full(x, j) <= 0).any() for j in batch.mixing):
            return
        proof = certify_point(batch, p, x)
        if proof is False:
            return
        profile = self.float_profile(batch, supports, x)
        eq = make_equilibrium(self.game, profile)
        if proof is True or self.float_ok(eq):
            self.add(eq)

    def rational_profile(self, batch: Batch, supports, x, den: int):
        profile = []
        for k, support in enumerate(supports):
            full = [Fraction(0)] * self.game.shape[k]
            if k in batch.mixing:
                values = [Fraction(float(v)).limit_denominator(den) for v in batch.full(x, k)]
                if sum(values) != 1:
                    values[-1] = 1 - sum(values[:-1])
                if any(v < 0 for v in values):
                    return None
                for s, v in zip(support, values, strict=True):
                    full[s] = v
            else:
                full[support[0]] = Fraction(1)
            profile.append(full)
        return profile

    def float_profile(self, batch: Batch, supports, x) -> list[np.ndarray]:
        profile = []
        for k, support in enumerate(supports):
            full = np.zeros(self.game.shape[k])
            if k in batch.mixing:
                full[list(support)] = batch.full(x, k)
            else:
                full[support[0]] = 1.0
            profile.append(full)
        return profile

    def float_ok(self, eq: Equilibrium) -> bool:
        values = self.game.pure_payoffs(list(eq.strategies))
        return all(
            v.max() - v @ s <= IRRATIONAL_TOL * r
            for v, s, r in zip(values, eq.strategies, self.game.player_ranges(), strict=True)
        )

    def unresolved(self, supports) -> None:
        """A support the interval search could not settle: exact algebra if small."""
        from deterrence.solvers.games.groebner_support import solve_support

        unknowns = sum(len(s) - 1 for s in supports)
        self.stats["groebner"] += 1
        if unknowns > GROEBNER_MAX_UNKNOWNS:
            self.continua.append(self.text(supports) + " (not resolved)")
            return
        solutions, positive_dimensional = solve_support(self.game, supports)
        for eq in solutions:
            self.add(eq)
        if positive_dimensional:
            self.continua.append(self.text(supports))

    def text(self, supports) -> str:
        game = self.game
        return (
            "("
            + "; ".join(
                ",".join(game.strategies[i][s] for s in sup) for i, sup in enumerate(supports)
            )
            + ")"
        )


def _interior_point(rows: np.ndarray, k: int, point: bool = False, tol: float = INTERIOR_TOL):
    """Whether some sigma in the simplex with every sigma_s >= INTERIOR_TOL satisfies
    rows @ sigma <= 0 (a linear programme: maximise the smallest probability); with
    ``point``, that sigma (or None)."""
    from scipy.optimize import linprog

    c = np.zeros(k + 1)
    c[-1] = -1.0
    a_ub = np.hstack([rows, np.zeros((len(rows), 1))]) if len(rows) else np.zeros((0, k + 1))
    a_ub = np.vstack([a_ub, np.hstack([-np.eye(k), np.ones((k, 1))])])
    b_ub = np.concatenate([np.full(len(rows), 1e-12), np.zeros(k)])
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    res = linprog(
        c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=[(0, 1)] * (k + 1), method="highs"
    )
    found = bool(res.status == 0 and -res.fun > tol)
    if point:
        return res.x[:k] if found else None
    return found


def polynomial_enumeration(game: NormalFormGame, deadline: float | None = None) -> NashResult:
    """Every equilibrium of a strategic game with any number of players (see the module)."""
    state = _Enumeration(game, deadline)
    subsets = [[c for k in range(1, s + 1) for c in combinations(range(s), k)] for s in game.shape]
    masks = [{c: sum(1 << s for s in c) for c in subs} for subs in subsets]
    groups: dict[tuple, list] = defaultdict(list)
    examined = 0
    for count, supports in enumerate(product(*subsets)):
        if count % 256 == 0:
            state.check_deadline()
        examined += 1
        if any(
            masks[i][s] & state.dominated(i, supports) for i, s in enumerate(supports) if len(s)
        ):
            continue
        mixing = [i for i, s in enumerate(supports) if len(s) > 1]
        state.stats[f"mixing_{min(len(mixing), 3)}"] += 1
        if not mixing:
            state.pure(supports)
        elif len(mixing) == 1:
            state.one_mixing(supports, mixing[0])
        elif len(mixing) == 2 and state.two_mixing(supports, *mixing):
            continue
        elif state.relaxation_feasible(supports, mixing):
            shape = tuple(len(s) if i in mixing else 0 for i, s in enumerate(supports))
            groups[shape].append(supports)
    for shape in sorted(groups, key=sum):
        state.solve_group(groups[shape])
    equilibria = sorted(state.found.values(), key=lambda e: tuple(-np.concatenate(e.strategies)))
    complete = not state.continua
    return NashResult(
        method="polynomial_enumeration",
        status=COMPLETE if complete else INCOMPLETE,
        equilibria=tuple(equilibria),
        parameters={
            "arithmetic": "exact linear algebra; interval Krawczyk search; rational or "
            "interval proof per equilibrium; Groebner bases (SymPy) for unresolved supports",
            "supports": examined,
            **dict(state.stats),
        },
        message=(
            ""
            if complete
            else (
                "completeness cannot be guaranteed: a positive-dimensional set of solutions "
                f"meets the simplex on {len(state.continua)} support profile(s), e.g. "
                f"{state.continua[0]}; equilibria inside it are not listed"
            )
        ),
    )
