r"""Crisis bargaining in the shadow of a third party (docs/bargaining.md).

A (the United States) and T (China) dispute a good of size 1; A holds the
share s in the status quo.  Timing:

0. Nature draws T's cost of war c_T from a distribution G on [0, c̄] (uniform,
   as in Fearon 1995, or a scaled Beta) and, in endogenous mode, R's resolve
   theta.  T knows both; A knows neither.
1. A keeps the status quo (payoff s) or demands x in [0, 1]: a crisis.
2. T accepts (A gets x, T gets 1 - x) or fights.
3. In a war R joins T (state I) or stays out (state N); A prevails, and takes
   the whole good, with probability p_I or p_N (p_I <= p_N); A pays c_A, plus
   c_I when R joins; T pays c_T.

T knows whether R will join (R is its partner), so in state s T fights iff
1 - p_s - c_T > 1 - x, i.e. c_T < x - p_s, and

    w_s(x) = G(x - p_s),                                   Pr(war | s)
    U_s(x) = (1 - w_s(x)) x + w_s(x) (p_s - k_s),           k_N = c_A, k_I = c_A + c_I
           = x - G(x - p_s) (x - p_s + k_s).

Under a prior with probability q of R's entry, EU_q(x) = U_N(x) - q Delta(x),
Delta = U_N - U_I >= 0: a two-outcome lottery whose bad state is R's entry,
valued by the package's criteria (``solvers.ambiguity``).  R's entry is

* exogenous: q is a point, an interval or a second-order Beta (``belief.q``);
* endogenous ("limited aims", Werner 2000): R values a war by the stakes A
  declared, losing W_R x if A prevails, and pays kappa_R to join; with
  resolve theta it joins iff theta - kappa_R - W_R x p_I >= -W_R x p_N, i.e.
  theta >= theta*(x) = kappa_R - W_R x (p_N - p_I), a cut-off that rises as
  A's demand falls.  A's prior theta ~ N(mu, sd^2) gives
  q(x; mu) = 1 - Phi((theta*(x) - mu) / sd); ambiguity is an interval of mu.

A's equilibrium demand maximises its criterion's value over x, and A makes
it iff that value exceeds the status quo's (ties keep the status quo); T and
R play sequentially rational responses (a perfect Bayesian equilibrium of
the take-it-or-leave-it game; A's beliefs are sets of priors).  With q = 0 and
G uniform this is Fearon's model: x* = p + (c̄ - c_A)/2 and
Pr(war) = (c̄ - c_A)/(2 c̄) when interior.

Numerics: with G uniform each U_s is piecewise quadratic in x, so for the
criteria that are EU under one prior (expected, maxmin, alpha-maxmin; exogenous
mode) the optimum is found in closed form among the pieces' stationary points
and their ends (:meth:`BargainingModel.closed_form`); otherwise by a global
search over x in [p_I, min(1, p_N + c̄)] (``solvers.bounded``; demands below
p_I are accepted in both states and worth less than p_I).  Tests check each
path against the other.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from scipy.special import betainc

from deterrence.models.batched import BatchedFields
from deterrence.models.beliefs import Belief
from deterrence.models.criteria import Criterion
from deterrence.solvers import ambiguity
from deterrence.solvers.bounded import maximize_bounded

DISTRIBUTIONS = ("uniform", "beta")
ONE_PRIOR = ("expected", "maxmin", "alpha_maxmin")
LIMITED_TOL = 1e-7  # a demand moderated by less than this does not count as limited aims
OUTPUT_NAMES = (
    "crisis",
    "demand",
    "war_probability",
    "entry_probability",
    "value",
    "demand_premium",
    "war_probability_premium",
    "limited_aims",
    "aims_moderation",
    "entry_deterred",
)
BOOL_OUTPUTS = ("crisis", "limited_aims")
NUMERIC_FIELDS = (
    "p_out",
    "p_in",
    "attacker_cost",
    "intervention_cost",
    "cost_max",
    "status_quo",
    "third_party_cost",
    "third_party_loss",
    "shape_a",
    "shape_b",
)


@dataclass(frozen=True)
class BargainingModel(BatchedFields):
    """The take-it-or-leave-it crisis with R's possible entry (module docstring).

    Numeric fields are scalars (one scenario) or arrays of shape (P, 1) (a
    batch of P points); ``distribution`` and the belief's mode are shared by a batch.

    Parameters
    ----------
    p_out, p_in
        p_N and p_I, A's chance of prevailing without and with R (p_I <= p_N).
    attacker_cost, intervention_cost
        c_A, A's cost of war, and c_I, what R's entry adds to it.
    cost_max
        c̄ > 0: T's cost of war lies in [0, c̄].
    status_quo
        s, A's share of the good in the status quo.
    third_party_cost, third_party_loss
        kappa_R and W_R: R's cost of joining and its loss per unit of A's demand
        if A prevails (endogenous mode).
    belief
        A's set of priors over R's entry (``models.beliefs``).
    distribution
        ``"uniform"`` or ``"beta"``: c_T / c̄ ~ U[0, 1] or Beta(shape_a, shape_b).

    Examples
    --------
    >>> model = BargainingModel(0.5, 0.5, 0.1, 0.0, 0.3, 0.5, 0.3, 1.0, Belief.point(0.0))
    >>> out = model.solve(Criterion("expected"))
    >>> round(out.demand, 6), round(out.war_probability, 6)
    (0.6, 0.333333)
    """

    p_out: Any
    p_in: Any
    attacker_cost: Any
    intervention_cost: Any
    cost_max: Any
    status_quo: Any
    third_party_cost: Any
    third_party_loss: Any
    belief: Belief
    distribution: str = "uniform"
    shape_a: Any = 1.0
    shape_b: Any = 1.0

    numeric_fields = NUMERIC_FIELDS  # batched: scalars or (P, 1) arrays (models.batched)

    # ----------------------------------------------------------------- building blocks
    def with_belief(self, belief: Belief) -> BargainingModel:
        return replace(self, belief=belief)

    def cost_cdf(self, z):
        """G(z) = Pr(c_T <= z): T's cost of war is below z."""
        t = np.clip(np.asarray(z, float) / self.cost_max, 0.0, 1.0)
        if self.distribution == "uniform":
            return t
        return betainc(self.shape_a, self.shape_b, t)

    def state_payoff(self, x, p, k):
        """U_s(x) = x - G(x - p_s) (x - p_s + k_s): A's payoff of demand x in state s."""
        return x - self.cost_cdf(x - p) * (x - p + k)

    def payoffs(self, x):
        """(U_N(x), U_I(x))."""
        k_in = self.attacker_cost + self.intervention_cost
        return (
            self.state_payoff(x, self.p_out, self.attacker_cost),
            self.state_payoff(x, self.p_in, k_in),
        )

    def cutoff(self, x):
        """theta*(x) = kappa_R - W_R x (p_N - p_I): R joins iff its resolve is at least this."""
        return self.third_party_cost - self.third_party_loss * x * (self.p_out - self.p_in)

    def lottery(self, x):
        """A's demand as a lottery: (good = U_N, gap = U_N - U_I >= 0, theta*(x))."""
        good, bad = self.payoffs(x)
        return good, np.maximum(good - bad, 0.0), self.cutoff(x)

    def war_probability(self, x, q):
        """Pr(war) = (1 - q) G(x - p_N) + q G(x - p_I) at demand x, entry probability q."""
        return (1.0 - q) * self.cost_cdf(x - self.p_out) + q * self.cost_cdf(x - self.p_in)

    def mean_entry(self, x: np.ndarray) -> np.ndarray:
        """R's entry probability (given war) at demands x (shape (R,)) under the set's
        mean prior, shape (R,)."""
        xc = np.asarray(x, float).reshape(self.rows, 1)
        q = self.belief.q(self.belief.mean, self.cutoff(xc))
        return np.broadcast_to(q, (self.rows, 1)).ravel().astype(float)

    def mean_war(self, x: np.ndarray) -> np.ndarray:
        """Pr(war) at demands x (shape (R,)) under the set's mean prior, shape (R,)."""
        xc = np.asarray(x, float).reshape(self.rows, 1)
        q = self.mean_entry(x)[:, None]
        return np.broadcast_to(self.war_probability(xc, q), (self.rows, 1)).ravel()

    def demand_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The search interval [p_I, min(1, p_N + c̄)], arrays of shape (R,)."""
        lo = self.column("p_in").ravel()
        hi = np.minimum(1.0, self.column("p_out").ravel() + self.column("cost_max").ravel())
        return lo, np.maximum(hi, lo)

    def kinks(self) -> np.ndarray:
        """Where some U_s has a kink: p_N, p_I + c̄, p_N + c̄; shape (R, 3)."""
        p_out, p_in, top = self.column("p_out"), self.column("p_in"), self.column("cost_max")
        return np.concatenate([p_out, p_in + top, p_out + top], axis=1)

    # ------------------------------------------------------------- criterion values
    def one_prior_q(self, crit: Criterion, theta):
        """q(x) of the single prior that sets a reducible criterion's value."""
        b = self.belief
        if crit.name == "expected":
            return b.q(b.mean, theta)
        if crit.name == "maxmin":
            return b.q(b.hi, theta)
        if crit.name == "alpha_maxmin":
            return ambiguity.alpha_mix(b.q(b.lo, theta), b.q(b.hi, theta), crit.alpha)
        raise ValueError(f"criterion {crit.name!r} is not one prior")

    def value(self, crit: Criterion, x, theta=None):
        """The criterion's value of demand x (every criterion but minimax regret).

        ``theta`` fixes R's cut-off (the limited-aims comparison); by default theta*(x).
        """
        good, gap, cut = self.lottery(x)
        theta = cut if theta is None else np.broadcast_to(theta, np.shape(cut))
        b = self.belief
        if crit.name == "smooth":
            return b.smooth(good, gap, theta, crit.ambiguity_aversion)
        if crit.name == "multiplier":
            return ambiguity.multiplier(good, gap, b.q(b.mean, theta), crit.penalty)
        return ambiguity.expected(good, gap, self.one_prior_q(crit, theta))

    def _prior_values(self, x, s, theta=None):
        """EU_k(x) for each prior s_k (shape (K, R, 1)); x of shape (R, n) -> (K, R, n)."""
        good, gap, cut = self.lottery(x)
        theta = cut if theta is None else np.broadcast_to(theta, np.shape(cut))
        return ambiguity.expected(good, gap, self.belief.q(s, theta))

    def _regret_setup(self, theta=None):
        """Priors s_k (K, R, 1) and each prior's best value max(s, max_x EU_k), same shape."""
        s = self.belief.regret_priors()
        s = np.broadcast_to(s, (s.shape[0], self.rows, 1))
        k = s.shape[0]
        lo, hi = self.demand_bounds()

        def per_prior(x):  # (K * R, n)
            xx = x.reshape(k, self.rows, -1)
            return self._prior_values(xx, s, theta).reshape(k * self.rows, -1)

        top = maximize_bounded(
            per_prior, np.tile(lo, k), np.tile(hi, k), extra=np.tile(self.kinks(), (k, 1))
        )
        best = top.value.reshape(k, self.rows, 1)
        return s, np.maximum(best, self.column("status_quo")[None])

    def best_demand(self, crit: Criterion, theta=None):
        """Arrays (R,): the best demand x*, its value, and the value of the status quo."""
        lo, hi = self.demand_bounds()
        status_quo = self.column("status_quo").ravel()
        if crit.name == "minimax_regret":
            s, best = self._regret_setup(theta)

            def neg_regret(x):
                return -(best - self._prior_values(x, s, theta)).max(axis=0)

            top = maximize_bounded(neg_regret, lo, hi, extra=self.kinks(), smooth=False)
            return top.x, top.value, -(best[..., 0] - status_quo).max(axis=0)
        top = maximize_bounded(lambda x: self.value(crit, x, theta), lo, hi, extra=self.kinks())
        return top.x, top.value, status_quo

    # ------------------------------------------------------------------ closed form
    def has_closed_form(self, crit: Criterion) -> bool:
        """Uniform costs and one prior per point (expected, maxmin, alpha-maxmin; exogenous)."""
        return (
            self.distribution == "uniform"
            and self.belief.mode == "exogenous"
            and crit.name in ONE_PRIOR
        )

    def closed_form(self, q) -> tuple[np.ndarray, np.ndarray]:
        """The best demand and its EU under one exogenous q (shape (R, 1)), G uniform.

        EU_q(x) = x - sum_s w_s G(x - p_s)(x - p_s + k_s), w_N = 1 - q, w_I = q, is
        quadratic between the breakpoints p_I, p_N, p_I + c̄, p_N + c̄ (and 1): on a
        piece where state s's war probability is interior (a_s = 1) or certain
        (b_s = 1), EU'(x) = 1 - sum_s w_s [a_s (2 (x - p_s) + k_s) / c̄ + b_s], zero at
        x = [c̄ (1 - sum w_s b_s) + sum w_s a_s (2 p_s - k_s)] / (2 sum w_s a_s).
        The maximum is the best of those stationary points (clipped to their
        piece) and the breakpoints.  Returns arrays (R,).
        """
        p_out, p_in, top = self.column("p_out"), self.column("p_in"), self.column("cost_max")
        k_out = self.column("attacker_cost")
        k_in = k_out + self.column("intervention_cost")
        q = np.broadcast_to(np.asarray(q, float), (self.rows, 1))
        lo, hi = (v[:, None] for v in self.demand_bounds())
        ends = np.concatenate([lo, p_out, p_in + top, p_out + top, hi], axis=1)
        ends = np.sort(np.clip(ends, lo, hi), axis=1)  # (R, 5)
        left, right = ends[:, :-1], ends[:, 1:]
        mid = (left + right) / 2
        slope0 = np.ones_like(mid)
        curve = np.zeros_like(mid)
        for w, p, k in ((1.0 - q, p_out, k_out), (q, p_in, k_in)):
            z = mid - p
            interior = (z > 0) & (z < top)
            sure = z >= top
            slope0 = slope0 - w * np.where(interior, (k - 2 * p) / top, 0.0) - w * sure
            curve = curve + w * np.where(interior, 2.0 / top, 0.0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            station = np.where(curve > 0, slope0 / curve, left)
        station = np.clip(station, left, right)
        cand = np.concatenate([station, ends], axis=1)
        good, bad = self.payoffs(cand)
        eu = (1.0 - q) * good + q * bad
        pick = np.argmax(eu, axis=1)
        rows = np.arange(self.rows)
        return cand[rows, pick], eu[rows, pick]

    # ------------------------------------------------------------------------ solve
    def optimum(self, crit: Criterion, method: str = "auto", theta=None):
        """(x*, value of x*, value of the status quo), arrays (R,).

        ``method``: ``"auto"`` (closed form where it exists), ``"closed"`` or ``"search"``.
        """
        closed = self.has_closed_form(crit) and theta is None
        if method == "closed" and not closed:
            raise ValueError("the closed form needs uniform costs and one exogenous prior")
        if closed and method != "search":
            x, val = self.closed_form(self.one_prior_q(crit, 0.0))
            return x, val, self.column("status_quo").ravel()
        return self.best_demand(crit, theta)

    def solve_batch(self, crit: Criterion, method: str = "auto") -> dict[str, np.ndarray]:
        """docs/bargaining.md's outputs for every point, arrays of shape (R,).

        ``war_probability`` and ``entry_probability`` are evaluated under the
        set's mean prior (so a premium measures what A's change of demand does,
        not a change of prior); the premia compare with expected utility at
        that prior (no ambiguity).  The limited-aims outputs (endogenous mode;
        NaN otherwise) compare x* with the demand A would make if R's cut-off
        stayed at theta*(x*) whatever A demanded.
        """
        x, val, hold = self.optimum(crit, method)
        crisis = val > hold
        base = self.with_belief(self.belief.at_mean())
        bx, bval, bhold = base.optimum(Criterion("expected"), method)
        war = np.where(crisis, self.mean_war(x), 0.0)
        base_war = np.where(bval > bhold, self.mean_war(bx), 0.0)
        nan = np.full(self.rows, np.nan)
        moderation, deterred, limited = nan, nan, nan
        if self.belief.mode == "endogenous":
            frozen, _, _ = self.best_demand(crit, self.cutoff(x[:, None]))
            moderation = frozen - x
            deterred = self.mean_entry(frozen) - self.mean_entry(x)
            limited = (moderation > LIMITED_TOL).astype(float)
        entry = self.mean_entry(x)
        return {
            "crisis": crisis,
            "demand": x,
            "war_probability": war,
            "entry_probability": entry,
            "value": np.maximum(val, hold),
            "demand_premium": bx - x,
            "war_probability_premium": base_war - war,
            "limited_aims": limited,
            "aims_moderation": moderation,
            "entry_deterred": deterred,
            "baseline_demand": bx,
            "baseline_war_probability": base_war,
            "demand_value": val,
            "status_quo_value": hold,
        }

    def solve(self, crit: Criterion, method: str = "auto") -> BargainingSolution:
        """The outputs of this (scalar) scenario: :meth:`solve_batch` with one row."""
        out = self.solve_batch(crit, method)
        first = {k: float(np.asarray(v, float).ravel()[0]) for k, v in out.items()}
        return BargainingSolution(
            criterion=crit.name,
            method="closed_form" if self.has_closed_form(crit) and method != "search" else "search",
            **{
                k: (None if np.isnan(v) else bool(v) if k in BOOL_OUTPUTS else v)
                for k, v in first.items()
            },
        )


@dataclass(frozen=True)
class BargainingSolution:
    """Everything a run reports about one crisis (docs/bargaining.md, "Outputs")."""

    criterion: str
    method: str
    crisis: bool
    demand: float
    war_probability: float
    entry_probability: float
    value: float
    demand_premium: float
    war_probability_premium: float
    limited_aims: bool | None
    aims_moderation: float | None
    entry_deterred: float | None
    baseline_demand: float
    baseline_war_probability: float
    demand_value: float
    status_quo_value: float

    def outputs(self) -> dict:
        """docs/bargaining.md's outputs, with the model and criterion names."""
        return {
            "model": "bargaining",
            "criterion": self.criterion,
            **{k: getattr(self, k) for k in OUTPUT_NAMES},
        }

    def to_record(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def summary(self) -> str:
        """A short human summary."""
        verdict = "DEMAND" if self.crisis else "KEEP THE STATUS QUO"
        lines = [
            f"criterion: {self.criterion}    decision: {verdict}    ({self.method})",
            f"  demand x*                 {self.demand:.4f}   (no ambiguity: "
            f"{self.baseline_demand:.4f}; premium {self.demand_premium:.4f})",
            f"  probability of war        {self.war_probability:.4f}   (no ambiguity: "
            f"{self.baseline_war_probability:.4f}; premium {self.war_probability_premium:.4f})",
            f"  R's entry probability     {self.entry_probability:.4f}",
            f"  A's value                 {self.value:.4f}   "
            f"(status quo {self.status_quo_value:.4f})",
        ]
        if self.limited_aims is not None:
            lines.append(
                f"  limited aims              {'yes' if self.limited_aims else 'no'}"
                f"   (demand moderated by {self.aims_moderation:.4f}; "
                f"entry probability lowered by {self.entry_deterred:.4f})"
            )
        return "\n".join(lines)
