"""Uncertainty bands for a single run: the config's ``[uncertainty]`` section.

```toml
[uncertainty]
samples = 2000                     # draws (default 1000)
seed = 3                           # default 0
"parameters.intervention_war_cost" = { uniform = [0.8, 1.6] }     # [lo, hi]
"parameters.decisiveness" = { triangular = [1.0, 1.5, 2.5] }      # [lo, mode, hi]
"parameters.force_cost" = { normal = [0.3, 0.05] }                # [mean, sd]
"parameters.war_cost" = { lognormal = [-0.7, 0.3] }               # [mu, sigma] of log x
"parameters.success_target" = { beta = [8.0, 2.0] }               # [a, b] on [0, 1]
"belief.q_mid" = { beta = [4.0, 4.0, 0.3, 0.6] }                  # [a, b, lo, hi]
```

Each marked key (any numeric key a sweep may vary) gets a distribution from
``scipy.stats``; the draws are a Latin hypercube (McKay, Beckman & Conover
1979) pushed through each marginal's quantile function, seeded with ``seed``,
so the keys are independent.  Every draw is solved by the family's batch
solver (the path of a sweep); a draw outside a key's allowed values (a
normal's tail below 0, k_I < k_N) is an ``invalid`` point, counted and left
out.  Each numeric output is reported as its median and 5-95% interval over
the draws where it exists, beside the config's own (point) value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from deterrence.runs.sweeps.points import adapter

SETTINGS = ("samples", "seed")
DEFAULT_SAMPLES = 1000
MAX_SAMPLES = 1_000_000
QUANTILES = {"p05": 0.05, "median": 0.5, "p95": 0.95}
# name -> (number of arguments allowed, what they are)
DISTRIBUTIONS = {
    "uniform": ((2,), "[lo, hi] with lo < hi"),
    "triangular": ((3,), "[lo, mode, hi] with lo <= mode <= hi and lo < hi"),
    "normal": ((2,), "[mean, sd] with sd > 0"),
    "lognormal": ((2,), "[mu, sigma], the mean and sd of log x, with sigma > 0"),
    "beta": ((2, 4), "[a, b] or [a, b, lo, hi] with a, b > 0 and lo < hi"),
}


@dataclass(frozen=True)
class Marginal:
    """One uncertain key: its distribution's name and arguments, as scipy.stats frozen."""

    key: str
    name: str
    args: tuple[float, ...]

    def frozen(self):
        from scipy import stats

        a = self.args
        if self.name == "uniform":
            return stats.uniform(loc=a[0], scale=a[1] - a[0])
        if self.name == "triangular":
            return stats.triang((a[1] - a[0]) / (a[2] - a[0]), loc=a[0], scale=a[2] - a[0])
        if self.name == "normal":
            return stats.norm(loc=a[0], scale=a[1])
        if self.name == "lognormal":
            return stats.lognorm(a[1], scale=math.exp(a[0]))
        lo, hi = (a[2], a[3]) if len(a) == 4 else (0.0, 1.0)
        return stats.beta(a[0], a[1], loc=lo, scale=hi - lo)

    def support(self) -> tuple[float, float]:
        lo, hi = self.frozen().support()
        return float(lo), float(hi)

    def to_record(self) -> dict[str, list[float]]:
        return {self.name: list(self.args)}


@dataclass(frozen=True)
class UncertaintySpec:
    samples: int
    seed: int
    marginals: tuple[Marginal, ...]

    def draws(self) -> dict[str, np.ndarray]:
        """``samples`` draws of every key: a Latin hypercube through each quantile function."""
        from scipy.stats import qmc

        rng = np.random.default_rng(self.seed)
        unit = qmc.LatinHypercube(len(self.marginals), rng=rng).random(self.samples)
        return {m.key: m.frozen().ppf(unit[:, j]) for j, m in enumerate(self.marginals)}

    def to_record(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "seed": self.seed,
            "distributions": {m.key: m.to_record() for m in self.marginals},
            "sampling": "Latin hypercube through each marginal's quantile function",
        }


@dataclass(frozen=True)
class Bands:
    """Each numeric output's median and 5-95% interval over the draws."""

    spec: UncertaintySpec
    outputs: dict[str, dict[str, float | None]]
    values: dict[str, np.ndarray] = field(repr=False)
    status_counts: dict[str, int] = field(default_factory=dict)
    first_invalid: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            **self.spec.to_record(),
            "points": self.status_counts,
            "outputs": self.outputs,
        }


# ------------------------------------------------------------------------ checking
def parse_uncertainty(config) -> UncertaintySpec | None:
    """The config's ``[uncertainty]`` table checked; None if it has none."""
    raw = config.uncertainty
    if raw is None:
        return None
    if not config.family.sweepable:
        raise config.fail(
            "uncertainty", f"model {config.name!r} is solved whole; bands are for scenario models"
        )
    from deterrence.runs.sweeps.design import _SweepChecker

    check = _SweepChecker(config)
    samples = raw.get("samples", DEFAULT_SAMPLES)
    if not (_is_int(samples) and 1 <= samples <= MAX_SAMPLES):
        raise config.fail(
            "uncertainty.samples", f"got {samples!r}; must be an integer in [1, {MAX_SAMPLES:,}]"
        )
    seed = raw.get("seed", 0)
    if not (_is_int(seed) and seed >= 0):
        raise config.fail("uncertainty.seed", f"got {seed!r}; must be an integer >= 0")
    keys = [k for k in raw if k not in SETTINGS]
    if not keys:
        raise config.fail("uncertainty", "marks no parameter as uncertain")
    allowed = [
        k
        for k in check.batch.sweep_keys()
        if k not in getattr(check.batch, "categorical", ()) and k not in check.batch.set_keys
    ]
    marginals = tuple(_marginal(config, check, key, raw[key], allowed) for key in keys)
    return UncertaintySpec(samples, seed, marginals)


def _marginal(config, check, key: str, spec: Any, allowed: list[str]) -> Marginal:
    where = f"uncertainty.{key}"
    if key not in allowed:
        from deterrence.models.schema import suggest

        raise config.fail(where, f"not a numeric input; {suggest(key, [*SETTINGS, *allowed])}")
    names = ", ".join(f"{{ {n} = {d[1].split(' with')[0]} }}" for n, d in DISTRIBUTIONS.items())
    if not (isinstance(spec, dict) and len(spec) == 1 and next(iter(spec)) in DISTRIBUTIONS):
        raise config.fail(where, f"got {spec!r}; must be one of {names}")
    name, args = next(iter(spec.items()))
    counts, text = DISTRIBUTIONS[name]
    if not (
        isinstance(args, list)
        and len(args) in counts
        and all(_is_number(a) and math.isfinite(a) for a in args)
    ):
        raise config.fail(where, f"{name} takes {text}; got {args!r}")
    a = tuple(float(v) for v in args)
    valid = {
        "uniform": lambda: a[0] < a[1],
        "triangular": lambda: a[0] <= a[1] <= a[2] and a[0] < a[2],
        "normal": lambda: a[1] > 0,
        "lognormal": lambda: a[1] > 0,
        "beta": lambda: a[0] > 0 and a[1] > 0 and (len(a) == 2 or a[2] < a[3]),
    }[name]()
    if not valid:
        raise config.fail(where, f"{name} takes {text}; got {list(args)}")
    marginal = Marginal(key, name, a)
    for end in marginal.support():  # a bounded support must lie within the key's values
        if math.isfinite(end):
            check.check_value("uncertainty", key, end)
    return marginal


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# ------------------------------------------------------------------------ solving
def solve_bands(config, spec: UncertaintySpec) -> Bands:
    """Solve every draw with the family's batch solver; each output's median and 5-95%."""
    batch = adapter(config.name)
    draws = spec.draws()
    swept: dict[str, np.ndarray] = {}
    for key, column in draws.items():
        swept.update(batch.sampled(key, column) if key in batch.set_keys else {key: column})
    base = batch.base_inputs(config.resolved)
    cols = batch.point_inputs(base, swept, spec.samples)
    solved = batch.solve_points(cols, batch.validate(cols))
    status = np.asarray(solved["status"], dtype=str)
    names, counts = np.unique(status, return_counts=True)
    flags = set(getattr(batch, "bool_outputs", ()))
    values, outputs = {}, {}
    for name in batch.output_names:
        if name in flags:
            continue
        v = np.asarray(solved[name], dtype=float)
        v = np.where(status == "ok", v, np.nan)
        values[name] = v
        outputs[name] = summarise(v)
    bad = np.flatnonzero(status != "ok")
    first = str(solved["message"][bad[0]]) if bad.size else None
    counts_map = {str(k): int(n) for k, n in zip(names, counts, strict=True)}
    return Bands(spec, outputs, values, counts_map, first)


def summarise(values: np.ndarray) -> dict[str, float | None]:
    """Median and 5-95% interval of the finite values, and how many there were."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return {"median": None, "p05": None, "p95": None, "n": 0}
    q = np.quantile(finite, list(QUANTILES.values()))
    return {**{k: float(x) for k, x in zip(QUANTILES, q, strict=True)}, "n": int(finite.size)}
