"""The posture game: strategic ambiguity read as a deliberate mixed strategy.

At the planning stage the US (A) chooses a Pacific force level F from a
finite list (F = 0: no operation) while Russia (R), without seeing it,
chooses a readiness level r from a ladder (default: stand aside r = 0,
posture r = 0.5, full readiness r = 1).  Readiness r brings the share r of
R's effective force into the theatre, so with the canonical combat function

    D(r) = D_T + r e D_R,      k(r) = k_N + r (k_I - k_N),
    A:  u_A(F, r) = V p(F, D(r)) - k(r) - c F       (F > 0),   0 if F = 0,
    R:  u_R(F, r) = r (w - kappa_R) - W_R p(F, D(r)) - (1 - s) h(r)   (F > 0),
        u_R(0, r) = -(1 - s) h(r),

where w is R's value of standing with T when it fights (its resolve, as in
the finite form), kappa_R its cost of entering (``parameters.third_party_cost``),
so w - kappa_R is R's net value of joining, h(r) the peacetime cost of holding
readiness r, and s the share of that cost that R's planning pays anyway
(``sunk_share``).  Value of joining and readiness costs are separate inputs.

*Sunk, not marginal.*  Kashin (2019) argues the ambiguity costs Russia little
because its military planning "is already based on the threat of a military
conflict with the United States".  In the model that is a statement about
s: the part s h(r) is paid whatever Russia chooses, so it is a constant that
drops out of every comparison (it changes no equilibrium), and only the
marginal part (1 - s) h(r) is Russia's outlay on the posture.

When the stakes lie between the thresholds V*(q = 0) and V*(q = 1) of
docs/model.md, fact 1, the US attacks a Russia that stands aside and holds
against one at full readiness, while Russia readies only against an attack: an
inspection game whose equilibrium is mixed.  The game is a bimatrix game; its
mixed equilibria (all of them, by support enumeration) give Russia's
equilibrium probability of full readiness and the US force mix (cf. Schelling
1960 on "the threat that leaves something to chance"; Baliga & Sjostrom 2008 on
strategic ambiguity).  With r in {0, 1} only and a fixed F, R's mix is the
exogenous q of the canonical model.

*The cost-exchange ratio (claim C6).*  In each equilibrium (x for the US,
y for Russia):

* the US extra cost is c * sum_{F > 0} x(F) (F - F_out), the expected cost of
  the force the US commits beyond F_out, its best force against a Russia that
  surely stands aside (claim C5's extra cost, in expectation over the
  equilibrium; F_out = 0 when the US would not operate even then);
* Russia's outlay is sum_r y(r) (1 - s) h(r), its expected marginal
  readiness cost;
* ``cost_exchange_ratio`` is their quotient; ``value_exchange_ratio`` divides
  instead the US's loss of expected payoff against a Russia that surely
  stands aside (what the posture takes from the US, deterred operations
  included) by the same outlay.

In a mixed equilibrium in which the US mixes between holding and operating,
Russia's mix is set by the US's indifference, and the US's probability of
operating by Russia's indifference, which makes it proportional to the
marginal readiness cost.  Scaling (1 - s) h therefore
scales the US extra cost and Russia's outlay alike, and the cost-exchange
ratio does not move: the sunk share decides how often the US operates, not the
exchange rate.  The US's value loss does not scale (the US is held at its
value of holding), so the value-exchange ratio grows as 1 / (1 - s).  Tests
check both.

:func:`cost_exchange_region` samples a stated box of inputs and reports where
each ratio exceeds 1 and 10.  It uses a fine force list
(:data:`FINE_FORCE_LEVELS`): on the default seven levels the US's answer to
Russia's readiness jumps a whole unit of force (2 to 3), which inflates the
extra cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from deterrence.models.combat import Combat
from deterrence.models.parameters import Parameters
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import PROBABILITY_TOL, NashResult
from deterrence.solvers.games.support_enumeration import support_enumeration

DEFAULT_LEVELS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
DEFAULT_READINESS = ("stand_aside", "posture", "full_readiness")
DEFAULT_READINESS_COST = (0.0, 0.02, 0.05)
FINE_FORCE_LEVELS = (0.0, *(round(float(f), 4) for f in np.geomspace(0.5, 6.0, 24)))
DEFAULT_JOIN_VALUE = 0.4  # w: kappa_R = 0.3 plus a net value of 0.1 (assumption)


@dataclass(frozen=True)
class PostureSpec:
    """The ``[posture]`` config section."""

    force_levels: tuple[float, ...] = DEFAULT_LEVELS
    readiness_names: tuple[str, ...] = DEFAULT_READINESS
    readiness: tuple[float, ...] = (0.0, 0.5, 1.0)
    readiness_cost: tuple[float, ...] = DEFAULT_READINESS_COST
    third_party_value: float = DEFAULT_JOIN_VALUE
    sunk_share: float = 0.0

    def __post_init__(self) -> None:
        levels = np.asarray(self.force_levels, dtype=float)
        if levels.size == 0 or not np.isfinite(levels).all() or (levels < 0).any():
            raise ValueError("force_levels: must be a non-empty list of finite numbers >= 0")
        if len(set(levels.tolist())) != levels.size:
            raise ValueError("force_levels: must not repeat a level")
        n = len(self.readiness_names)
        if n == 0 or len(self.readiness) != n or len(self.readiness_cost) != n:
            raise ValueError(
                f"readiness, readiness_cost: need one entry per readiness level ({n} names)"
            )
        r = np.asarray(self.readiness, dtype=float)
        if not np.isfinite(r).all() or (r < 0).any() or (r > 1).any():
            raise ValueError("readiness: every level must be a share in [0, 1]")
        h = np.asarray(self.readiness_cost, dtype=float)
        if not np.isfinite(h).all() or (h < 0).any():
            raise ValueError("readiness_cost: must be finite numbers >= 0")
        if not np.isfinite(self.third_party_value):
            raise ValueError("third_party_value: must be a finite number")
        if not (np.isfinite(self.sunk_share) and 0.0 <= self.sunk_share <= 1.0):
            raise ValueError("sunk_share: must be a number in [0, 1]")

    def marginal_cost(self) -> np.ndarray:
        """(1 - s) h(r): the part of each readiness level's cost Russia's choice decides."""
        return (1.0 - self.sunk_share) * np.asarray(self.readiness_cost, dtype=float)


@dataclass(frozen=True)
class PostureEquilibrium:
    us_force_mix: dict[str, float]
    russia_readiness_mix: dict[str, float]
    russia_full_readiness: float
    expected_force: float
    us_value: float
    russia_value: float
    regret: float
    russia_mixes: bool = False  # Russia's readiness is a proper mix: ambiguity in equilibrium
    us_force_vs_aside: float = 0.0  # F_out
    us_extra_cost: float = 0.0  # c * sum_{F > 0} x(F) (F - F_out)
    us_value_loss: float = 0.0  # max(0, best u_A(F, stand aside)) - us_value
    russia_outlay: float = 0.0  # sum_r y(r) (1 - s) h(r)
    cost_exchange_ratio: float | None = None  # us_extra_cost / russia_outlay
    value_exchange_ratio: float | None = None  # us_value_loss / russia_outlay

    def to_record(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PostureSolution:
    status: str
    equilibria: tuple[PostureEquilibrium, ...]
    message: str = ""

    def outputs(self) -> dict:
        return {
            "model": "posture",
            "status": self.status,
            "equilibria": [e.to_record() for e in self.equilibria],
            **({"message": self.message} if self.message else {}),
        }


@dataclass(frozen=True)
class PostureModel:
    params: Parameters
    combat: Combat
    spec: PostureSpec

    def payoffs(self) -> tuple[np.ndarray, np.ndarray]:
        """(U_A, U_R), each (levels x readiness); R's sunk costs are left out (a constant)."""
        p = self.params
        f = np.asarray(self.spec.force_levels, dtype=float)[:, None]
        r = np.asarray(self.spec.readiness, dtype=float)[None, :]
        h = self.spec.marginal_cost()[None, :]
        defence = p.target_strength + r * p.interoperability * p.third_party_strength
        war_cost = p.war_cost + r * (p.intervention_war_cost - p.war_cost)
        safe_f = np.where(f > 0, f, 1.0)
        win = np.where(f > 0, self.combat.win_probability(safe_f, defence), 0.0)
        attack = f > 0
        u_a = np.where(attack, p.stakes * win - war_cost - p.force_cost * f, 0.0)
        resolve = r * (self.spec.third_party_value - p.third_party_cost)
        u_r = np.where(attack, resolve - p.third_party_loss * win, 0.0) - h
        return u_a, u_r

    def game(self) -> NormalFormGame:
        u_a, u_r = self.payoffs()
        return NormalFormGame(
            (u_a, u_r),
            players=("US", "Russia"),
            strategies=(
                tuple(f"F={x:g}" for x in self.spec.force_levels),
                tuple(self.spec.readiness_names),
            ),
            title="posture",
        )

    def solve(self) -> PostureSolution:
        game = self.game()
        return self.describe(support_enumeration(game))

    def force_against_stand_aside(self) -> tuple[float, float]:
        """(F_out, its payoff): the US's best force against a Russia that surely stands aside
        (the lowest readiness level); (0, 0) when no operation pays even then."""
        u_a, _ = self.payoffs()
        levels = np.asarray(self.spec.force_levels, dtype=float)
        lowest = int(np.argmin(self.spec.readiness))
        column = np.where(levels > 0, u_a[:, lowest], -np.inf)
        k = int(np.argmax(column))
        if not np.isfinite(column[k]) or column[k] <= 0:
            return 0.0, 0.0
        return float(levels[k]), float(column[k])

    def describe(self, result: NashResult) -> PostureSolution:
        levels = np.asarray(self.spec.force_levels, dtype=float)
        names = self.spec.readiness_names
        full = int(np.argmax(self.spec.readiness))  # the highest readiness level
        h = self.spec.marginal_cost()
        f_out, u_out = self.force_against_stand_aside()
        c = float(self.params.force_cost)
        out = []
        for e in result.equilibria:
            x, y = e.strategies
            extra = c * float(np.sum(np.where(levels > 0, x * (levels - f_out), 0.0)))
            outlay = float(y @ h)
            out.append(
                PostureEquilibrium(
                    us_force_mix={f"{lv:g}": float(p) for lv, p in zip(levels, x, strict=True)},
                    russia_readiness_mix={n: float(p) for n, p in zip(names, y, strict=True)},
                    russia_full_readiness=float(y[full]),
                    expected_force=float(levels @ x),
                    us_value=float(e.payoffs[0]),
                    russia_value=float(e.payoffs[1]),
                    regret=float(e.regret),
                    russia_mixes=int(np.sum(y > PROBABILITY_TOL)) > 1,
                    us_force_vs_aside=f_out,
                    us_extra_cost=extra,
                    us_value_loss=u_out - float(e.payoffs[0]),
                    russia_outlay=outlay,
                    cost_exchange_ratio=exchange_ratio(extra, outlay),
                    value_exchange_ratio=exchange_ratio(u_out - float(e.payoffs[0]), outlay),
                )
            )
        return PostureSolution(result.status, tuple(out), result.message)


def exchange_ratio(extra_cost: float, outlay: float) -> float | None:
    """extra_cost / outlay; None when Russia spends nothing at the margin (the ratio is
    unbounded if the US pays extra, undefined if neither pays)."""
    return extra_cost / outlay if outlay > 0 else None


# ------------------------------------------------------------- the cost-exchange region
@dataclass(frozen=True)
class BoxRange:
    """One input's plausible range and why."""

    low: float
    high: float
    why: str


#: The plausible box of :func:`cost_exchange_region` (posture game, docs/model.md defaults
#: otherwise).  ``join_value`` is R's net value of joining, w - kappa_R; ``readiness_cost``
#: the cost of the ladder's top level, the other levels keeping their share of it (the
#: default ladder: posture 0.4 of full readiness).
COST_EXCHANGE_BOX: dict[str, BoxRange] = {
    "stakes": BoxRange(
        1.5,
        3.0,
        "from just above V*(q = 0) = 1.22 to beyond V*(q = 1) = 2.42: where Russia could matter",
    ),
    "interoperability": BoxRange(0.3, 1.0, "2001-like cooperation to full interoperability"),
    "force_cost": BoxRange(0.1, 0.4, "half to twice the default 0.2 (Taiwan 2026: 0.3)"),
    "join_value": BoxRange(
        -0.2, 0.3, "joining costs Russia more than it gains directly (< 0) or less (> 0)"
    ),
    "readiness_cost": BoxRange(0.01, 0.2, "full readiness from 1% to 20% of T's defence"),
    "sunk_share": BoxRange(0.0, 0.95, "none to almost all of it paid by existing planning"),
    "third_party_loss": BoxRange(0.5, 2.0, "half to twice the default loss if T is defeated"),
}


MEASURES = ("cost_exchange_ratio", "value_exchange_ratio")


@dataclass(frozen=True)
class CostExchangeRegion:
    """Where the posture game's exchange ratios exceed each threshold.

    Keys of ``shares``, ``shares_given_mixed`` and ``regions`` are ``"<measure>>t"``
    (e.g. ``"cost_exchange_ratio>1"``).  ``shares``: share of the box's points where
    Russia mixes (the ambiguity is an equilibrium) and the ratio exceeds t;
    ``shares_given_mixed``: the same among the points where Russia mixes; ``regions``:
    a box of the inputs (PRIM peeling, Friedman & Fisher 1999) in which at least
    ``density`` of the points satisfy the condition, with its ``support`` and
    ``density``; ``quantiles``: the ratios' quantiles where Russia mixes;
    ``samples``: every point.
    """

    box: dict[str, BoxRange]
    n: int
    seed: int
    force_levels: tuple[float, ...]
    share_mixed: float
    shares: dict[str, float]
    shares_given_mixed: dict[str, float]
    regions: dict[str, dict[str, Any]]
    quantiles: dict[str, dict[str, float]]
    samples: tuple[dict[str, Any], ...] = field(repr=False, default=())

    def to_record(self) -> dict[str, Any]:
        return {
            "box": {k: [b.low, b.high, b.why] for k, b in self.box.items()},
            "n": self.n,
            "seed": self.seed,
            "force_levels": list(self.force_levels),
            "share_mixed": self.share_mixed,
            "shares": self.shares,
            "shares_given_mixed": self.shares_given_mixed,
            "regions": self.regions,
            "quantiles": self.quantiles,
        }


def posture_point(
    values: Mapping[str, float],
    params: Parameters | None = None,
    spec: PostureSpec | None = None,
    combat: Combat | None = None,
) -> PostureModel:
    """The posture model at one point of the box (names of :data:`COST_EXCHANGE_BOX`)."""
    params = params or Parameters()
    spec = spec or PostureSpec()
    own: dict[str, Any] = {}
    kept = {}
    for name, value in values.items():
        if name == "join_value":
            own["third_party_value"] = params.third_party_cost + float(value)
        elif name == "readiness_cost":  # the ladder's shape kept, its top cost set
            ladder = np.asarray(spec.readiness_cost, dtype=float)
            top = ladder.max()
            shape = ladder / top if top > 0 else np.asarray(spec.readiness, dtype=float)
            own["readiness_cost"] = tuple(float(v) for v in float(value) * shape)
        elif name == "sunk_share":
            own["sunk_share"] = float(value)
        else:
            kept[name] = float(value)
    params = replace(params, **kept)
    combat = combat or Combat(decisiveness=params.decisiveness)
    return PostureModel(params, combat, replace(spec, **own))


def _ratio_value(numerator: float, ratio: float | None) -> float:
    """A ratio as a number: +inf when Russia spends nothing and the US loses, NaN when
    neither side pays."""
    if ratio is not None:
        return ratio
    return np.inf if numerator > 0 else np.nan


def point_summary(solution: PostureSolution) -> dict[str, Any]:
    """One row per point: the equilibrium Russia mixes in with the lowest cost-exchange
    ratio (the least favourable to C6), else the first equilibrium."""
    mixed = [e for e in solution.equilibria if e.russia_mixes]
    chosen = mixed or list(solution.equilibria)
    if not chosen:
        return {
            "status": solution.status,
            "russia_mixes": False,
            "us_extra_cost": 0.0,
            "us_value_loss": 0.0,
            "cost_exchange_ratio": None,
            "value_exchange_ratio": None,
        }
    eq = min(chosen, key=lambda e: _ratio_value(e.us_extra_cost, e.cost_exchange_ratio))
    return {
        "status": solution.status,
        "equilibria": len(solution.equilibria),
        "russia_mixes": eq.russia_mixes,
        "russia_full_readiness": eq.russia_full_readiness,
        "us_operation": 1.0 - eq.us_force_mix.get("0", 0.0),
        "us_extra_cost": eq.us_extra_cost,
        "us_value_loss": eq.us_value_loss,
        "russia_outlay": eq.russia_outlay,
        "cost_exchange_ratio": eq.cost_exchange_ratio,
        "value_exchange_ratio": eq.value_exchange_ratio,
    }


def cost_exchange_region(
    box: Mapping[str, BoxRange] | None = None,
    n: int = 256,
    seed: int = 0,
    thresholds: tuple[float, ...] = (1.0, 10.0),
    params: Parameters | None = None,
    spec: PostureSpec | None = None,
    density: float = 0.9,
) -> CostExchangeRegion:
    """Sample the box (scrambled Sobol' points, ``seed``) and solve the posture game at each.

    Returns, for both ratios and each threshold, the share of the box where Russia mixes
    and the ratio exceeds the threshold, the same share among the points where Russia
    mixes, a PRIM box, the ratios' quantiles and every sampled point.  Inputs outside the
    box are ``params`` (docs/model.md defaults) and ``spec`` (:class:`PostureSpec`
    defaults with :data:`FINE_FORCE_LEVELS`).
    """
    from scipy.stats import qmc

    box = dict(COST_EXCHANGE_BOX if box is None else box)
    spec = spec or PostureSpec(force_levels=FINE_FORCE_LEVELS)
    names = list(box)
    sampler = qmc.Sobol(len(names), scramble=True, seed=seed)
    unit = sampler.random(n)
    lows = np.array([box[k].low for k in names])
    highs = np.array([box[k].high for k in names])
    points = lows + unit * (highs - lows)
    samples = []
    for row in points:
        values = dict(zip(names, (float(v) for v in row), strict=True))
        with np.errstate(all="ignore"):
            solution = posture_point(values, params, spec).solve()
        samples.append({**values, **point_summary(solution)})
    mixed = np.array([bool(s["russia_mixes"]) for s in samples])
    shares, given, regions, quantiles = {}, {}, {}, {}
    for measure, numerator in zip(MEASURES, ("us_extra_cost", "us_value_loss"), strict=True):
        ratio = np.array([_ratio_value(s[numerator], s[measure]) for s in samples])
        for t in thresholds:
            key = f"{measure}>{t:g}"
            hit = mixed & (ratio > t)
            shares[key] = float(hit.mean())
            given[key] = float(hit[mixed].mean()) if mixed.any() else float("nan")
            regions[key] = prim_box(points, hit, names, density=density)
        finite = ratio[mixed & np.isfinite(ratio)]
        quantiles[measure] = (
            {f"q{round(100 * q)}": float(np.quantile(finite, q)) for q in (0.1, 0.5, 0.9)}
            if finite.size
            else {}
        )
    return CostExchangeRegion(
        box,
        n,
        seed,
        tuple(spec.force_levels),
        float(mixed.mean()),
        shares,
        given,
        regions,
        quantiles,
        tuple(samples),
    )


def prim_box(
    x: np.ndarray,
    hit: np.ndarray,
    names: list[str],
    alpha: float = 0.05,
    min_support: float = 0.05,
    density: float = 0.9,
) -> dict[str, Any]:
    """Patient rule induction (Friedman & Fisher 1999), peeling only.

    Steps: start from every point; remove the share ``alpha`` of the points inside at the
    low or the high end of one input, whichever raises the share of hits inside most;
    repeat until the box holds fewer than ``min_support`` of the points.  Returns the
    largest box on that path whose density (share of hits inside) reaches ``density``,
    else the densest: ``{"ranges": {name: [lo, hi]}, "support": ..., "density": ...}``,
    listing only the inputs it cuts.
    """
    n, d = x.shape
    inside = np.ones(n, dtype=bool)
    lows, highs = x.min(axis=0).copy(), x.max(axis=0).copy()
    path = [(inside.copy(), lows.copy(), highs.copy())]
    while inside.sum() > max(min_support * n, 1):
        best, best_density = None, -1.0
        for j in range(d):
            values = x[inside, j]
            for side, q in (("low", alpha), ("high", 1 - alpha)):
                cut = float(np.quantile(values, q))
                keep = inside & (x[:, j] >= cut if side == "low" else x[:, j] <= cut)
                if keep.sum() in (0, inside.sum()):
                    continue
                dens = hit[keep].mean()
                if dens > best_density:
                    best, best_density = (keep, j, side, cut), dens
        if best is None:
            break
        inside, j, side, cut = best
        if side == "low":
            lows[j] = cut
        else:
            highs[j] = cut
        path.append((inside.copy(), lows.copy(), highs.copy()))
    densities = [float(hit[b].mean()) if b.any() else 0.0 for b, _, _ in path]
    good = [k for k, v in enumerate(densities) if v >= density]
    k = good[0] if good else int(np.argmax(densities))
    chosen, lo, hi = path[k]
    full_lo, full_hi = x.min(axis=0), x.max(axis=0)
    ranges = {
        name: [float(lo[j]), float(hi[j])]
        for j, name in enumerate(names)
        if lo[j] > full_lo[j] or hi[j] < full_hi[j]
    }
    return {"ranges": ranges, "support": float(chosen.mean()), "density": densities[k]}
