"""A's decision criterion under ambiguity (docs/model.md, "A's criteria under ambiguity").

| name | value of attacking with F |
|---|---|
| ``expected`` | EU under the mean prior |
| ``maxmin`` | min over the set of EU_G(F) (Gilboa & Schmeidler 1989) |
| ``alpha_maxmin`` | alpha min + (1 - alpha) max (Ghirardato, Maccheroni & Marinacci 2004) |
| ``smooth`` | -(1/lam) ln E_mu exp(-lam EU_G(F)) (Klibanoff, Marinacci & Mukerji 2005) |
| ``minimax_regret`` | -max_G regret_G(F) (Savage 1951; Stoye 2011) |
| ``multiplier`` | -theta ln E_q0 exp(-u/theta) (Hansen & Sargent 2001; Strzalecki 2011) |

The value of holding is 0, except under minimax regret, where it is
-max_G regret_G(hold).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CRITERIA = ("expected", "maxmin", "alpha_maxmin", "smooth", "minimax_regret", "multiplier")


@dataclass(frozen=True)
class Criterion:
    """A decision criterion and its parameters.

    Parameters
    ----------
    name
        One of ``CRITERIA``.
    alpha
        Weight on the worst case in ``alpha_maxmin``, in [0, 1].
    ambiguity_aversion
        lambda > 0 of ``smooth`` (CARA curvature of phi).
    penalty
        theta > 0 of ``multiplier`` (cost of distorting the mean prior).
    """

    name: str = "maxmin"
    alpha: float = 0.5
    ambiguity_aversion: float = 2.0
    penalty: float = 1.0

    def __post_init__(self) -> None:
        if self.name not in CRITERIA:
            raise ValueError(f"unknown criterion {self.name!r}; allowed: {', '.join(CRITERIA)}")
        alpha = np.asarray(self.alpha)
        if not np.all((alpha >= 0.0) & (alpha <= 1.0)):
            raise ValueError(f"alpha = {self.alpha}: must be in [0, 1]")
        for key in ("ambiguity_aversion", "penalty"):
            value = np.asarray(getattr(self, key))
            if not np.all(np.isfinite(value) & (value > 0)):
                raise ValueError(f"{key} = {value}: must be a finite number > 0")

    def take(self, rows) -> Criterion:
        """The criterion of a subset of a batch's points."""

        def pick(x):
            return x[rows] if np.ndim(x) > 0 else x

        return Criterion(
            self.name, pick(self.alpha), pick(self.ambiguity_aversion), pick(self.penalty)
        )

    @property
    def reduces_to_one_prior(self) -> bool:
        """True when the criterion values every lottery as EU under one prior q(F).

        Then V* has the closed form min_F (k(q) + cF) / p(q, F) (docs/model.md, fact 1).
        """
        return self.name in ("expected", "maxmin", "alpha_maxmin")

    def to_dict(self) -> dict:
        out: dict = {"name": self.name}
        if self.name == "alpha_maxmin":
            out["alpha"] = self.alpha
        if self.name == "smooth":
            out["ambiguity_aversion"] = self.ambiguity_aversion
        if self.name == "multiplier":
            out["penalty"] = self.penalty
        return out
