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
from deterrence.models.intervention import grid
from deterrence.models.parameters import Parameters
from deterrence.models.solution import (
    DETAIL_NAMES,
    OUTPUT_NAMES,
    Solution,
    _finite_or_none,
    batch_premia,
    premia,
)
from deterrence.solvers import ambiguity
from deterrence.solvers.optimize import Maximum, maximize_on_nodes
from deterrence.solvers.roots import increasing_root, least_crossing

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
    def nodes(self, crit: Criterion | None = None) -> np.ndarray:
        """The force grid of a scalar model in ln F, shape (1, n): the whole force range
        walked at the finest scale present (``grid``: cost, combat transitions, R's
        switches for the priors the criterion weighs).  Cached per criterion."""
        regret = crit is not None and crit.name == "minimax_regret"
        key = "regret" if regret else "other"
        cache = self.__dict__.setdefault("_nodes", {})
        if key not in cache:
            b = self.belief
            priors = (b.lo, b.mean, b.hi)
            if regret and b.mode == "endogenous":
                priors = tuple(np.ravel(b.regret_priors()))
            rule = grid.rule(self, priors)
            lo, hi = (float(np.log(x[0])) for x in self.force_bounds)
            level = None
            if b.mode == "endogenous":
                p = self.params

                def level(u: float) -> float:
                    p_out, p_in = self.win_probabilities(np.exp(u))
                    return float(p.third_party_loss * (p_out - p_in) - p.third_party_cost)

            cache[key] = grid.walk(rule, lo, hi, level)[None, :]
        return cache[key]

    def _maximize(self, f, crit: Criterion | None = None, **options) -> Maximum:
        lo, hi = self.force_bounds
        return maximize_on_nodes(f, self.nodes(crit), lo=lo, hi=hi, **options)

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

        nodes = np.repeat(self.nodes(Criterion("minimax_regret")), k, axis=0)
        best = maximize_on_nodes(eu_per_prior, nodes, lo=np.tile(lo, k), hi=np.tile(hi, k))
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
                lambda F: -self._regrets(F, stakes, s, best).max(axis=0), crit, smooth=False
            )
            return top.x, top.value, -best.max(axis=0).ravel(), top.at_lower
        top = self._maximize(lambda F: self.value(crit, *self.lottery(F, stakes)), crit)
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
        root in V whose every iterate re-solves the force problem (the compiled
        kernels solve the same envelope, ``kernel_values.threshold_root``)."""
        return -self._maximize(lambda force: -self.stakes_roots(crit, force), crit).value

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

        Solves every q at once: one row per q on the model's force grid.
        """
        q = np.asarray(q, float)[:, None]
        lo, hi = self.force_bounds
        best = maximize_on_nodes(
            self._neg_ratio(lambda theta: q),
            np.repeat(self.nodes(), q.shape[0], axis=0),
            lo=np.full(q.shape[0], lo[0]),
            hi=np.full(q.shape[0], hi[0]),
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
        nodes = self.nodes(crit)[0]
        start = np.log(lo[0])
        nodes = np.concatenate([[start], nodes[nodes > start]])
        return least_crossing(
            lambda F: self.success_value(crit, F[None, :])[0],
            float(self.params.success_target),
            float(lo[0]),
            float(hi[0]),
            nodes=nodes,
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

    def solve_batch(self, crit: Criterion) -> dict[str, np.ndarray]:
        """docs/model.md's outputs for every point of a batch model, as arrays of shape (P,).

        The compiled kernels (``models.intervention.kernels``; docs/model.md)
        solve one point at a time; without Numba every point takes the scalar
        reference path.  Missing quantities are NaN (None in :meth:`solve`); the
        references V*_EU, V*_0, R_EU, R_0 come along by their ``DETAIL_NAMES``, and
        ``status`` is 0 for a point solved, else a kernel status code
        (``kernel_smooth.UNRESOLVED``: its grid would need too many nodes).  Points a
        kernel leaves unresolved take the scalar path; status stays nonzero only where
        that too gives up (``grid.UnresolvedGrid``).
        """
        try:
            from deterrence.models.intervention import kernels
        except ImportError:  # Numba missing: the reference path, point by point
            return self._scalar_batch(crit)
        out = self._assemble(kernels.solve(self, crit))
        rest = np.flatnonzero(out["status"])  # a kernel's grid too fine: the scalar path
        for i in rest:
            try:
                one = self.take(np.array([i]))._scalar_batch(crit.take(np.array([i])))
            except grid.UnresolvedGrid:
                continue
            for key, value in one.items():
                if key in out:
                    out[key][i] = value[0]
        return out

    def _assemble(self, core: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Every output from the kernels' core outputs and references: R_0 and the premia."""
        references = {
            "expected_utility_threshold": core["expected_utility_threshold"],
            "no_intervention_threshold": core["no_intervention_threshold"],
            "expected_utility_force_requirement": core["expected_utility_force_requirement"],
            "no_intervention_force_requirement": _nan_if_infinite(
                self.requirements_without_intervention()
            ),
        }
        cost = np.broadcast_to(self.params.force_cost, (self.rows, 1)).ravel()
        premium = batch_premia(core["threshold"], core["force_requirement"], references, cost)
        status = core.get("status", np.zeros(self.rows, dtype=np.int64))
        outputs = {key: core[key] for key in OUTPUT_NAMES if key in core}
        return {**outputs, **premium, **references, "status": status}

    def _scalar_batch(self, crit: Criterion) -> dict[str, np.ndarray]:
        """:meth:`solve_batch` by the scalar reference path, one point at a time."""
        records = [
            self.take(np.array([i])).scalar().solve(crit.take(np.array([i])))
            for i in range(self.rows)
        ]
        keys = (*OUTPUT_NAMES, *DETAIL_NAMES[2:])
        out = {
            key: np.array([np.nan if getattr(r, key) is None else getattr(r, key) for r in records])
            for key in keys
        }
        out["attack"] = out["attack"].astype(bool)
        out["status"] = np.zeros(self.rows, dtype=np.int64)
        return out

    def scalar(self) -> InterventionModel:
        """The scalar model of a one-point batch model."""
        p = Parameters(**{k: float(np.ravel(v)[0]) for k, v in self.params.to_dict().items()})

        def first(x):
            return float(np.ravel(x)[0])

        b = self.belief
        beta = None if b.beta is None else (first(b.beta[0]), first(b.beta[1]))
        belief = Belief(b.mode, first(b.lo), first(b.hi), beta, first(b.sd))
        combat = Combat(
            self.combat.name, p.decisiveness, p.effectiveness_ratio, p.effectiveness_noise
        )
        return InterventionModel(p, combat, belief)


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
