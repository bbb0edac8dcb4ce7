"""A's belief about intervention: a set of priors indexed by one scalar s.

Two modes (docs/model.md, "R's response and A's belief q"):

* ``exogenous`` -- s *is* q, the probability that R intervenes.  A holds a
  point q, an interval [q_lo, q_hi] (a credal set), or a second-order Beta
  prior over q, whose set is its support [0, 1].
* ``endogenous`` -- s is mu, the mean of A's normal prior over R's resolve
  theta ~ N(mu, sd^2).  R intervenes iff theta >= theta*(F), so
  q(F; mu) = 1 - Phi((theta*(F) - mu) / sd).  Ambiguity is an interval of mu.

In both modes q rises with s, and A's expected utility falls with q, so the
worst prior is the top of the set and the best prior its bottom.  The
second-order prior used by the smooth criterion is the Beta when one is given
and otherwise uniform over the interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import ndtr

from deterrence.models.batched import take_rows
from deterrence.solvers import ambiguity

BELIEF_MODES = ("exogenous", "endogenous")
# Smooth criterion, endogenous mode: composite Gauss-Lobatto quadrature over the mean
# resolve, PANEL_NODES nodes on each panel of at most PANEL_WIDTH resolve sds (the
# integrand exp(t Phi((mu - theta*) / sd)) varies on the scale of sd): errors below 1e-12
# against adaptive quadrature for t up to 60 and intervals up to 60 sds wide (16 nodes
# on panels of 2.5 sds: 2e-10).
PANEL_NODES = 20
PANEL_WIDTH = 3.0
MAX_PANELS = 64  # intervals beyond 192 resolve sds get wider panels
REGRET_PRIORS = 65  # priors scanned by minimax regret in endogenous mode


def gauss_lobatto(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Lobatto-Legendre nodes and weights on [-1, 1] (end points included).

    Nodes: +-1 and the roots of P'_{n-1}; weights 2 / (n (n-1) P_{n-1}(x)^2)
    (Abramowitz & Stegun 25.4.32).  Including the end points makes the smooth
    criterion converge to maxmin over the closed set as lambda -> infinity.
    """
    legendre = np.polynomial.legendre.Legendre.basis(n - 1)
    nodes = np.concatenate([[-1.0], np.sort(legendre.deriv().roots().real), [1.0]])
    weights = 2.0 / (n * (n - 1) * legendre(nodes) ** 2)
    return nodes, weights


def quadrature_panels(lo, hi, sd) -> np.ndarray:
    """Panels of the endogenous smooth quadrature per point, shape (R,): the interval's
    width in resolve sds over PANEL_WIDTH, at least 1 and at most MAX_PANELS (wider
    intervals get wider panels: bounded memory, graceful loss of accuracy)."""
    width = np.abs(np.asarray(hi, float) - np.asarray(lo, float)) / np.asarray(sd, float)
    panels = np.clip(
        np.ceil(np.nan_to_num(width / PANEL_WIDTH - 1e-9, posinf=MAX_PANELS)), 1, MAX_PANELS
    )
    return panels.astype(int).reshape(-1)


@lru_cache(maxsize=4)
def _lobatto(n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`gauss_lobatto`, computed once per n (read-only arrays)."""
    nodes, weights = gauss_lobatto(n)
    nodes.flags.writeable = weights.flags.writeable = False
    return nodes, weights


@dataclass(frozen=True)
class Belief:
    """A's set of priors over R's intervention.

    Numeric fields may be scalars or, for batch solving, arrays of shape
    (P, 1) (one row per point); ``mode`` and whether a Beta is given are the
    same for every point of a batch.

    Parameters
    ----------
    mode
        ``"exogenous"`` or ``"endogenous"``.
    lo, hi
        The set [lo, hi] of s (q or mu); lo == hi is a point belief.  With a
        Beta they are set to its support, [0, 1].
    beta
        (a, b) of a second-order Beta prior over q (exogenous only); the set is then [0, 1].
    sd
        sigma_theta, the sd of A's prior over R's resolve (endogenous only).
    """

    mode: str = "exogenous"
    lo: float = 0.2
    hi: float = 0.6
    beta: tuple[float, float] | None = None
    sd: float = 0.3

    def __post_init__(self) -> None:
        if self.mode not in BELIEF_MODES:
            raise ValueError(f"unknown belief mode {self.mode!r}; allowed: {BELIEF_MODES}")
        if self.beta is not None:  # a Beta's set of priors is its support
            object.__setattr__(self, "lo", 0.0)
            object.__setattr__(self, "hi", 1.0)
        if np.any(np.asarray(self.lo) > np.asarray(self.hi)):
            raise ValueError(f"belief set [{self.lo}, {self.hi}] has lo > hi")

    @classmethod
    def point(cls, q: float) -> Belief:
        """An exogenous point belief q."""
        return cls("exogenous", q, q)

    @property
    def is_point(self) -> bool:
        """True for a scalar belief whose set is one prior."""
        return self.beta is None and np.ndim(self.lo) == 0 and self.lo == self.hi

    @property
    def mean(self):
        """s of the mean prior: the Beta's mean, else the interval's midpoint."""
        if self.beta is not None:
            a, b = self.beta
            return a / (a + b)
        return 0.5 * (self.lo + self.hi)

    def at_mean(self) -> Belief:
        """The belief without ambiguity: a point prior at the set's mean."""
        return Belief(self.mode, self.mean, self.mean, None, self.sd)

    def take(self, rows) -> Belief:
        """The belief of a subset of a batch's points (scalars are shared)."""
        beta = None if self.beta is None else tuple(take_rows(x, rows) for x in self.beta)
        return Belief(
            self.mode,
            take_rows(self.lo, rows),
            take_rows(self.hi, rows),
            beta,
            take_rows(self.sd, rows),
        )

    def q(self, s, theta_star):
        """Probability of intervention under prior s when R's cut-off is theta*(F)."""
        if self.mode == "exogenous":
            return np.asarray(s, float) + np.zeros_like(theta_star)
        return ndtr((np.asarray(s, float) - theta_star) / self.sd)

    def along_set(self, t):
        """Priors s = lo + t (hi - lo) for fractions t of shape (K, 1, 1): shape (K, R, 1)."""
        return self.lo + t * (self.hi - self.lo)

    def regret_priors(self):
        """The priors whose regrets minimax regret must compare, shape (K, R, 1).

        Exogenous: regret is convex in q (a max of linear functions plus a
        linear term), so the end points of the set suffice.  Endogenous: q is
        not linear in mu, so a grid of REGRET_PRIORS points over [lo, hi] is scanned.
        """
        if self.is_point:
            fractions = np.zeros(1)
        elif self.mode == "exogenous":
            fractions = np.array([0.0, 1.0])
        else:
            fractions = np.linspace(0.0, 1.0, REGRET_PRIORS)
        return self.along_set(fractions[:, None, None])

    def smooth(self, good, gap, theta_star, lam):
        """KMM smooth value of the lottery (good, good - gap) under this belief.

        Exogenous: closed forms (uniform over [lo, hi], or Beta).  Endogenous:
        composite Gauss-Lobatto quadrature over mu uniform on [lo, hi]
        (:meth:`quadrature`).  ``good``,
        ``gap`` and ``theta_star`` are 2-D, shape (R, n).
        """
        if self.is_point:
            return ambiguity.expected(good, gap, self.q(self.lo, theta_star))
        if self.mode == "exogenous":
            if self.beta is not None:
                return ambiguity.smooth_beta(good, gap, *self.beta, lam)
            return ambiguity.smooth_uniform(good, gap, self.lo, self.hi, lam)
        from deterrence.models.intervention.kernel_quadrature import probit_mixture_cgf

        gap = np.asarray(gap, dtype=float)
        x_lo, x_hi, t = np.broadcast_arrays(
            (self.lo - theta_star) / self.sd, (self.hi - theta_star) / self.sd, lam * gap
        )
        ratio, _ = probit_mixture_cgf(
            *(np.ascontiguousarray(x, dtype=float) for x in (x_lo, x_hi, t))
        )
        return good - gap * ratio

    def quadrature(self) -> tuple[np.ndarray, np.ndarray]:
        """Endogenous mode: nodes of the smooth criterion's quadrature over mu uniform on
        [lo, hi], as fractions of the interval, and their weights, each (K, R, 1).

        Each point's interval is cut into ceil(width / (PANEL_WIDTH sd)) panels of
        PANEL_NODES Gauss-Lobatto nodes (end points included, so lambda -> infinity
        gives maxmin over the closed interval).  Points with fewer panels than the
        batch's widest repeat their last node with weight 0, so each point's value
        depends on its own interval only.
        """
        panels = quadrature_panels(self.lo, self.hi, self.sd)
        nodes, weights = _lobatto(PANEL_NODES)
        k = np.arange(PANEL_NODES * panels.max())[:, None]  # (K, 1)
        panel, node = k // PANEL_NODES, k % PANEL_NODES
        used = panel < panels  # (K, R)
        fractions = np.where(used, (panel + (nodes[node] + 1.0) / 2.0) / panels, 1.0)
        weights = np.where(used, weights[node] / 2.0 / panels, 0.0)
        return fractions[:, :, None], weights[:, :, None]

    def smooth_priors(self, theta_star):
        """Endogenous mode: q(F) at each node of :meth:`quadrature`, shape (K, R, n),
        and the nodes' weights, (K, R, 1)."""
        nodes, weights = self.quadrature()
        key = (self.mode, id(self.lo), id(self.hi), id(self.sd))
        last = _LAST_NODES.get(key)
        theta_star = np.asarray(theta_star, dtype=float)
        if last is not None and np.array_equal(last[0], theta_star):
            return last[1], weights
        q = self.q(self.along_set(nodes), theta_star)
        if theta_star.ndim == 2 and theta_star.shape[1] >= CACHED_GRID:
            # a batch solve asks for the same force grid three times (best force,
            # threshold, requirement): the normal CDFs at (nodes x points x grid) cost most
            _LAST_NODES.clear()
            _LAST_NODES[key] = (theta_star.copy(), q, (self.lo, self.hi, self.sd))
        return q, weights

    def to_dict(self) -> dict:
        out: dict = {"mode": self.mode}
        if self.mode == "exogenous":
            out["q"] = (
                {"beta": list(self.beta)}
                if self.beta
                else (self.lo if self.lo == self.hi else [self.lo, self.hi])
            )
        else:
            out["resolve_mean"] = self.lo if self.lo == self.hi else [self.lo, self.hi]
            out["resolve_sd"] = self.sd
        return out


# the last quadrature evaluated, by the identity of (lo, hi, sd) (held, so ids stay unique)
_LAST_NODES: dict = {}
CACHED_GRID = 32  # force grids at least this long are cached (not search iterates)
