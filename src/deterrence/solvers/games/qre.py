"""Logit quantal response equilibria, traced by predictor--corrector path following.

McKelvey & Palfrey (1995), "Quantal Response Equilibria for Normal Form
Games", GEB 10(1); (1998) for the agent form of extensive games.  Each agent
(a player of a normal-form game, an information set of a tree) chooses action
j with probability proportional to exp(lambda * v_j), v its action values
against the others' profile.  In log-probabilities w the equilibria solve

    H(w, lambda) = 0:   w_j - w_0 - lambda * (v_j(sigma) - v_0(sigma)) = 0   (j >= 1)
                        sum_j exp(w_j) - 1 = 0                              (per agent)

The principal branch starts at the centroid (lambda = 0) and, for generic
games, converges to a Nash equilibrium as lambda -> infinity (the logit
solution; Turocy 2005, "A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence", GEB 51(2)).  We follow it in
arc length (Allgower & Georg 1990, *Numerical Continuation Methods*, ch. 2):
an Euler predictor along the tangent (the null vector of the Jacobian), a
Newton corrector with the Moore--Penrose pseudo-inverse, and a step that
grows after easy corrections and shrinks after hard ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Values = Callable[[list[np.ndarray]], list[np.ndarray]]
Jacobian = Callable[[list[np.ndarray]], np.ndarray]

MAX_LAMBDA = 1e6  # trace until lambda * payoff scale reaches this
CORRECTOR_TOL = 1e-11  # residual norm accepted by the corrector
FIRST_STEP = 0.03
MAX_STEPS = 20_000


@dataclass(frozen=True)
class LogitPath:
    """The traced branch: lambdas and the profile (one vector per agent) at each."""

    lambdas: np.ndarray
    profiles: tuple[tuple[np.ndarray, ...], ...]
    converged: bool  # reached MAX_LAMBDA without the step collapsing

    @property
    def last(self) -> tuple[np.ndarray, ...]:
        return self.profiles[-1]


def _split(z: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    return np.split(z, np.cumsum(sizes)[:-1])


class _System:
    """H(w, lambda) and its Jacobian for agents with the given action counts."""

    def __init__(self, sizes: Sequence[int], values: Values, jacobian: Jacobian | None):
        self.sizes = list(sizes)
        self.n = sum(self.sizes)
        self.values = values
        self.jacobian_values = jacobian or self._fd_jacobian
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)[:-1]])

    def sigma(self, w: np.ndarray) -> list[np.ndarray]:
        return [np.exp(x) for x in _split(w, self.sizes)]

    def residual(self, z: np.ndarray) -> np.ndarray:
        w, lam = z[:-1], z[-1]
        sig = self.sigma(w)
        vals = self.values(sig)
        out = np.empty(self.n)
        for o, x, v, s in zip(self.offsets, _split(w, self.sizes), vals, sig, strict=True):
            out[o] = s.sum() - 1.0
            out[o + 1 : o + len(x)] = x[1:] - x[0] - lam * (v[1:] - v[0])
        return out

    def jacobian(self, z: np.ndarray) -> np.ndarray:
        w, lam = z[:-1], z[-1]
        sig = self.sigma(w)
        flat_sigma = np.concatenate(sig)
        vals = self.values(sig)
        dv = self.jacobian_values(sig) * flat_sigma  # d v / d w = d v / d sigma * sigma
        jac = np.zeros((self.n, self.n + 1))
        for o, k, v in zip(self.offsets, self.sizes, vals, strict=True):
            jac[o, o : o + k] = flat_sigma[o : o + k]
            rows = slice(o + 1, o + k)
            jac[rows, o + 1 : o + k] += np.eye(k - 1)
            jac[rows, o] -= 1.0
            jac[rows, : self.n] -= lam * (dv[o + 1 : o + k] - dv[o])
            jac[rows, self.n] = -(v[1:] - v[0])
        return jac

    def _fd_jacobian(self, sig: list[np.ndarray]) -> np.ndarray:
        """d v / d sigma by central differences with steps relative to each probability
        (trees: values are rational in sigma)."""
        flat = np.concatenate(sig)
        cols = []
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return self._fd_columns(flat, cols)

    def _fd_columns(self, flat: np.ndarray, cols: list) -> np.ndarray:
        for k in range(self.n):
            # a step relative to the probability: near the end of a branch some are 1e-7
            # or less, and an absolute step would leave the simplex (agent values are
            # conditional on reaching a set, so they divide by these probabilities)
            h = 1e-6 * flat[k]
            if h == 0:  # an underflowed probability: its column is multiplied by 0 anyway
                cols.append(np.zeros(self.n))
                continue
            up, down = flat.copy(), flat.copy()
            up[k] += h
            down[k] -= h
            cols.append(
                (
                    np.concatenate(self.values(_split(up, self.sizes)))
                    - np.concatenate(self.values(_split(down, self.sizes)))
                )
                / (2 * h)
            )
        return np.array(cols).T


def _tangent(jac: np.ndarray) -> np.ndarray:
    q, _ = np.linalg.qr(jac.T, mode="complete")
    return q[:, -1]


def _scaled(values: Values, jacobian: Jacobian | None, scale: float):
    """Values divided by the payoff scale: the branch in lambda * scale is the same
    for every scale, so steps and tolerances need no tuning per game."""
    if scale == 1.0:
        return values, jacobian

    def scaled_values(sigma):
        return [v / scale for v in values(sigma)]

    scaled_jacobian = None if jacobian is None else (lambda sigma: jacobian(sigma) / scale)
    return scaled_values, scaled_jacobian


def trace_logit(
    sizes: Sequence[int],
    values: Values,
    jacobian: Jacobian | None = None,
    max_lambda: float = MAX_LAMBDA,
    stop: Callable[[float], bool] | None = None,
    scale: float = 1.0,
    deadline: float | None = None,
) -> LogitPath:
    """Follow the principal logit branch from lambda = 0 up to ``max_lambda``.

    ``values(sigma)`` gives each agent's action values; ``jacobian(sigma)`` their
    derivatives d v / d sigma as one matrix (finite differences if omitted).
    ``stop(lambda)`` may end the trace early (e.g. once past the lambdas wanted).
    ``scale`` (the payoffs' magnitude) only changes how the branch is stepped.
    ``deadline`` (a ``time.monotonic()`` value) ends the trace unconverged: the
    work is bounded in time, never a silent hang.
    """
    import time

    if not sizes:  # no agent moves: the (empty) profile is the whole answer
        return LogitPath(np.array([0.0]), ((),), True)
    values, jacobian = _scaled(values, jacobian, scale)
    max_lambda = max_lambda * scale
    system = _System(sizes, values, jacobian)
    w0 = np.concatenate([np.full(k, -np.log(k)) for k in sizes])
    z = np.concatenate([w0, [0.0]])
    t = _tangent(system.jacobian(z))
    if t[-1] < 0:
        t = -t
    h = FIRST_STEP
    lambdas, profiles = [0.0], [tuple(system.sigma(z[:-1]))]
    converged = False
    for _ in range(MAX_STEPS):
        if deadline is not None and time.monotonic() > deadline:
            break
        accepted = False
        while h > 1e-12:
            trial, ok = _correct(system, z + h * t, h)
            if ok:
                accepted = True
                break
            h /= 2
        if not accepted:
            break
        t_new = _tangent(system.jacobian(trial))
        if t_new @ t < 0:
            t_new = -t_new
        z, t = trial, t_new
        lambdas.append(float(z[-1]) / scale)
        profiles.append(tuple(system.sigma(z[:-1])))
        h = min(h * 1.5, max(1.0, abs(z[-1])))
        if z[-1] >= max_lambda or (stop is not None and stop(z[-1] / scale)):
            converged = True
            break
    return LogitPath(np.array(lambdas), tuple(profiles), converged)


def _correct(system: _System, z: np.ndarray, h: float) -> tuple[np.ndarray, bool]:
    """Newton with the pseudo-inverse from a predicted point; (point, converged)."""
    previous = np.inf
    start = z.copy()
    for _ in range(8):
        r = system.residual(z)
        norm = np.linalg.norm(r)
        if not np.isfinite(norm):
            return z, False
        if norm < CORRECTOR_TOL * max(1.0, np.linalg.norm(z)):
            return z, np.linalg.norm(z - start) <= 0.5 * h + 1e-9
        if norm > 0.5 * previous:  # not contracting: take a smaller step
            return z, False
        previous = norm
        jac = system.jacobian(z)
        if not np.isfinite(jac).all():
            return z, False
        delta = np.linalg.lstsq(jac, r, rcond=None)[0]
        z = z - delta
    return z, False


def solve_at(
    sizes: Sequence[int],
    values: Values,
    start: Sequence[np.ndarray],
    lam: float,
    jacobian: Jacobian | None = None,
    scale: float = 1.0,
) -> list[np.ndarray] | None:
    """Newton at fixed lambda from a nearby profile (used to land exactly on a lambda)."""
    values, jacobian = _scaled(values, jacobian, scale)
    lam = lam * scale
    system = _System(sizes, values, jacobian)
    w = np.log(np.clip(np.concatenate(start), 1e-300, None))
    for _ in range(50):
        z = np.concatenate([w, [lam]])
        r = system.residual(z)
        if np.linalg.norm(r) < CORRECTOR_TOL:
            return system.sigma(w)
        jac = system.jacobian(z)[:, :-1]
        try:
            w = w - np.linalg.solve(jac, r)
        except np.linalg.LinAlgError:
            return None
    return None


def at_lambdas(
    sizes: Sequence[int],
    values: Values,
    lambdas: Sequence[float],
    jacobian: Jacobian | None = None,
    scale: float = 1.0,
) -> list[list[np.ndarray]]:
    """The principal-branch QRE at each requested lambda (first crossing of the branch)."""
    wanted = sorted(float(x) for x in lambdas)
    path = trace_logit(
        sizes,
        values,
        jacobian,
        max_lambda=max(wanted) * 1.01 + 1e-9,
        stop=lambda lam: lam > wanted[-1],
        scale=scale,
    )
    out = {}
    for lam in wanted:
        k = int(np.argmax(path.lambdas >= lam)) if (path.lambdas >= lam).any() else -1
        if k < 0:
            raise RuntimeError(f"the logit branch did not reach lambda = {lam}")
        lo = max(k - 1, 0)
        l0, l1 = path.lambdas[lo], path.lambdas[k]
        frac = 0.0 if l1 == l0 else (lam - l0) / (l1 - l0)
        guess = [
            np.exp((1 - frac) * np.log(a) + frac * np.log(b))
            for a, b in zip(path.profiles[lo], path.profiles[k], strict=True)
        ]
        guess = [g / g.sum() for g in guess]
        sol = solve_at(sizes, values, guess, lam, jacobian, scale)
        if sol is None:
            raise RuntimeError(f"Newton failed at lambda = {lam}")
        out[lam] = sol
    return [out[float(x)] for x in lambdas]


def polish_on_supports(
    profile: Sequence[np.ndarray], values: Values, tol: float, cutoff: float = 1e-6
) -> list[np.ndarray] | None:
    """The equilibrium on the supports of a near-limit profile: each agent's support
    actions equally valued, probabilities summing to 1, solved with scipy's ``root``
    (Powell's hybrid method).  None if it fails, leaves a support or misses ``tol``.

    The logit branch approaches a mixed equilibrium only as 1/lambda; this lands on it.
    """
    from scipy.optimize import root

    supports = [np.flatnonzero(p > cutoff) for p in profile]
    cuts = np.cumsum([len(s) for s in supports])[:-1]

    def full(z: np.ndarray) -> list[np.ndarray]:
        out = []
        for p, support, part in zip(profile, supports, np.split(z, cuts), strict=True):
            f = np.zeros(len(p))
            f[support] = part
            out.append(f)
        return out

    def equations(z: np.ndarray) -> np.ndarray:
        eqs = []
        for v, support, part in zip(values(full(z)), supports, np.split(z, cuts), strict=True):
            eqs.append(v[support][1:] - v[support][0])
            eqs.append([part.sum() - 1.0])
        return np.concatenate(eqs)

    start = np.concatenate([p[support] for p, support in zip(profile, supports, strict=True)])
    sol = root(equations, start, method="hybr", tol=1e-14)
    if (sol.x < -1e-9).any() or np.abs(equations(sol.x)).max() > tol:
        return None
    return [np.clip(p, 0.0, None) / np.clip(p, 0.0, None).sum() for p in full(sol.x)]
