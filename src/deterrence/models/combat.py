"""Combat models: the probability p(F, D) that A, with force F, prevails against defence D.

* ``contest`` -- Tullock (1980) ratio-form contest success function
  p = F^m / (F^m + D^m) = logistic(m ln(F/D)); Hirshleifer (1989) and
  Jia (2008) give its stochastic foundation.
* ``lanchester_square`` -- A wins iff its square-law strength exceeds T's
  (Lanchester 1916; Taylor 1983), alpha F^2 > beta D^2, with lognormal noise
  sigma on the effectiveness ratio rho = alpha/beta:
  p = Phi((2 ln(F/D) + ln rho) / sigma).
* ``lanchester_linear`` -- the linear law: p = Phi((ln(F/D) + ln rho) / sigma).

Each model also inverts p in F: the force that reaches success probability P
against D (for the contest, F = D (P/(1-P))^(1/m), Tullock's required force).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, ndtr, ndtri

COMBAT_MODELS = ("contest", "lanchester_square", "lanchester_linear")
_LANCHESTER_EXPONENT = {"lanchester_square": 2.0, "lanchester_linear": 1.0}


@dataclass(frozen=True)
class Combat:
    """A combat model with its shape parameters.

    Parameters
    ----------
    name
        One of ``COMBAT_MODELS``.
    decisiveness
        m, the contest exponent (``contest`` only).
    effectiveness_ratio, effectiveness_noise
        rho and sigma (Lanchester models only).
    """

    name: str = "contest"
    decisiveness: float = 1.5
    effectiveness_ratio: float = 1.0
    effectiveness_noise: float = 0.5

    def __post_init__(self) -> None:
        if self.name not in COMBAT_MODELS:
            raise ValueError(f"unknown combat model {self.name!r}; allowed: {COMBAT_MODELS}")

    def take(self, rows) -> Combat:
        """The combat model of a subset of a batch's points."""

        def pick(x):
            return x[rows] if np.ndim(x) > 0 else x

        return Combat(
            self.name,
            pick(self.decisiveness),
            pick(self.effectiveness_ratio),
            pick(self.effectiveness_noise),
        )

    def _index(self, force, defence):
        """The argument of the link function: p = link(index)."""
        log_ratio = np.log(force) - np.log(defence)
        if self.name == "contest":
            return self.decisiveness * log_ratio
        a = _LANCHESTER_EXPONENT[self.name]
        return (a * log_ratio + np.log(self.effectiveness_ratio)) / self.effectiveness_noise

    def win_probability(self, force, defence):
        """p(F, D), vectorised; F > 0 and D > 0."""
        index = self._index(np.asarray(force, float), np.asarray(defence, float))
        return expit(index) if self.name == "contest" else ndtr(index)

    def win_probability_log(self, log_force, defence, derivatives: bool = True):
        """(p, dp/du, d2p/du2) at u = ln F: the win probability and its derivatives in ln F.

        With ``derivatives=False`` only p.

        Contest: x = m (u - ln D), p = logistic(x), p' = m p (1 - p),
        p'' = m p' (1 - 2p).  Lanchester: z = (a (u - ln D) + ln rho) / sigma,
        p = Phi(z), p' = (a / sigma) phi(z), p'' = -(a / sigma) z p'.
        """
        shift = log_force - np.log(defence)
        if self.name == "contest":
            p = expit(self.decisiveness * shift)
            if not derivatives:
                return p
            dp = self.decisiveness * p * (1.0 - p)
            return p, dp, self.decisiveness * dp * (1.0 - 2.0 * p)
        slope = _LANCHESTER_EXPONENT[self.name] / self.effectiveness_noise
        z = slope * shift + np.log(self.effectiveness_ratio) / self.effectiveness_noise
        if not derivatives:
            return ndtr(z)
        dp = slope * np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)
        return ndtr(z), dp, -slope * z * dp

    def required_force(self, target, defence):
        """The force F with p(F, D) = target, for target in (0, 1)."""
        target = np.asarray(target, float)
        if self.name == "contest":
            return defence * (target / (1.0 - target)) ** (1.0 / self.decisiveness)
        a = _LANCHESTER_EXPONENT[self.name]
        index = ndtri(target) * self.effectiveness_noise - np.log(self.effectiveness_ratio)
        return defence * np.exp(index / a)
