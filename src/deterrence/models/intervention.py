r"""The canonical intervention model (MODEL.md; docs/model.md).

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
Outputs (MODEL.md, "Outputs"):

* threshold V* -- least stakes at which A attacks.  For criteria that reduce
  to one prior q(F) (expected, maxmin, alpha-maxmin),
  V* = min_F (q k_I + (1-q) k_N + c F) / (q p_I + (1-q) p_N)  (MODEL.md fact 1);
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

from dataclasses import asdict, dataclass

import numpy as np

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import Criterion
from deterrence.models.parameters import Parameters
from deterrence.solvers import ambiguity
from deterrence.solvers.optimize import maximize_log_grid
from deterrence.solvers.roots import increasing_root, least_crossing

FORCE_FLOOR = 1e-6  # the force search starts at FORCE_FLOOR * min(D_T, F_max)

OUTPUT_NAMES = (
    "attack",
    "force",
    "intervention_probability",
    "threshold",
    "force_requirement",
    "threshold_premium",
    "force_premium",
    "extra_cost",
)


@dataclass(frozen=True)
class Solution:
    """Everything a run reports about one scenario.

    The fields named in ``OUTPUT_NAMES`` are MODEL.md's outputs; a quantity
    that does not exist (e.g. no force up to F_max reaches the success
    target) is None.  The rest are the ingredients of the premia.
    """

    criterion: str
    attack: bool
    force: float | None
    intervention_probability: float | None
    threshold: float | None
    force_requirement: float | None
    threshold_premium: float | None
    force_premium: float | None
    extra_cost: float | None
    attack_value: float
    hold_value: float
    baseline_threshold: float | None
    baseline_force_requirement: float | None

    def outputs(self) -> dict:
        """MODEL.md's outputs, plus the criterion's name."""
        return {"criterion": self.criterion, **{k: getattr(self, k) for k in OUTPUT_NAMES}}

    def to_record(self) -> dict:
        return asdict(self)


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


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
    @property
    def force_bounds(self) -> tuple[float, float]:
        p = self.params
        return FORCE_FLOOR * min(p.target_strength, p.max_force), p.max_force

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

    def lottery(self, force, stakes: float):
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
    def _maximize(self, f) -> tuple[float | None, float, bool]:
        lo, hi = self.force_bounds
        best = maximize_log_grid(f, lo, hi)
        return float(best.x[0]), float(best.value[0]), bool(best.at_lower[0])

    def _regret_setup(self, stakes: float):
        """Priors s_k and max(0, best EU_k) for minimax regret at these stakes."""
        s = self.belief.regret_priors()
        lo, hi = self.force_bounds

        def eu_per_prior(force):  # force has one row per prior
            good, gap, theta = self.lottery(force, stakes)
            return ambiguity.expected(good, gap, self.belief.q(s[:, None], theta))

        best = maximize_log_grid(eu_per_prior, np.full(s.size, lo), np.full(s.size, hi))
        return s, np.maximum(best.value, 0.0)

    def _regrets(self, force, stakes: float, s, best):
        """regret_k(F) for each prior k, shape (K,) + force.shape."""
        good, gap, theta = self.lottery(force, stakes)
        shape = (-1,) + (1,) * np.ndim(force)
        eu = ambiguity.expected(good, gap, self.belief.q(s.reshape(shape), theta))
        return ambiguity.regret(eu, best.reshape(shape))

    def best_attack(self, crit: Criterion, stakes: float):
        """(F*, best value of attacking, value of holding, F* hit the lower bound)."""
        if crit.name == "minimax_regret":
            s, best = self._regret_setup(stakes)
            force, val, at_lower = self._maximize(
                lambda F: -self._regrets(F, stakes, s, best).max(axis=0)
            )
            return force, val, -float(best.max()), at_lower
        force, val, at_lower = self._maximize(lambda F: self.value(crit, *self.lottery(F, stakes)))
        return force, val, 0.0, at_lower

    def intervention_probability(self, crit: Criterion, force: float, stakes: float) -> float:
        """q at F under the prior that sets the criterion's value (MODEL.md, Outputs)."""
        f = np.array(force)
        _good, gap, theta = self.lottery(f, stakes)
        b = self.belief
        if crit.name in ("expected", "smooth"):
            return float(b.q(b.mean, theta))
        if crit.name == "multiplier":
            return float(ambiguity.multiplier_tilt(gap, b.q(b.mean, theta), crit.penalty))
        if crit.name == "minimax_regret":
            s, best = self._regret_setup(stakes)
            k = int(np.argmax(self._regrets(f, stakes, s, best)))
            return float(b.q(s[k], theta))
        return float(self._one_prior_q(crit, theta))

    # -------------------------------------------------------------------- thresholds
    def one_prior_threshold(self, crit: Criterion) -> float | None:
        """V* = min_F (k(q) + cF) / p(q, F) for a criterion that is EU under one prior q(F)."""
        p = self.params

        def neg_ratio(force):
            p_out, p_in = self.win_probabilities(force)
            q = self._one_prior_q(crit, self.cutoff(p_out, p_in))
            cost = p.war_cost + q * (p.intervention_war_cost - p.war_cost) + p.force_cost * force
            with np.errstate(divide="ignore", over="ignore"):
                return -cost / (p_out - q * (p_out - p_in))

        _, val, _ = self._maximize(neg_ratio)
        return -val if np.isfinite(val) else None

    def exogenous_thresholds(self, q) -> np.ndarray:
        """V*(q) for exogenous point beliefs, one per element of ``q`` (MODEL.md fact 1).

        Solves every q at once: one row per q in the batched maximiser.
        """
        p = self.params
        q = np.asarray(q, float)[:, None]
        lo, hi = self.force_bounds

        def neg_ratio(force):
            p_out, p_in = self.win_probabilities(force)
            cost = p.war_cost + q * (p.intervention_war_cost - p.war_cost) + p.force_cost * force
            with np.errstate(divide="ignore", over="ignore"):
                return -cost / (p_out - q * (p_out - p_in))

        best = maximize_log_grid(neg_ratio, np.full(q.shape[0], lo), np.full(q.shape[0], hi))
        return -best.value

    def root_threshold(self, crit: Criterion, start: float = 1.0) -> float | None:
        """V*: root of V -> best attack value - hold value, by bracketing and Brent's method."""

        def gain(stakes: float) -> float:
            _, val, hold, _ = self.best_attack(crit, stakes)
            return val - hold

        return increasing_root(gain, 0.0, start)

    def threshold(self, crit: Criterion) -> float | None:
        """The aggression threshold V* under ``crit``."""
        if crit.reduces_to_one_prior:
            return self.one_prior_threshold(crit)
        guess = self.one_prior_threshold(Criterion("expected"))
        return self.root_threshold(crit, start=guess if guess else 1.0)

    # ------------------------------------------------------------ force requirements
    def success_value(self, crit: Criterion, force):
        """Success probability valued by the criterion (worst case for minimax regret)."""
        return self.value(crit, *self.success_lottery(force))

    def force_requirement(self, crit: Criterion) -> float | None:
        """Least F in (0, F_max] whose valued success probability reaches P̄, else None."""
        lo, hi = self.force_bounds
        return least_crossing(
            lambda F: self.success_value(crit, F), self.params.success_target, lo, hi
        )

    def requirement_without_intervention(self) -> float | None:
        """Closed form p_N^{-1}(P̄): the requirement if R surely stays out."""
        p = self.params
        force = float(self.combat.required_force(p.success_target, p.defence_out))
        return force if force <= p.max_force else None

    # ------------------------------------------------------------------------- solve
    def solve(self, crit: Criterion) -> Solution:
        """Every output of MODEL.md for this scenario under criterion ``crit``."""
        stakes = self.params.stakes
        force, val, hold, at_lower = self.best_attack(crit, stakes)
        # at the lower bound the supremum is approached only as F -> 0: no optimal force exists
        force_out = None if at_lower else force
        q = self.intervention_probability(crit, force, stakes)

        threshold = self.threshold(crit)
        baseline = InterventionModel(self.params, self.combat, self.belief.at_mean())
        base_threshold = baseline.one_prior_threshold(Criterion("expected"))
        requirement = self.force_requirement(crit)
        base_requirement = self.requirement_without_intervention()
        force_premium = _difference(requirement, base_requirement)
        return Solution(
            criterion=crit.name,
            attack=bool(val > hold),
            force=force_out,
            intervention_probability=q,
            threshold=threshold,
            force_requirement=requirement,
            threshold_premium=_difference(threshold, base_threshold),
            force_premium=force_premium,
            extra_cost=None if force_premium is None else self.params.force_cost * force_premium,
            attack_value=val,
            hold_value=hold,
            baseline_threshold=base_threshold,
            baseline_force_requirement=base_requirement,
        )
