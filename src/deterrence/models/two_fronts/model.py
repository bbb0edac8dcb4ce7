r"""Force allocation across two fronts when the third party's move is ambiguous.

docs/two_fronts.md states the model; in short:

A (the United States) is at war with T (China) in the Pacific and holds a
force budget B, which it divides between the Pacific (x_P) and Europe
(x_E = B - x_P).  R (Russia) stays out (O), joins T in the Pacific (P) or opens
a European front (E).  Each front is a contest of the ratio form, a lottery
Colonel Blotto game (Friedman 1958; Kovenock & Roberson 2012) with the
package's combat model p(x, D) (``models.combat``):

    u_O(x_P) = V_P p(x_P, D_T)   + V_E                  - k_N       - c B
    u_P(x_P) = V_P p(x_P, D_I)   + V_E                  - k_I       - c B
    u_E(x_P) = V_P p(x_P, D_T)   + V_E p(B - x_P, D_E)  - k_N - k_E - c B

with D_I = D_T + e D_R (R's forces in the Pacific, as in the canonical model)
and D_E R's strength in Europe; Europe left quiet is held (worth V_E).  Since
u_O >= u_P and u_O >= u_E, R's moves are the bad states.

A's belief (``response = "belief"``): R acts with probability q (``belief.q``:
a point, an interval or a second-order Beta) and, if it acts, joins in the
Pacific with probability pi (``two_fronts.pacific_share``: a point or an
interval).  Under a prior (q, pi), R's moves have probabilities
(1 - q, q pi, q (1 - pi)) and

    EU(x_P; q, pi) = u_O - q g(pi),   g(pi) = pi (u_O - u_P) + (1 - pi)(u_O - u_E) >= 0.

A's criterion values the set of priors {q} x {pi} (``models.criteria``):

* expected -- EU at the mean (q̄, pī);
* maxmin -- min over the four corners (EU is linear in the probabilities, and
  the set of probability vectors is the quadrilateral spanned by the corners);
* alpha-maxmin -- alpha min + (1 - alpha) max over the corners;
* smooth (KMM, CARA phi) -- q uniform on its interval (or the Beta) and pi
  uniform on its interval, independent: u_O - (1/lam) ln E_pi E_q exp(lam q g(pi)),
  the q-integral in closed form (``solvers.ambiguity``), the pi-integral by
  Gauss-Legendre quadrature;
* minimax regret -- regret is convex in the probabilities, so the corners suffice;
* multiplier -- -theta ln sum_s P0_s exp(-u_s / theta) at the mean prior P0.

A chooses x_P in [0, B] to maximise its criterion (a decision under
ambiguity; R's move is not a best response).  With ``response = "equilibrium"``
R best-responds instead: the simultaneous-move game of
:mod:`.game`, solved for all its equilibria.

Outputs compare A's allocation with the allocation under expected utility at
the mean prior (no ambiguity): the *hedging premium* x_E - x_E(EU) (force kept
in Europe because of ambiguity; negative: force added to the Pacific), its
cost at the mean prior EU(x_EU) - EU(x*), and the *budget premium*: the extra
budget A would need, under its criterion, to be as well off as it would be
without ambiguity (gross of the force's cost), with its cost c times that.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from deterrence.models.batched import BatchedFields
from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.solvers import ambiguity
from deterrence.solvers.bounded import maximize_bounded
from deterrence.solvers.roots import batch_increasing_root

RESPONSES = ("belief", "equilibrium")  # how R's move is modelled (two_fronts.response)
SMOOTH = ("expected", "smooth", "multiplier")  # criteria whose value is smooth in x_P
SHARE_NODES = 12  # Gauss-Legendre nodes over the Pacific share (smooth criterion)
MET_TOL = 1e-12  # a value within this (relative) of the target meets it: no budget premium
STATES = ("stays_out", "joins_pacific", "opens_europe")
OUTPUT_NAMES = (
    "pacific_force",
    "europe_force",
    "pacific_win_probability",
    "europe_win_probability",
    "value",
    "r_stays_out",
    "r_joins_pacific",
    "r_opens_europe",
    "hedging_premium",
    "hedging_cost",
    "budget_premium",
    "extra_cost",
    "equilibria",
)
NUMERIC_FIELDS = (
    "budget",
    "pacific_value",
    "europe_value",
    "target_strength",
    "pacific_reinforcement",
    "europe_strength",
    "war_cost",
    "intervention_war_cost",
    "europe_war_cost",
    "force_cost",
    "share_lo",
    "share_hi",
)


@dataclass(frozen=True)
class TwoFrontsModel(BatchedFields):
    """A's allocation problem (module docstring).  Numeric fields are scalars or (P, 1) arrays.

    Parameters
    ----------
    budget
        B, A's force budget.
    pacific_value, europe_value
        V_P (the canonical stakes) and V_E: A's value of prevailing on each front.
    target_strength, pacific_reinforcement
        D_T and e D_R: T's defence and what R adds to it by joining in the Pacific.
    europe_strength
        D_E, R's strength on the European front.
    war_cost, intervention_war_cost, europe_war_cost
        k_N, k_I (>= k_N) and k_E: A's war costs.
    force_cost
        c, A's cost per unit of force (charged on the whole budget).
    share_lo, share_hi
        The set of pi, R's chance of joining in the Pacific if it acts.
    combat
        The contest on each front (``models.combat``).
    belief
        A's set of priors over q, the chance that R acts (exogenous).

    Examples
    --------
    >>> from deterrence.models.combat import Combat
    >>> blotto = TwoFrontsModel(10.0, 3.0, 1.0, 4.5, 0.0, 1.5, 0.0, 0.0, 0.0, 0.1, 0.0, 0.0,
    ...                         Combat("contest", 1.0), Belief.point(1.0))
    >>> out = blotto.solve(Criterion("expected"))
    >>> round(out.pacific_force, 6), round(out.europe_force, 6)
    (7.5, 2.5)
    """

    budget: Any
    pacific_value: Any
    europe_value: Any
    target_strength: Any
    pacific_reinforcement: Any
    europe_strength: Any
    war_cost: Any
    intervention_war_cost: Any
    europe_war_cost: Any
    force_cost: Any
    share_lo: Any
    share_hi: Any
    combat: Combat
    belief: Belief

    numeric_fields = NUMERIC_FIELDS  # batched: scalars or (P, 1) arrays (models.batched)

    # ----------------------------------------------------------------- building blocks
    def with_belief(self, belief: Belief, share: float | None = None) -> TwoFrontsModel:
        """The model with another belief (and optionally a point Pacific share)."""
        if share is None:
            return replace(self, belief=belief)
        return replace(self, belief=belief, share_lo=share, share_hi=share)

    @property
    def share_mean(self):
        return 0.5 * (self.column("share_lo") + self.column("share_hi"))

    def front_probabilities(self, x_pacific, budget=None):
        """(p(x_P, D_T), p(x_P, D_I), p(B - x_P, D_E)): A's chance on each front."""
        budget = self.column("budget") if budget is None else budget
        x_pacific = np.clip(x_pacific, 0.0, budget)
        defence_in = self.column("target_strength") + self.column("pacific_reinforcement")
        with np.errstate(divide="ignore"):
            return (
                self.combat.win_probability(x_pacific, self.column("target_strength")),
                self.combat.win_probability(x_pacific, defence_in),
                self.combat.win_probability(budget - x_pacific, self.column("europe_strength")),
            )

    def payoffs(self, x_pacific, budget=None):
        """(u_O, u_P, u_E) at Pacific force x_P, each of the shape of x_P."""
        budget = self.column("budget") if budget is None else budget
        p_t, p_i, p_e = self.front_probabilities(x_pacific, budget)
        v_p, v_e = self.column("pacific_value"), self.column("europe_value")
        k_n, k_i = self.column("war_cost"), self.column("intervention_war_cost")
        base = v_e - self.column("force_cost") * budget
        return (
            v_p * p_t + base - k_n,
            v_p * p_i + base - k_i,
            v_p * p_t + v_e * p_e + base - v_e - k_n - self.column("europe_war_cost"),
        )

    # ---------------------------------------------------------------------- priors
    def corners(self) -> tuple[np.ndarray, np.ndarray]:
        """q and pi of the set's four corners, each (4, R, 1), in the order
        (lo, lo), (lo, hi), (hi, lo), (hi, hi)."""
        b = self.belief
        q_lo, q_hi = (np.broadcast_to(np.asarray(v, float), (self.rows, 1)) for v in (b.lo, b.hi))
        pi_lo, pi_hi = self.column("share_lo"), self.column("share_hi")
        return np.stack([q_lo, q_lo, q_hi, q_hi]), np.stack([pi_lo, pi_hi, pi_lo, pi_hi])

    @staticmethod
    def probabilities(q, share):
        """R's moves (O, P, E) under prior (q, pi): (1 - q, q pi, q (1 - pi))."""
        return 1.0 - q, q * share, q * (1.0 - share)

    def mean_prior(self):
        """(q̄, pī), each (R, 1)."""
        q = np.broadcast_to(np.asarray(self.belief.mean, float), (self.rows, 1))
        return q, self.share_mean

    def expected(self, u, q, share):
        """EU = sum_s P_s u_s under prior (q, pi)."""
        probs = self.probabilities(q, share)
        return sum(p * v for p, v in zip(probs, u, strict=True))

    # ------------------------------------------------------------ criterion values
    def value(self, crit: Criterion, x_pacific, budget=None):
        """The criterion's value of the allocation (every criterion but minimax regret)."""
        return self.value_of(crit, self.payoffs(x_pacific, budget))

    def value_of(self, crit: Criterion, u):
        """The criterion's value of state payoffs u = (u_O, u_P, u_E) (not minimax regret)."""
        if crit.name == "expected":
            return self.expected(u, *self.mean_prior())
        if crit.name == "multiplier":
            weights = np.stack(self.probabilities(*self.mean_prior()))
            return ambiguity.smooth_discrete(np.stack(u), weights, 1.0 / crit.penalty, axis=0)
        if crit.name == "smooth":
            nodes, weights = self.share_nodes()
            u_out = u[0]
            gap = nodes * (u_out - u[1]) + (1.0 - nodes) * (u_out - u[2])  # (J, R, n)
            lam = crit.ambiguity_aversion
            inner = self.belief.smooth(u_out, gap, np.zeros_like(gap), lam)
            return ambiguity.smooth_discrete(inner, weights, lam, axis=0)
        q, share = self.corners()
        eu = self.expected(u, q, share)  # (4, R, n)
        if crit.name == "maxmin":
            return eu.min(axis=0)
        if crit.name == "alpha_maxmin":
            return crit.alpha * eu.min(axis=0) + (1.0 - crit.alpha) * eu.max(axis=0)
        raise ValueError(f"criterion {crit.name!r} has no value of its own here")

    def unlimited_value(self, crit: Criterion) -> np.ndarray:
        """The criterion's value, gross of the force's cost, as the budget grows without
        bound (every front won): the payoffs V_P + V_E - k_s; shape (R,)."""
        top = self.column("pacific_value") + self.column("europe_value")
        u = (
            top - self.column("war_cost"),
            top - self.column("intervention_war_cost"),
            top - self.column("war_cost") - self.column("europe_war_cost"),
        )
        return np.broadcast_to(self.value_of(crit, u), (self.rows, 1)).ravel()

    def share_nodes(self) -> tuple[np.ndarray, np.ndarray]:
        """Gauss-Legendre nodes over [pi_lo, pi_hi] and their weights, each (J, R, 1); one
        node when every point's share is known (pi_lo = pi_hi)."""
        lo, hi = self.column("share_lo"), self.column("share_hi")
        if np.all(lo == hi):
            return lo[None], np.ones((1, self.rows, 1))
        t, w = np.polynomial.legendre.leggauss(SHARE_NODES)
        t, w = (t + 1.0) / 2.0, w / 2.0
        nodes = lo[None] + t[:, None, None] * (hi - lo)[None]
        return nodes, np.broadcast_to(w[:, None, None], nodes.shape)

    def _regret_setup(self, budget=None):
        """Each corner's best EU over allocations, (4, R, 1)."""
        q, share = self.corners()
        budget = self.column("budget") if budget is None else budget

        def per_corner(x):  # (4 * R, n)
            xx = x.reshape(4, self.rows, -1)
            return self.expected(self.payoffs(xx, budget), q, share).reshape(4 * self.rows, -1)

        hi = np.tile(budget.ravel(), 4)
        top = maximize_bounded(per_corner, np.zeros_like(hi), hi)
        return top.value.reshape(4, self.rows, 1)

    def best_allocation(self, crit: Criterion, budget=None):
        """Arrays (R,): the best Pacific force x_P* and its value."""
        budget = self.column("budget") if budget is None else budget
        hi = budget.ravel()
        if crit.name == "minimax_regret":
            best = self._regret_setup(budget)
            q, share = self.corners()

            def neg_regret(x):
                return -(best - self.expected(self.payoffs(x, budget), q, share)).max(axis=0)

            top = maximize_bounded(neg_regret, np.zeros_like(hi), hi, smooth=False)
        else:
            smooth = crit.name in SMOOTH  # the others are a min or max over corners: kinks
            top = maximize_bounded(
                lambda x: self.value(crit, x, budget), np.zeros_like(hi), hi, smooth=smooth
            )
        return top.x, top.value

    def closed_form(self, weight_europe) -> np.ndarray:
        """x_P* for contest r = 1 when the Pacific defence is one number: maximise
        V_P x / (x + D) + w V_E (B - x) / (B - x + D_E) (water-filling, ``solvers.blotto``):
        x = sqrt(V_P D) s - D, s = (B + D + D_E) / (sqrt(V_P D) + sqrt(w V_E D_E)), clipped to
        [0, B].  ``weight_europe`` is w, the probability that Europe is contested, (R, 1).
        Here D = D_T (R surely not in the Pacific); arrays (R,)."""
        v_p, v_e, b = (
            self.column("pacific_value"),
            self.column("europe_value"),
            self.column("budget"),
        )
        d, d_e = self.column("target_strength"), self.column("europe_strength")
        a, e = np.sqrt(v_p * d), np.sqrt(weight_europe * v_e * d_e)
        with np.errstate(divide="ignore", invalid="ignore"):
            x = a * (b + d + d_e) / (a + e) - d
        return np.clip(np.where(np.isfinite(x), x, b), 0.0, b).ravel()

    # ------------------------------------------------------------------ reporting
    def setting_prior(self, crit: Criterion, x_pacific) -> tuple[np.ndarray, ...]:
        """Probabilities of R's moves (O, P, E) under the prior that sets the criterion's
        value at x_P (shape (R,) each): the mean prior for expected and smooth, the worst
        corner for maxmin, the alpha-mix of the worst and best corners for alpha-maxmin,
        the corner of largest regret for minimax regret (ties: the later corner), and the
        worst-case tilt P0_s e^{-u_s/theta} / sum for the multiplier."""
        xc = np.asarray(x_pacific, float).reshape(self.rows, 1)
        u = self.payoffs(xc)
        if crit.name in ("expected", "smooth"):
            probs = self.probabilities(*self.mean_prior())
        elif crit.name == "multiplier":
            p0 = np.stack(self.probabilities(*self.mean_prior()))
            logs = np.log(np.where(p0 > 0, p0, 1.0)) - np.stack(u) / crit.penalty
            logs = np.where(p0 > 0, logs, -np.inf)
            tilt = np.exp(logs - logs.max(axis=0))
            probs = tuple(tilt / tilt.sum(axis=0))
        else:
            q, share = self.corners()
            eu = self.expected(u, q, share)  # (4, R, 1)
            corner = np.stack(self.probabilities(q, share))  # (3, 4, R, 1)
            rows = np.arange(self.rows)
            if crit.name == "minimax_regret":
                regret = self._regret_setup() - eu
                pick = 3 - np.argmax(regret[::-1] >= regret.max(axis=0) - 1e-12, axis=0)[:, 0]
                probs = tuple(c[pick, rows] for c in corner)
            else:
                worst, best = np.argmin(eu, axis=0)[:, 0], np.argmax(eu, axis=0)[:, 0]
                alpha = 1.0 if crit.name == "maxmin" else np.asarray(crit.alpha, float)
                alpha = np.broadcast_to(alpha, (self.rows, 1))
                probs = tuple(
                    alpha * c[worst, rows] + (1.0 - alpha) * c[best, rows] for c in corner
                )
        return tuple(np.broadcast_to(p, (self.rows, 1)).ravel().astype(float) for p in probs)

    def win_probabilities(self, x_pacific, probs) -> tuple[np.ndarray, np.ndarray]:
        """A's chance of prevailing in the Pacific and of holding Europe (a quiet Europe is
        held) at x_P under the probabilities ``probs`` of R's moves, shape (R,) each."""
        xc = np.asarray(x_pacific, float).reshape(self.rows, 1)
        p_t, p_i, p_e = (
            np.broadcast_to(v, (self.rows, 1)).ravel() for v in self.front_probabilities(xc)
        )
        out, pac, eur = probs
        return (out + eur) * p_t + pac * p_i, out + pac + eur * p_e

    # ------------------------------------------------------------------------ solve
    def budget_premium(self, crit: Criterion, target: np.ndarray, value: np.ndarray) -> np.ndarray:
        """B' - B, B' the least budget at which the criterion's value, gross of c B', reaches
        ``target`` (shape (R,)); the gross value rises with the budget.  NaN where no
        budget reaches it (the target is at or above :meth:`unlimited_value`: war costs
        that no force removes), and for minimax regret, whose value (minus a regret) is
        not on the scale of a payoff.  ``value`` is the criterion's value at B: where it
        meets the target to rounding the premium is 0 (the gross value may be flat in
        the budget there, e.g. when every front is already won)."""
        out = np.full(self.rows, np.nan)
        if crit.name == "minimax_regret":
            return out
        cost = self.column("force_cost").ravel()
        budget = self.column("budget").ravel()
        met = np.abs(value + cost * budget - target) <= MET_TOL * np.maximum(1.0, np.abs(target))
        out[met] = 0.0
        reachable = np.flatnonzero(~met & (target < self.unlimited_value(crit)))
        if reachable.size == 0:
            return out
        sub, sub_crit = self.take(reachable), crit.take(reachable)

        def gap(b, rows):
            _, val = sub.take(rows).best_allocation(sub_crit.take(rows), b[:, None])
            return val + cost[reachable][rows] * b - target[reachable][rows]

        root = batch_increasing_root(gap, 0.0, budget[reachable].copy())
        out[reachable] = np.where(np.isfinite(root), root - budget[reachable], np.nan)
        return out

    def solve_batch(self, crit: Criterion) -> dict[str, np.ndarray]:
        """docs/two_fronts.md's outputs for every point, arrays of shape (R,)."""
        x, val = self.best_allocation(crit)
        budget = self.column("budget").ravel()
        probs = self.setting_prior(crit, x)
        pacific, europe = self.win_probabilities(x, probs)
        mean = self.with_belief(self.belief.at_mean(), None)
        mean = replace(mean, share_lo=self.share_mean, share_hi=self.share_mean)
        bx, bval = mean.best_allocation(Criterion("expected"))
        at_x = mean.value(Criterion("expected"), x[:, None]).ravel()
        cost = self.column("force_cost").ravel()
        premium = self.budget_premium(crit, bval + cost * budget, val)
        return {
            "pacific_force": x,
            "europe_force": budget - x,
            "pacific_win_probability": pacific,
            "europe_win_probability": europe,
            "value": val,
            "r_stays_out": probs[0],
            "r_joins_pacific": probs[1],
            "r_opens_europe": probs[2],
            "hedging_premium": bx - x,
            "hedging_cost": bval - at_x,
            "budget_premium": premium,
            "extra_cost": cost * premium,
            "equilibria": np.full(self.rows, np.nan),
            "baseline_pacific_force": bx,
            "baseline_value": bval,
        }

    def solve(self, crit: Criterion) -> TwoFrontsSolution:
        """The outputs of this (scalar) scenario: :meth:`solve_batch` with one row."""
        out = self.solve_batch(crit)
        first = {k: float(np.asarray(v, float).ravel()[0]) for k, v in out.items()}
        del first["equilibria"]
        return TwoFrontsSolution(
            criterion=crit.name, **{k: None if np.isnan(v) else v for k, v in first.items()}
        )


@dataclass(frozen=True)
class TwoFrontsSolution:
    """Everything a run reports about A's allocation (docs/two_fronts.md, "Outputs")."""

    criterion: str
    pacific_force: float
    europe_force: float
    pacific_win_probability: float
    europe_win_probability: float
    value: float
    r_stays_out: float
    r_joins_pacific: float
    r_opens_europe: float
    hedging_premium: float
    hedging_cost: float
    budget_premium: float | None
    extra_cost: float | None
    baseline_pacific_force: float
    baseline_value: float

    def outputs(self) -> dict:
        names = [n for n in OUTPUT_NAMES if n != "equilibria"]
        return {
            "model": "two_fronts",
            "response": "belief",
            "criterion": self.criterion,
            **{k: getattr(self, k) for k in names},
        }

    def to_record(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def summary(self) -> str:
        def fmt(v):
            return "none" if v is None else f"{v:.4f}"

        return "\n".join(
            [
                f"criterion: {self.criterion}",
                f"  Pacific force x_P         {self.pacific_force:.4f}   (no ambiguity: "
                f"{self.baseline_pacific_force:.4f})",
                f"  European force x_E        {self.europe_force:.4f}",
                f"  win probability           Pacific {self.pacific_win_probability:.4f}, "
                f"Europe {self.europe_win_probability:.4f}",
                f"  R's moves (prior)         stays out {self.r_stays_out:.4f}, joins in the "
                f"Pacific {self.r_joins_pacific:.4f}, opens Europe {self.r_opens_europe:.4f}",
                f"  A's value                 {self.value:.4f}",
                f"  hedging premium           {self.hedging_premium:.4f} units kept in Europe "
                f"(costs {self.hedging_cost:.4f} at the mean prior)",
                f"  budget premium            {fmt(self.budget_premium)} units "
                f"(extra cost {fmt(self.extra_cost)})",
            ]
        )
