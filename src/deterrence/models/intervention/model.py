r"""The canonical intervention model (docs/model.md).

A planner A decides whether to attack a target T, and with what force F,
when a third party R may intervene.  With combat model p(F, D):

    D_N = D_T,  D_I = D_T + e D_R                    (defence without / with R)
    u_s(F) = V p_s(F) - k_s - c F,  s in {N, I}      (A's payoff; hold = 0)
    EU_G(F) = q_G(F) u_I(F) + (1 - q_G(F)) u_N(F)     (one prior G)

so EU_G is the two-outcome lottery ``good = u_N``, ``gap = u_N - u_I =
V (p_N - p_I) + k_I - k_N >= 0`` with bad-outcome probability q_G(F).  In
exogenous mode q_G is a number; in endogenous mode R intervenes iff its
resolve theta >= theta*(F) = kappa_R - W_R (p_N(F) - p_I(F)) (a
sequentially rational third party), so q_G(F) = 1 - G(theta*(F)).

A criterion (``criteria.Criterion``) values the lottery; A attacks iff the
best value over F in (0, F_max] exceeds the value of holding (ties: hold).
Outputs (docs/model.md, "Outputs"):

* threshold V* -- least stakes at which A attacks.  For criteria that reduce
  to one prior q(F) (expected, maxmin, alpha-maxmin),
  V* = min_F (q k_I + (1-q) k_N + c F) / (q p_I + (1-q) p_N)  (docs/model.md, fact 1);
  otherwise the root of V -> best value(V) - hold value(V), found by
  bracketing and Brent's method using that this gap rises with V;
* force_requirement -- least F whose success probability
  q_G p_I + (1 - q_G) p_N, valued by the criterion (worst case for minimax
  regret), reaches P̄;
* the premia against the no-ambiguity baseline (EU at the set's mean prior)
  and against R surely staying out.

Numerics live in :mod:`deterrence.solvers`; this module only builds the
value functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.parameters import Parameters
from deterrence.models.solution import Solution, _finite_or_none, batch_premia, premia
from deterrence.solvers import ambiguity
from deterrence.solvers.newton import safeguarded_newton
from deterrence.solvers.optimize import (
    GRID_POINTS,
    Maximum,
    log_grid,
    maximize_log_grid,
    maximize_with_slope,
)
from deterrence.solvers.roots import (
    batch_increasing_root,
    batch_least_crossing,
    increasing_root,
    least_crossing,
)

FAST_GRID = 96  # grid of the numpy closed-form-derivative path (exogenous, one prior)
STEEP_CELLS = 1.0  # combat transitions narrower than this many fast-grid cells: general path
STEEP_BLOCK = 2_000  # points per general-path solve among steep points (bounded memory)
EXOGENOUS_GRID = 96  # grid points in ln F in exogenous mode (GRID_POINTS in endogenous)
FORCE_FLOOR = 1e-6  # the force search starts at FORCE_FLOOR * min(D_T, F_max)


@dataclass(frozen=True)
class InterventionModel:
    """The canonical game: parameters, combat model and A's belief about R.

    Examples
    --------
    >>> model = InterventionModel(Parameters(), Combat(), Belief("exogenous", 0.2, 0.6))
    >>> sol = model.solve(Criterion("maxmin"))
    >>> bool(sol.attack), round(sol.threshold, 4)
    (True, 1.9383)
    """

    params: Parameters
    combat: Combat
    belief: Belief

    # ----------------------------------------------------------------- building blocks
    # Shapes: parameters are scalars (one scenario) or arrays of shape (P, 1)
    # (a batch of P points); forces are 2-D, (R, n), R = 1 or P; a prior axis
    # K, when present, comes first.
    @property
    def rows(self) -> int:
        """Number of points: 1 for a scalar model, P for a batch."""
        return int(np.size(self.params.stakes))

    @property
    def force_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Bounds of the force search, arrays of shape (R,)."""
        p = self.params
        lo = FORCE_FLOOR * np.minimum(p.target_strength, p.max_force)
        return (
            np.broadcast_to(lo, (self.rows, 1)).ravel(),
            np.broadcast_to(p.max_force, (self.rows, 1)).ravel() * 1.0,
        )

    def take(self, rows) -> InterventionModel:
        """The model of a subset of a batch's points."""
        return InterventionModel(
            self.params.take(rows), self.combat.take(rows), self.belief.take(rows)
        )

    def win_probabilities(self, force):
        """(p_N(F), p_I(F)): A's chance of prevailing without and with R."""
        p = self.params
        return (
            self.combat.win_probability(force, p.defence_out),
            self.combat.win_probability(force, p.defence_in),
        )

    def cutoff(self, p_out, p_in):
        """theta*(F) = kappa_R - W_R (p_N - p_I): R intervenes iff its resolve is at least this."""
        return self.params.third_party_cost - self.params.third_party_loss * (p_out - p_in)

    def lottery(self, force, stakes):
        """A's attack payoffs as a lottery: (good = u_N, gap = u_N - u_I, theta*)."""
        p = self.params
        p_out, p_in = self.win_probabilities(force)
        good = stakes * p_out - p.war_cost - p.force_cost * force
        gap = stakes * (p_out - p_in) + (p.intervention_war_cost - p.war_cost)
        return good, gap, self.cutoff(p_out, p_in)

    def success_lottery(self, force):
        """The success probability as a lottery: (good = p_N, gap = p_N - p_I, theta*)."""
        p_out, p_in = self.win_probabilities(force)
        return p_out, p_out - p_in, self.cutoff(p_out, p_in)

    def q(self, s, force):
        """Intervention probability q(F) under the prior indexed by s."""
        return self.belief.q(s, self.cutoff(*self.win_probabilities(force)))

    # ------------------------------------------------------------ criterion values
    def _one_prior_q(self, crit: Criterion, theta_star):
        """q(F) of the single prior that sets a reducible criterion's value."""
        b = self.belief
        if crit.name == "expected":
            return b.q(b.mean, theta_star)
        if crit.name in ("maxmin", "minimax_regret"):  # regret: worst case, for requirements
            return b.q(b.hi, theta_star)
        if crit.name == "alpha_maxmin":
            return ambiguity.alpha_mix(b.q(b.lo, theta_star), b.q(b.hi, theta_star), crit.alpha)
        raise ValueError(f"criterion {crit.name!r} is not one prior")

    def value(self, crit: Criterion, good, gap, theta_star):
        """The criterion's value of a lottery (every criterion but minimax regret's acts)."""
        if crit.name == "smooth":
            return self.belief.smooth(good, gap, theta_star, crit.ambiguity_aversion)
        if crit.name == "multiplier":
            q0 = self.belief.q(self.belief.mean, theta_star)
            return ambiguity.multiplier(good, gap, q0, crit.penalty)
        return ambiguity.expected(good, gap, self._one_prior_q(crit, theta_star))

    # ----------------------------------------------------------- A's optimal attack
    @property
    def grid_points(self) -> int:
        """Size of the bracketing grid in ln F.

        Exogenous mode: A's values are sums of at most two smooth sigmoids in
        ln F minus a linear cost, whose local maxima are broad, so a coarse
        grid brackets them.  Endogenous mode: q(F) can switch over a narrow
        range of F when R's resolve is tightly known, so the grid is finer.
        """
        return EXOGENOUS_GRID if self.belief.mode == "exogenous" else GRID_POINTS

    def _maximize(self, f, **options) -> Maximum:
        lo, hi = self.force_bounds
        return maximize_log_grid(f, lo, hi, grid_points=self.grid_points, **options)

    def _regret_setup(self, stakes):
        """Priors s_k, shape (K, R, 1), and max(0, best EU_k), same shape, for minimax regret."""
        s = self.belief.regret_priors()
        s = np.broadcast_to(s, (s.shape[0], self.rows, 1))
        k = s.shape[0]
        lo, hi = self.force_bounds

        def eu_per_prior(force):  # (K * R, n): one row per prior and point
            f = force.reshape(k, self.rows, -1)
            good, gap, theta = self.lottery(f, stakes)
            return ambiguity.expected(good, gap, self.belief.q(s, theta)).reshape(k * self.rows, -1)

        best = maximize_log_grid(
            eu_per_prior, np.tile(lo, k), np.tile(hi, k), grid_points=self.grid_points
        )
        return s, np.maximum(best.value, 0.0).reshape(k, self.rows, 1)

    def _regrets(self, force, stakes, s, best):
        """regret_k(F) for each prior k, shape (K, R, n)."""
        good, gap, theta = self.lottery(force, stakes)
        eu = ambiguity.expected(good, gap, self.belief.q(s, theta))
        return ambiguity.regret(eu, best)

    def best_attack(self, crit: Criterion, stakes):
        """Arrays (R,): F*, best value of attacking, value of holding, F* at the lower bound."""
        if crit.name == "minimax_regret":
            s, best = self._regret_setup(stakes)
            top = self._maximize(
                lambda F: -self._regrets(F, stakes, s, best).max(axis=0), smooth=False
            )
            return top.x, top.value, -best.max(axis=0).ravel(), top.at_lower
        top = self._maximize(lambda F: self.value(crit, *self.lottery(F, stakes)))
        return top.x, top.value, np.zeros_like(top.value), top.at_lower

    def intervention_probability(self, crit: Criterion, force, stakes) -> np.ndarray:
        """q at F (shape (R,)) under the prior that sets the criterion's value (docs/model.md)."""
        f = np.asarray(force, float).reshape(self.rows, 1)
        _, gap, theta = self.lottery(f, stakes)
        b = self.belief
        if crit.name in ("expected", "smooth"):
            q = b.q(b.mean, theta)
        elif crit.name == "multiplier":
            q = ambiguity.multiplier_tilt(gap, b.q(b.mean, theta), crit.penalty)
        elif crit.name == "minimax_regret":
            s, best = self._regret_setup(stakes)
            q = b.q(_largest_regret_prior(s, self._regrets(f, stakes, s, best)), theta)
        else:
            q = self._one_prior_q(crit, theta)
        return np.asarray(q, float).ravel()

    # -------------------------------------------------------------------- thresholds
    def _neg_ratio(self, q_of):
        """-(k(q) + cF) / p(q, F) as a function of F, for q = q_of(theta*)."""
        p = self.params

        def neg_ratio(force):
            p_out, p_in = self.win_probabilities(force)
            q = q_of(self.cutoff(p_out, p_in))
            cost = p.war_cost + q * (p.intervention_war_cost - p.war_cost) + p.force_cost * force
            with np.errstate(divide="ignore", over="ignore"):
                # two terms >= 0: p_out - q (p_out - p_in) cancels when p_in << p_out
                return -cost / ((1 - q) * p_out + q * p_in)

        return neg_ratio

    def _by_envelope(self, crit: Criterion) -> bool:
        """Whether V* is min_F V*(F) (:meth:`envelope_thresholds`): the criterion is a
        certainty equivalent over priors whose q(F) does not depend on V."""
        return crit.name == "multiplier" or (
            crit.name == "smooth" and self.belief.mode == "endogenous"
        )

    def stakes_roots(self, crit: Criterion, force) -> np.ndarray:
        """V*(F): the least stakes at which attacking with F is worth its value of holding
        (0), shape of ``force`` (R, n), for smooth (endogenous) and multiplier.

        Smooth: -(1/lam) ln sum_k w_k exp(-lam EU_k(F)) over the quadrature's priors;
        multiplier: -theta ln[(1 - q0) e^(-u_N/theta) + q0 e^(-u_I/theta)].  Both are
        CARA certainty equivalents of payoffs V p_k(F) - C_k(F) linear in V, with
        weights and p_k independent of V (q(F) depends on F only), so each V*(F) is one
        convex root (``ambiguity.certainty_equivalent_root``).
        """
        p, b = self.params, self.belief
        p_out, p_in = self.win_probabilities(force)
        theta = self.cutoff(p_out, p_in)
        if crit.name == "multiplier":
            q0 = b.q(b.mean, theta)
            q = np.stack([np.zeros_like(q0), np.ones_like(q0)])  # u_N, then u_I
            weights, lam = np.stack([1.0 - q0, q0]), 1.0 / np.asarray(crit.penalty, float)
        else:
            q, weights = b.smooth_priors(theta)
            lam = np.asarray(crit.ambiguity_aversion, float)
        prices = (1.0 - q) * p_out + q * p_in
        costs = p.war_cost + q * (p.intervention_war_cost - p.war_cost) + p.force_cost * force
        return ambiguity.certainty_equivalent_root(prices, costs, weights, lam)

    def envelope_thresholds(self, crit: Criterion) -> np.ndarray:
        """V* = min_F V*(F), shape (R,): A attacks at V iff some F has V >= V*(F), since
        the criterion's value of each F rises with V.  One force search instead of a
        root in V whose every iterate re-solves the force problem."""
        return -self._maximize(lambda force: -self.stakes_roots(crit, force)).value

    def one_prior_thresholds(self, crit: Criterion) -> np.ndarray:
        """V* = min_F (k(q) + cF) / p(q, F) (docs/model.md, fact 1), shape (R,); inf if none.

        For a criterion that is EU under one prior q(F) that does not depend on V.
        """
        best = self._maximize(self._neg_ratio(lambda theta: self._one_prior_q(crit, theta)))
        return -best.value

    def one_prior_threshold(self, crit: Criterion) -> float | None:
        """Scalar form of :meth:`one_prior_thresholds`; None if A never attacks."""
        return _finite_or_none(self.one_prior_thresholds(crit)[0])

    def exogenous_thresholds(self, q) -> np.ndarray:
        """V*(q) of a scalar model for exogenous point beliefs, one per element of ``q``.

        Solves every q at once: one row per q in the batched maximiser.
        """
        q = np.asarray(q, float)[:, None]
        lo, hi = self.force_bounds
        best = maximize_log_grid(
            self._neg_ratio(lambda theta: q),
            np.full(q.shape[0], lo[0]),
            np.full(q.shape[0], hi[0]),
            grid_points=EXOGENOUS_GRID,
        )
        return -best.value

    def expected_utility_model(self) -> InterventionModel:
        """The model without ambiguity: the belief collapsed to a point prior at its mean."""
        return InterventionModel(self.params, self.combat, self.belief.at_mean())

    def expected_utility_thresholds(self) -> np.ndarray:
        """V*_EU: V* under expected utility at the set's mean prior, shape (R,)."""
        return self.expected_utility_model().one_prior_thresholds(Criterion("expected"))

    def no_intervention_thresholds(self) -> np.ndarray:
        """V*_0: V* if R surely stays out (q = 0 at every F), shape (R,)."""
        certain = InterventionModel(self.params, self.combat, Belief("exogenous", 0.0, 0.0))
        return certain.one_prior_thresholds(Criterion("expected"))

    def gain(self, crit: Criterion, stakes) -> np.ndarray:
        """Best value of attacking minus the value of holding, shape (R,); rises with V."""
        _, val, hold, _ = self.best_attack(crit, stakes)
        return val - hold

    def root_threshold(self, crit: Criterion, start: float = 1.0) -> float | None:
        """V* of a scalar model: root of the gain, by bracketing and Brent's method."""
        return increasing_root(lambda v: float(self.gain(crit, v)[0]), 0.0, start)

    def threshold(self, crit: Criterion) -> float | None:
        """The aggression threshold V* under ``crit`` (scalar model)."""
        if crit.reduces_to_one_prior:
            return self.one_prior_threshold(crit)
        guess = self.one_prior_threshold(Criterion("expected"))
        return self.root_threshold(crit, start=guess if guess else 1.0)

    # ------------------------------------------------------------ force requirements
    def success_value(self, crit: Criterion, force):
        """Success probability valued by the criterion (worst case for minimax regret)."""
        return self.value(crit, *self.success_lottery(force))

    def force_requirement(self, crit: Criterion) -> float | None:
        """Least F in (0, F_max] whose valued success probability reaches P̄ (scalar model)."""
        lo, hi = self.requirement_bounds()
        return least_crossing(
            lambda F: self.success_value(crit, F[None, :])[0],
            float(self.params.success_target),
            float(lo[0]),
            float(hi[0]),
            grid_points=self.grid_points,
        )

    def requirement_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Bounds of the requirement search, arrays of shape (R,).  Every criterion values
        the success lottery at most at p_N(F), so the requirement is at least p_N^{-1}(P̄):
        the search starts there when that lies below the force search's floor."""
        lo, hi = self.force_bounds
        return np.minimum(lo, self.requirements_without_intervention()), hi

    def requirements_without_intervention(self) -> np.ndarray:
        """Closed form p_N^{-1}(P̄), the requirement if R surely stays out; inf beyond F_max."""
        p = self.params
        force = self.combat.required_force(p.success_target, p.defence_out)
        force = np.where(force <= p.max_force, force, np.inf)
        return np.broadcast_to(force, (self.rows, 1)).ravel()

    # ------------------------------------------------------------------------- solve
    def solve(self, crit: Criterion) -> Solution:
        """Every output of docs/model.md for this (scalar) scenario under criterion ``crit``.

        This is the reference path: scalar root finding with Brent's method.
        :meth:`solve_batch` computes the same outputs for many points at once.
        """
        stakes = self.params.stakes
        force, val, hold, at_lower = (a[0] for a in self.best_attack(crit, stakes))
        q = self.intervention_probability(crit, force, stakes)[0]
        threshold = self.threshold(crit)
        requirement = self.force_requirement(crit)
        references = self.references(crit, threshold, requirement)
        return Solution(
            criterion=crit.name,
            attack=bool(val > hold),
            # at the lower bound the supremum is approached only as F -> 0: no optimum exists
            force=None if at_lower else float(force),
            intervention_probability=float(q),
            threshold=threshold,
            force_requirement=requirement,
            **premia(threshold, requirement, references, float(self.params.force_cost)),
            attack_value=float(val),
            hold_value=float(hold),
            **references,
        )

    def references(
        self, crit: Criterion, threshold: float | None, requirement: float | None
    ) -> dict[str, float | None]:
        """V*_EU, V*_0, R_EU and R_0 of a scalar model (``solution.DETAIL_NAMES``); the
        criterion's own V* and requirement are reused where they are the same thing."""
        same = crit.name == "expected"
        baseline = self.expected_utility_model()
        return {
            "expected_utility_threshold": threshold
            if same
            else _finite_or_none(self.expected_utility_thresholds()[0]),
            "no_intervention_threshold": _finite_or_none(self.no_intervention_thresholds()[0]),
            "expected_utility_force_requirement": requirement
            if same
            else baseline.force_requirement(Criterion("expected")),
            "no_intervention_force_requirement": _finite_or_none(
                self.requirements_without_intervention()[0]
            ),
        }

    def _fast_one_prior(self, crit: Criterion) -> dict[str, np.ndarray]:
        """All outputs for expected, maxmin or alpha-maxmin with an exogenous belief.

        Then q is one constant per point, so F* (max of V p(u) - k - c e^u),
        V* (min of (k + c e^u) / p(u)) and the requirement (p(u) = P̄) are 1-D
        problems in u = ln F with analytic derivatives (``Combat.win_probability_log``):
        one shared grid brackets the optima, safeguarded Newton refines them, and
        the requirement is bracketed in closed form by the requirements at q = 0
        and q = 1.  Same answers as the general path, far fewer evaluations.
        """
        p, b, rows = self.params, self.belief, self.rows
        zeros = np.zeros((rows, 1))
        q = np.broadcast_to(self._one_prior_q(crit, zeros), (rows, 1))
        q_mean = np.broadcast_to(b.q(b.mean, zeros), (rows, 1))
        lo, hi = self.force_bounds
        u = log_grid(lo, hi, FAST_GRID)
        k_gap = p.intervention_war_cost - p.war_cost

        on_grid = (
            self.combat.win_probability_log(u, p.defence_out),
            self.combat.win_probability_log(u, p.defence_in),
        )

        def mix(x, qq):
            """p(q) and its first two derivatives in u at x, shape of x."""
            if x is u:  # the grid is shared by every problem: evaluated once
                out, inn = on_grid
            else:
                out = self.combat.win_probability_log(x, p.defence_out)
                inn = self.combat.win_probability_log(x, p.defence_in)
            return tuple(o - qq * (o - i) for o, i in zip(out, inn, strict=True))

        def best_force():
            def slope(x, qq=q):
                _, d1, d2 = mix(x, qq)
                cost = p.force_cost * np.exp(x)
                return p.stakes * d1 - cost, p.stakes * d2 - cost

            def value(x):
                return p.stakes * mix(x, q)[0] - p.war_cost - q * k_gap - p.force_cost * np.exp(x)

            return maximize_with_slope(u, slope, value)

        def min_ratio(qq):
            def slope(x):  # -(r') p^2 = -(c e^u p - (k + c e^u) p'), and its derivative
                m0, m1, m2 = mix(x, qq)
                ce = p.force_cost * np.exp(x)
                total = p.war_cost + qq * k_gap + ce
                return -(ce * m0 - total * m1), -(ce * m0 - total * m2)

            def value(x):
                m0 = mix(x, qq)[0]
                with np.errstate(divide="ignore", over="ignore"):
                    return -(p.war_cost + qq * k_gap + p.force_cost * np.exp(x)) / m0

            return -maximize_with_slope(u, slope, value)[1]

        u_star, best, at_lower = best_force()
        threshold = min_ratio(q)
        base = threshold if crit.name == "expected" else min_ratio(q_mean)

        # requirement: root of p(u) = P̄ between its values at q = 0 and q = 1
        target = np.broadcast_to(p.success_target, (rows, 1))
        u_out = np.log(self.combat.required_force(target, p.defence_out))
        u_in = np.log(self.combat.required_force(target, p.defence_in))
        top = np.minimum(u_in, np.log(hi)[:, None])
        # p(u_in) >= P̄ exactly (p_N >= p_I), so only a cap F_max below u_in needs a check
        log_hi = np.log(hi)[:, None]
        reachable = (u_out <= log_hi) & ((u_in <= log_hi) | (mix(log_hi, q)[0] >= target))
        a = np.where(reachable, u_out, np.log(lo)[:, None])
        z = np.where(reachable, np.maximum(top, a), a)
        root = safeguarded_newton(lambda x: (mix(x, q)[0] - target, mix(x, q)[1]), a, z, a)
        requirement = np.where(reachable, np.exp(root), np.nan).ravel()
        threshold, base = (np.where(np.isfinite(x), x, np.nan) for x in (threshold, base))
        core = {
            "attack": best > 0.0,
            "force": np.where(at_lower, np.nan, np.exp(u_star)),
            "intervention_probability": np.array(q, dtype=float).ravel(),
            "threshold": threshold,
            "force_requirement": requirement,
        }
        return self._finish_batch(crit, core, base)

    def _compiled_one_prior(
        self, crit: Criterion
    ) -> tuple[dict[str, np.ndarray], np.ndarray] | None:
        """:meth:`_fast_one_prior` compiled with Numba (``models.intervention.kernels``), and
        the mask of rows too steep for its grid (left to the general path); None without Numba."""
        try:
            from deterrence.models.intervention import kernels
        except ImportError:  # Numba missing: the numpy path
            return None
        p, b, rows = self.params, self.belief, self.rows
        zeros = np.zeros((rows, 1))

        def column(x):
            x = np.asarray(x, dtype=float)
            x = x.reshape(rows, 1) if x.size == rows else x
            return np.ascontiguousarray(np.broadcast_to(x, (rows, 1)).ravel())

        q = column(self._one_prior_q(crit, zeros))
        q_base = column(b.q(b.mean, zeros))
        lo, hi = self.force_bounds
        target = column(p.success_target)
        kind = {"contest": 0, "lanchester_square": 1, "lanchester_linear": 2}[self.combat.name]
        log_dn, log_di = np.log(column(p.defence_out)), np.log(column(p.defence_in))
        m, sigma = column(self.combat.decisiveness), column(self.combat.effectiveness_noise)
        log_rho = np.log(column(self.combat.effectiveness_ratio))
        with np.errstate(divide="ignore"):  # a requirement of 0 or inf has log -inf or inf
            log_req_out, log_req_in = (
                np.log(column(self.combat.required_force(p.success_target, d)))
                for d in (p.defence_out, p.defence_in)
            )
        attack, force, threshold, base, requirement, unresolved = kernels.one_prior_outputs(
            kind,
            column(p.stakes),
            log_dn,
            log_di,
            m,
            log_rho,
            sigma,
            column(p.force_cost),
            column(p.war_cost),
            column(p.intervention_war_cost),
            q,
            q_base,
            crit.name == "expected",
            target,
            np.log(column(lo)),
            np.log(column(hi)),
            log_req_out,
            log_req_in,
            *kernels.combat_constants(kind, log_dn, log_di, m, log_rho, sigma),
        )
        core = {
            "attack": attack,
            "force": force,
            "intervention_probability": q,
            "threshold": threshold,
            "force_requirement": requirement,
        }
        return self._finish_batch(crit, core, base), unresolved

    def solve_batch(self, crit: Criterion) -> dict[str, np.ndarray]:
        """docs/model.md's outputs for every point of a batch model, as arrays of shape (P,).

        Vectorised over points: the force search, the thresholds (Chandrupatla's
        method on all points at once) and the requirements are computed with
        numpy on whole arrays.  Missing quantities are NaN (None in
        :meth:`solve`).
        """
        if not (crit.reduces_to_one_prior and self.belief.mode == "exogenous"):
            return self._grid_batch(crit)
        out, rest = self._one_prior_batch(crit)
        out = {key: np.array(value) for key, value in out.items()}  # writable, unaliased
        slow = np.flatnonzero(rest)  # in blocks: the grid path's temporaries are (rows, grid)
        for i in range(0, slow.size, STEEP_BLOCK):
            rows = slow[i : i + STEEP_BLOCK]
            for key, value in self.take(rows)._grid_batch(crit).items():
                out[key][rows] = value
        return out

    def _steep_rows(self) -> np.ndarray:
        """Points whose win probability turns from 0 to 1 over less than a cell of the
        fast path's grid in ln F: there the slope of A's objective can be negative at
        every grid point around a peak, so they take the general grid search."""
        lo, hi = self.force_bounds
        spacing = (np.log(hi) - np.log(lo)) / (FAST_GRID - 1)
        c = self.combat
        if c.name == "contest":
            width = 1.0 / np.asarray(c.decisiveness, dtype=float)
        else:
            exponent = 2.0 if c.name == "lanchester_square" else 1.0
            width = np.asarray(c.effectiveness_noise, dtype=float) / exponent
        width = np.broadcast_to(width, (self.rows, 1)).ravel()
        return width < STEEP_CELLS * spacing

    def _one_prior_batch(self, crit: Criterion) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """The fast path's outputs (arrays of shape (R,)) and a mask of the rows it
        leaves to the general grid search (their outputs are placeholders)."""
        compiled = self._compiled_one_prior(crit)
        if compiled is not None:
            return compiled
        steep = self._steep_rows()
        if not steep.any():
            return self._fast_one_prior(crit), steep
        if steep.all():
            return self._grid_batch(crit), ~steep
        fast = np.flatnonzero(~steep)
        part = self.take(fast)._fast_one_prior(crit)
        out = {key: np.zeros(self.rows, np.asarray(value).dtype) for key, value in part.items()}
        for key, value in part.items():
            out[key][fast] = value
        return out, steep

    def _grid_batch(self, crit: Criterion) -> dict[str, np.ndarray]:
        """The general batch path: grid search with golden section, root finding."""
        stakes = self.params.stakes
        force, val, hold, at_lower = self.best_attack(crit, stakes)
        q = self.intervention_probability(crit, force, stakes)
        if crit.reduces_to_one_prior:
            threshold = self.one_prior_thresholds(crit)
        elif self._by_envelope(crit):
            threshold = self.envelope_thresholds(crit)
        else:
            threshold = batch_increasing_root(
                lambda v, rows: self.take(rows).gain_at(crit.take(rows), v),
                *self._threshold_bracket(crit),
            )
        lo, hi = self.requirement_bounds()
        requirement = batch_least_crossing(
            lambda F, rows: self.take(rows).success_value(crit.take(rows), F),
            np.broadcast_to(self.params.success_target, (self.rows, 1)).ravel(),
            lo,
            hi,
            grid_points=self.grid_points,
        )
        core = {
            "attack": val > hold,
            "force": np.where(at_lower, np.nan, force),
            "intervention_probability": q,
            "threshold": _nan_if_infinite(threshold),
            "force_requirement": _nan_if_infinite(requirement),
        }
        return self._finish_batch(crit, core)

    def _finish_batch(
        self, crit: Criterion, core: dict[str, np.ndarray], v_eu: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Every output from the core ones (attack, force, q, V*, requirement): the
        references V*_EU (unless given), V*_0, R_EU and R_0, and the premia."""
        if crit.name == "expected":
            v_eu = core["threshold"]
        elif v_eu is None:
            v_eu = _nan_if_infinite(self.expected_utility_thresholds())
        if crit.name == "expected":
            r_eu = core["force_requirement"]
        else:
            baseline = self.expected_utility_model()
            lo, hi = baseline.requirement_bounds()
            r_eu = _nan_if_infinite(
                batch_least_crossing(
                    lambda F, rows: baseline.take(rows).success_value(Criterion("expected"), F),
                    np.broadcast_to(self.params.success_target, (self.rows, 1)).ravel(),
                    lo,
                    hi,
                    grid_points=self.grid_points,
                )
            )
        references = {
            "expected_utility_threshold": v_eu,
            "no_intervention_threshold": _nan_if_infinite(self.no_intervention_thresholds()),
            "expected_utility_force_requirement": r_eu,
            "no_intervention_force_requirement": _nan_if_infinite(
                self.requirements_without_intervention()
            ),
        }
        cost = np.broadcast_to(self.params.force_cost, (self.rows, 1)).ravel()
        premium = batch_premia(core["threshold"], core["force_requirement"], references, cost)
        return {**core, **premium, **references}

    def _threshold_bracket(self, crit: Criterion):
        """(lower, upper guess) for V* of smooth, multiplier and minimax regret.

        Smooth and multiplier values lie between EU at the mean prior and the
        worst case (the top of the set for smooth, q = 1 for the multiplier),
        so V* lies between those criteria's thresholds -- except smooth in
        endogenous mode, where q is not linear in mu.  Minimax regret can fall
        below expected utility (docs/model.md, fact 6): its bracket starts at 0.
        """
        expected = self.one_prior_thresholds(Criterion("expected"))
        if crit.name == "minimax_regret":
            return 0.0, expected
        if crit.name == "smooth":
            worst = self.one_prior_thresholds(Criterion("maxmin"))
            if self.belief.mode == "endogenous":
                # as lambda -> 0 smooth tends to EU under the mixture of priors, whose
                # q = E_mu q(F; mu) is not q at the midpoint mu: no lower bound but 0
                return 0.0, worst
        else:
            certain = Belief("exogenous", 1.0, 1.0)
            worst = InterventionModel(self.params, self.combat, certain).one_prior_thresholds(
                Criterion("expected")
            )
        return np.where(np.isfinite(expected), expected, 0.0), worst

    def gain_at(self, crit: Criterion, stakes):
        """:meth:`gain` with stakes of shape (R,) (for the batched root finder)."""
        return self.gain(crit, np.asarray(stakes, float).reshape(-1, 1))


REGRET_TIE = 1e-9  # regrets this close (relative) count as tied


def _largest_regret_prior(s, regrets):
    """The prior of largest regret, shape (R, 1); ties go to the highest prior.

    At a minimax-regret optimum the regrets of two priors are usually equal
    (that is what the optimum balances), so ties are the rule, and the worst
    of the tied priors (the largest q) is reported.
    """
    top = regrets.max(axis=0, keepdims=True)
    tied = regrets >= top - REGRET_TIE * np.maximum(1.0, np.abs(top))
    k = regrets.shape[0] - 1 - np.argmax(tied[::-1], axis=0)
    return np.take_along_axis(s, k[None], axis=0)[0]


def _nan_if_infinite(x) -> np.ndarray:
    """NaN where a quantity does not exist (inf), for batch outputs."""
    x = np.asarray(x, dtype=float)
    return np.where(np.isfinite(x), x, np.nan)
