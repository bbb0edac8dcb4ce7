r"""The force grid's rule: nodes in u = ln F at the finest scale present (no Numba).

The value of attacking varies in u on three scales (docs/model.md, "Batch solving"):

* the cost's, c e^u against k + c e^u: a unit of u; the grid is also never coarser
  than 96 points over the force range, so h0 = min(1/2, (ln F_max - ln F_lo)/95);
* the combat's transitions, x = (u - c_s)/w for s = N, I (contest: c = ln D, w = 1/m;
  Lanchester: c = ln D - ln(rho)/a, w = sigma/a): two cells per width w within
  X w of each centre, where X bounds the tail beyond which the combat's slope
  cannot outweigh the marginal cost (contest p' <= e^{-|x|}/w: X = ln(B/w) + 40;
  Lanchester phi(x) <= e^{-x^2/2}: X = sqrt(2 (ln(B/w) + 40)); B = (V + k_I + c F_max
  + 1)/(c F_lo), times 1 + W/sd in endogenous mode, bounds payoff over marginal cost);
* R's switch in endogenous mode: q(u; mu) = Phi((mu + L(u))/sd), L(u) = W d(u) - kappa,
  turns from 0 to 1 where L is within Z sd of -mu (Z = sqrt(2 (ln B + 40))); there
  cells are sd/(2 W d'_max) (d'_max = g_max/w >= |d'|, g_max = 1/4 or 1/sqrt(2 pi)).

Outside a zone a step is never longer than the distance to it (in L, over W d'_max),
and never shorter than H_FLOOR = 1e-11: a transition narrower than that is a step in
floating point, and the nodes straddle it, so the answers tend to the step limit.
``walk`` is the reference implementation (the scalar path); ``kernel_base.next_node``
and ``kernel_setup.set_point`` compile the same rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

CELLS_PER_WIDTH = 2.0  # grid cells across a transition's width
REFERENCE_GRID = 96  # never coarser than this many points over the force range
COST_STEP = 0.5  # two cells per unit of ln F
H_FLOOR = 1e-11  # no grid step below this (in ln F): narrower transitions are steps
TAIL_MARGIN = 40.0  # ln of the ratio below which a tail's slope is negligible
MAX_NODES = 20_000  # a grid needing more nodes is unresolved
LINK_PEAK = {"contest": 0.25, "lanchester": 1.0 / math.sqrt(2.0 * math.pi)}


class UnresolvedGrid(ValueError):
    """The point's force grid would need more than MAX_NODES nodes."""


@dataclass(frozen=True)
class GridRule:
    """The scales of one scalar point (module docstring)."""

    h0: float
    centres: tuple[float, float]
    width: float
    fine: float  # the combat zones' step
    reach: float  # the zones' half-width in u
    switch: float = math.inf  # the switch bands' step (endogenous mode)
    band_half: float = 0.0
    slope_bound: float = 0.0  # W d'_max
    bands: tuple[float, ...] = ()

    def step(self, u: float, level: float = math.nan) -> float:
        """The step from node u (``level`` = L(u) in endogenous mode)."""
        h = self.h0
        if self.fine < h:
            ahead, inside = math.inf, False
            for centre in self.centres:
                if centre - self.reach <= u <= centre + self.reach:
                    inside = True
                elif centre - self.reach > u:
                    ahead = min(ahead, centre - self.reach - u)
            h = self.fine if inside else min(h, max(self.fine, ahead))
        if self.switch < h and level == level and self.bands:
            gap = min(max(0.0, abs(level - c) - self.band_half) for c in self.bands)
            h = min(h, max(self.switch, gap / self.slope_bound))
        return h


def rule(model, priors: tuple[float, ...] = ()) -> GridRule:
    """The grid rule of a scalar model; ``priors``: the means of R's resolve whose
    switches the criterion weighs (endogenous mode)."""
    p, c, b = model.params, model.combat, model.belief
    lo, hi = (float(np.log(x[0])) for x in model.force_bounds)
    log_dn = math.log(p.target_strength)
    shift = math.log1p(p.interoperability * p.third_party_strength / p.target_strength)
    if c.name == "contest":
        width, centre, family = 1.0 / c.decisiveness, log_dn, "contest"
    else:
        a = 2.0 if c.name == "lanchester_square" else 1.0
        width = c.effectiveness_noise / a
        centre, family = log_dn - math.log(c.effectiveness_ratio) / a, "lanchester"
    fine = max(width / CELLS_PER_WIDTH, H_FLOOR)
    log_b = (
        math.log(p.stakes + p.intervention_war_cost + p.force_cost * p.max_force + 1.0)
        - math.log(p.force_cost)
        - lo
    )
    endogenous = b.mode == "endogenous"
    if endogenous:
        log_b += math.log1p(p.third_party_loss / b.sd)
    tail = max(log_b - math.log(width), 0.0) + TAIL_MARGIN
    reach = tail if family == "contest" else math.sqrt(2.0 * tail)
    grid = GridRule(
        h0=min(COST_STEP, (hi - lo) / (REFERENCE_GRID - 1)),
        centres=(centre, centre + shift),
        width=width,
        fine=fine,
        reach=max(reach * width, 2.0 * fine),
    )
    slope = p.third_party_loss * LINK_PEAK[family] / width if endogenous else 0.0
    if slope > 0:  # (a W so small that the slope underflows to 0: R never switches)
        grid = GridRule(
            **{
                **grid.__dict__,
                "switch": max(b.sd / (2.0 * slope), H_FLOOR),
                "band_half": math.sqrt(2.0 * (max(log_b, 0.0) + TAIL_MARGIN)) * b.sd,
                "slope_bound": slope,
                "bands": tuple(-float(mu) for mu in priors),
            }
        )
    return grid


def walk(grid: GridRule, a: float, b: float, level=None) -> np.ndarray:
    """Nodes from a to b (both included); ``level(u)`` gives L(u) in endogenous mode."""
    nodes = [a]
    u = a
    while u < b:
        u = min(u + grid.step(u, level(u) if level is not None else math.nan), b)
        nodes.append(u)
        if len(nodes) > MAX_NODES:
            raise UnresolvedGrid(
                f"the force grid would need more than {MAX_NODES} nodes "
                "(combat or R's switch too steep for the force range)"
            )
    return np.array(nodes)
