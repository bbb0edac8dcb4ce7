"""The ``[sweep]`` section: which points of the parameter space a sweep solves.

```toml
[sweep]
design = "grid"                       # grid | random | lhs | sobol | saltelli | morris
chunk_size = 10000                    # points per chunk (also --chunk-size)
[sweep.axes]                          # grid: a full factorial of the axes
"belief.q_width" = { linspace = [0.0, 0.6, 31] }
"criterion.name" = ["expected", "maxmin"]
```

```toml
[sweep]
design = "lhs"                        # random | lhs | sobol (scipy.stats.qmc)
n = 100000
seed = 7
[sweep.ranges]                        # sampled uniformly (random) or space-filling (lhs, sobol)
"parameters.stakes" = [1.0, 6.0]
"belief.q_mid" = [0.1, 0.9]
[sweep.axes]                          # optional: every sample is solved at every combination
"criterion.name" = ["expected", "maxmin"]
```

```toml
[sweep]
design = "saltelli"                   # Sobol' indices (deterrence analyze --method sobol)
n = 1024                              # base samples, a power of 2: n x (2d + 2) points
second_order = true                   # false: n x (d + 2) points, no S2
seed = 7
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
```

```toml
[sweep]
design = "morris"                     # elementary effects (deterrence analyze --method morris)
n = 50                                # trajectories: n x (d + 1) points
levels = 4                            # grid levels of each range (even, >= 2)
seed = 7
[sweep.ranges]
"parameters.stakes" = [1.0, 6.0]
```

Axis keys are the dotted keys of ``--set`` plus ``belief.q_mid`` and
``belief.q_width`` (an exogenous interval's midpoint and width) and
``belief.resolve_mean_mid`` and ``belief.resolve_mean_width`` (the same for
the endogenous mean), so that "more ambiguity around the same mean" is one
axis.  An axis is a list of values, ``{ linspace = [start, stop, num] }`` or
``{ logspace = [start, stop, num] }`` (as numpy: 10**start ... 10**stop).

Points are numbered 0..N-1.  Grid point i is the row-major multi-index of
the axes; in a sampled design point i is sample i // A at combination i % A
of the A axis combinations.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from deterrence.models.schema import suggest
from deterrence.runs.config import Config, build
from deterrence.runs.errors import ConfigError
from deterrence.runs.sweeps.points import adapter

DESIGNS = ("grid", "random", "lhs", "sobol", "saltelli", "morris")
ANALYSIS_DESIGNS = ("saltelli", "morris")  # drawn with SALib's samplers for its analysers
SWEEP_KEYS = ("design", "axes", "ranges", "n", "seed", "chunk_size", "second_order", "levels")
DEFAULT_LEVELS = 4
DEFAULT_CHUNK = 10_000
MAX_AXIS = 10_000_000  # values of one linspace/logspace axis
MAX_CHUNK = 1_000_000  # a chunk's rows are held in memory (about 0.3 KB a point)
MAX_SAMPLE_VALUES = 50_000_000  # n x ranges of a sampled design (400 MB of unit samples)
MAX_POINTS = 1_000_000_000  # points of one sweep (about 40 GB of Parquet): split a larger one


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep design.

    ``axes`` maps a key to its list of values (crossed as a full factorial);
    ``ranges`` maps a numeric key to [lo, hi] (sampled designs only).
    ``second_order`` (saltelli) and ``levels`` (morris) are the analysis
    designs' settings; ``n`` is then the base samples or trajectories.
    """

    design: str
    axes: dict[str, list[Any]]
    ranges: dict[str, tuple[float, float]]
    n: int
    seed: int | None
    chunk_size: int
    family: str = "intervention"
    second_order: bool = False
    levels: int = DEFAULT_LEVELS

    @property
    def combinations(self) -> int:
        return math.prod(len(v) for v in self.axes.values())

    @property
    def samples(self) -> int:
        """Rows of the design (1 for a grid): n, or SALib's n x (2d + 2), n x (d + 2)
        (saltelli, with and without second order) or n x (d + 1) (morris)."""
        d = len(self.ranges)
        if self.design == "grid":
            return 1
        if self.design == "saltelli":
            return self.n * (2 * d + 2 if self.second_order else d + 2)
        if self.design == "morris":
            return self.n * (d + 1)
        return self.n

    @property
    def size(self) -> int:
        """Number of points N."""
        return self.samples * self.combinations

    def settings(self) -> dict[str, Any]:
        """The analysis designs' own settings (empty for the others), for the manifest."""
        if self.design == "saltelli":
            return {"second_order": self.second_order}
        if self.design == "morris":
            return {"levels": self.levels}
        return {}

    @property
    def n_chunks(self) -> int:
        return -(-self.size // self.chunk_size)

    def chunk_bounds(self, k: int) -> tuple[int, int]:
        return k * self.chunk_size, min((k + 1) * self.chunk_size, self.size)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.family,
            "design": self.design,
            "axes": self.axes,
            "ranges": {k: list(v) for k, v in self.ranges.items()},
            "n": self.n if self.design != "grid" else None,
            "seed": self.seed,
            **self.settings(),
            "chunk_size": self.chunk_size,
            "points": self.size,
            "chunks": self.n_chunks,
        }

    def unit_samples(self) -> np.ndarray | None:
        """The design's unit-cube samples, shape (samples, d), or None for a grid.

        random: numpy's PCG64 from ``seed``; lhs: Latin hypercube (McKay,
        Beckman & Conover 1979) and sobol: scrambled Sobol' (Owen 1998), both
        from ``scipy.stats.qmc`` seeded with ``seed``; saltelli and morris:
        SALib's samplers (Herman & Usher 2017) over the unit cube, seeded with
        ``seed``: Saltelli's (2002, 2010) cross-sampling of a scrambled Sobol'
        sequence, and Morris (1991) trajectories on a ``levels`` grid.
        """
        if self.design == "grid":
            return None
        d = len(self.ranges)
        if self.design in ANALYSIS_DESIGNS:
            return _salib_samples(self, d)
        rng = np.random.default_rng(self.seed)
        if self.design == "random":
            return rng.random((self.n, d))
        from scipy.stats import qmc

        if self.design == "lhs":
            return qmc.LatinHypercube(d, rng=rng).random(self.n)
        with warnings.catch_warnings():  # Sobol' balance needs n = 2^k; other n are allowed
            warnings.simplefilter("ignore", UserWarning)
            return qmc.Sobol(d, scramble=True, rng=rng).random(self.n)

    def columns(
        self, start: int, stop: int, unit: np.ndarray | None, batch=None
    ) -> dict[str, np.ndarray]:
        """The swept keys' values for points start..stop-1.

        ``unit`` holds the unit samples of those points' samples (sampled
        designs), i.e. rows ``start // A .. (stop - 1) // A`` of
        :meth:`unit_samples`.
        """
        batch = batch or adapter(self.family)
        index = np.arange(start, stop)
        combos = self.combinations
        shape = [len(v) for v in self.axes.values()]
        combo = index if self.design == "grid" else index % combos
        out: dict[str, np.ndarray] = {}
        if self.axes:
            positions = np.unravel_index(combo, shape)
            for (key, values), pos in zip(self.axes.items(), positions, strict=True):
                if key in batch.set_keys:  # a set of priors: expand each axis value once
                    expanded = [batch.expand(key, v) for v in values]
                    for col in expanded[0]:
                        out[col] = np.array([e[col] for e in expanded], dtype=float)[pos]
                else:
                    out[key] = _as_column(values)[pos]
        if self.design != "grid":
            sample = index // combos - start // combos
            for j, (key, (lo, hi)) in enumerate(self.ranges.items()):
                column = lo + unit[sample, j] * (hi - lo)
                if key in batch.set_keys:  # a sampled number is a point set
                    out.update(batch.sampled(key, column))
                else:
                    out[key] = column
        return out


def _salib_samples(spec: SweepSpec, d: int) -> np.ndarray:
    """SALib's Saltelli or Morris design over the unit cube, in SALib's row order
    (its analysers read the outputs in that order)."""
    problem = {"num_vars": d, "names": [f"x{j}" for j in range(d)], "bounds": [[0.0, 1.0]] * d}
    if spec.design == "saltelli":
        from SALib.sample import sobol as saltelli

        return saltelli.sample(
            problem, spec.n, calc_second_order=spec.second_order, seed=spec.seed
        )
    from SALib.sample import morris

    return morris.sample(problem, spec.n, num_levels=spec.levels, seed=spec.seed)


def _as_column(values: list[Any]) -> np.ndarray:
    """A numpy column for an axis: float when every value is a number, else object."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=float)
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


# ------------------------------------------------------------------------------ parsing
class _SweepChecker:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.batch = adapter(config.name)

    def fail(self, key: str, message: str) -> ConfigError:
        source = self.config.origin.get(key, self.config.source)
        return ConfigError(source, key, message)

    def key(self, where: str, key: Any) -> str:
        allowed = self.batch.sweep_keys()
        if not isinstance(key, str) or key not in allowed:
            raise self.fail(f"{where}.{key}", f"unknown parameter; {suggest(str(key), allowed)}")
        return key

    def check_value(self, where: str, key: str, value: Any) -> None:
        """Check one value of an axis by building the base config with it."""
        if key in self.batch.derived_axes:
            if not _is_number(value):
                raise self.fail(f"{where}.{key}", f"got {value!r}; must be a number")
            return
        section, name = key.split(".", 1)
        try:
            build(self.config_raw(), self.config.source, [(section, name, value)])
        except ConfigError as err:
            if err.key == key:  # a clash with another key (k_I >= k_N) is judged per point
                raise self.fail(f"{where}.{key}", f"value {value!r}: {err.message}") from None

    def config_raw(self) -> dict[str, Any]:
        return {s: dict(v) for s, v in self.config.resolved.items()}

    def axis(self, key: str, spec: Any) -> list[Any]:
        where = "sweep.axes"
        if isinstance(spec, dict):
            if len(spec) != 1 or next(iter(spec)) not in ("linspace", "logspace"):
                raise self.fail(
                    f"{where}.{key}",
                    "a table must be { linspace = [start, stop, "
                    "num] } or { logspace = [start, stop, num] }",
                )
            kind, args = next(iter(spec.items()))
            ok = (
                isinstance(args, list)
                and len(args) == 3
                and all(map(_is_number, args))
                and isinstance(args[2], int)
                and 1 <= args[2] <= MAX_AXIS
            )
            if not ok:
                raise self.fail(
                    f"{where}.{key}",
                    f"{kind} needs [start, stop, num] with an integer num in [1, {MAX_AXIS:,}]",
                )
            values = getattr(np, kind)(float(args[0]), float(args[1]), int(args[2])).tolist()
        elif isinstance(spec, list):
            values = spec
        else:
            raise self.fail(
                f"{where}.{key}",
                "an axis is a list of values, { linspace = [...] } or { logspace = [...] }",
            )
        if not values:
            raise self.fail(f"{where}.{key}", "empty axis: give at least one value")
        numbers = [v for v in values if _is_number(v)]
        if len(numbers) == len(values):
            # every allowed range is an interval: its extremes (and finiteness) settle it
            array = np.asarray(values, dtype=float)
            if not np.all(np.isfinite(array)):
                raise self.fail(f"{where}.{key}", "values must be finite numbers")
            for value in {float(array.min()), float(array.max())}:
                self.check_value(where, key, value)
        else:
            for value in values:
                self.check_value(where, key, value)
        return values

    def range(self, key: str, spec: Any) -> tuple[float, float]:
        where = "sweep.ranges"
        if key in getattr(self.batch, "categorical", ()):
            raise self.fail(
                f"{where}.{key}",
                "a categorical key cannot be sampled; list its values under [sweep.axes]",
            )
        if not (
            isinstance(spec, list)
            and len(spec) == 2
            and all(map(_is_number, spec))
            and all(math.isfinite(v) for v in spec)
        ):
            raise self.fail(f"{where}.{key}", f"got {spec!r}; must be [lo, hi] of finite numbers")
        lo, hi = float(spec[0]), float(spec[1])
        if lo > hi:
            raise self.fail(f"{where}.{key}", f"got [{lo}, {hi}]: bounds reversed (need lo <= hi)")
        if lo == hi and self.config.sweep.get("design") in ANALYSIS_DESIGNS:
            raise self.fail(
                f"{where}.{key}",
                f"got [{lo}, {hi}]: a sensitivity design needs lo < hi (fix the value "
                "in the config instead)",
            )
        for value in (lo, hi):
            self.check_value(where, key, value)
        return lo, hi


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _declared_length(spec: Any) -> int:
    """The number of values an axis declares, read before any value is made."""
    if isinstance(spec, dict) and len(spec) == 1:
        args = next(iter(spec.values()))
        if isinstance(args, list) and len(args) == 3 and isinstance(args[2], int):
            return max(args[2], 1)
    return len(spec) if isinstance(spec, list) else 1


def _check_declared_size(check: _SweepChecker, design: str, axes: dict, n: Any) -> None:
    """Refuse a design of more than MAX_POINTS points before its axes are made."""
    size = math.prod(_declared_length(v) for v in axes.values())
    if design != "grid" and isinstance(n, int) and n > 0:
        size *= n
    if size > MAX_POINTS:
        raise check.fail(
            "sweep",
            f"the design has {size:,} points; at most {MAX_POINTS:,} in one sweep: split it",
        )


def parse_sweep(config: Config, chunk_size: int | None = None) -> SweepSpec:
    """Validate the config's [sweep] section; ConfigError names the key at fault."""
    if not config.family.sweepable:
        from deterrence.models.registry import FAMILIES

        can = ", ".join(name for name, fam in FAMILIES.items() if fam.sweepable)
        raise ConfigError(
            config.source,
            "model.name",
            f"model {config.name!r} cannot be swept (models that can: {can})",
        )
    check = _SweepChecker(config)
    raw = config.sweep
    if raw is None:
        raise ConfigError(config.source, "sweep", "the config has no [sweep] section")
    for key in raw:
        if key not in SWEEP_KEYS:
            raise check.fail(f"sweep.{key}", suggest(key, list(SWEEP_KEYS)))
    design = raw.get("design", "grid")
    if design not in DESIGNS:
        raise check.fail("sweep.design", f"got {design!r}; allowed: {', '.join(DESIGNS)}")
    axes_raw, ranges_raw = raw.get("axes", {}), raw.get("ranges", {})
    for name, table in (("axes", axes_raw), ("ranges", ranges_raw)):
        if not isinstance(table, dict):
            raise check.fail(f"sweep.{name}", f"must be a table [sweep.{name}]")
    _check_declared_size(check, design, axes_raw, raw.get("n"))
    axes = {check.key("sweep.axes", k): check.axis(k, v) for k, v in axes_raw.items()}
    ranges = {check.key("sweep.ranges", k): check.range(k, v) for k, v in ranges_raw.items()}
    clash = set(axes) & set(ranges)
    if clash:
        key = sorted(clash)[0]
        raise check.fail(f"sweep.ranges.{key}", "is also an axis; give it in one place")
    if design == "grid":
        if ranges:
            raise check.fail(
                "sweep.ranges",
                "ranges are for sampled designs (random, lhs, sobol, saltelli, morris); "
                "a grid takes [sweep.axes]",
            )
        if not axes:
            raise check.fail("sweep.axes", "a grid needs at least one axis")
        n, seed = 1, raw.get("seed")
    else:
        if not ranges:
            raise check.fail("sweep.ranges", f"design {design!r} needs at least one range")
        n = raw.get("n")
        if not (isinstance(n, int) and not isinstance(n, bool) and n > 0):
            raise check.fail("sweep.n", f"got {n!r}; must be an integer > 0")
        seed = raw.get("seed", 0)
    settings = _analysis_settings(check, raw, design, n, len(ranges))
    if design != "grid":
        rows = SweepSpec(design, {}, ranges, n, None, 1, **settings).samples
        if rows * len(ranges) > MAX_SAMPLE_VALUES:  # the design is held in memory (and on disk)
            raise check.fail(
                "sweep.n",
                f"got {n}: {rows:,} samples of {len(ranges)} ranges; at most "
                f"{MAX_SAMPLE_VALUES:,} values in one design; split the sweep",
            )
    if seed is not None and not (
        isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0
    ):
        raise check.fail("sweep.seed", f"got {seed!r}; must be an integer >= 0")
    size = raw.get("chunk_size", DEFAULT_CHUNK) if chunk_size is None else chunk_size
    if not (isinstance(size, int) and not isinstance(size, bool) and 0 < size <= MAX_CHUNK):
        key = "sweep.chunk_size" if chunk_size is None else "--chunk-size"
        raise check.fail(key, f"got {size!r}; must be an integer in [1, {MAX_CHUNK:,}]")
    return SweepSpec(design, axes, ranges, n, seed, size, config.name, **settings)


def _analysis_settings(
    check: _SweepChecker, raw: dict[str, Any], design: str, n: int, d: int
) -> dict[str, Any]:
    """``second_order`` (saltelli) and ``levels`` (morris), checked; n a power of 2 for saltelli."""
    for key, owner in (("second_order", "saltelli"), ("levels", "morris")):
        if key in raw and design != owner:
            raise check.fail(f"sweep.{key}", f"is a setting of design = {owner!r} only")
    if design == "saltelli":
        if n & (n - 1):
            raise check.fail(
                "sweep.n",
                f"got {n}; the Saltelli design needs a power of 2 base samples "
                "(e.g. 512, 1024, 4096) for the Sobol' sequence's balance",
            )
        second = raw.get("second_order", False)
        if not isinstance(second, bool):
            raise check.fail("sweep.second_order", f"got {second!r}; must be true or false")
        return {"second_order": second}
    if design == "morris":
        levels = raw.get("levels", DEFAULT_LEVELS)
        ok = isinstance(levels, int) and not isinstance(levels, bool) and levels >= 2
        if not ok or levels % 2:
            raise check.fail("sweep.levels", f"got {levels!r}; must be an even integer >= 2")
        if n < 2:
            raise check.fail("sweep.n", f"got {n}; Morris needs at least 2 trajectories")
        return {"levels": levels}
    return {}
