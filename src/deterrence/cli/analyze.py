"""``deterrence analyze``: global sensitivity indices of a sweep's outputs (SALib)."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from deterrence.cli.common import positive_int

METHODS = ("sobol", "morris", "delta")
COLUMNS = {
    "sobol": (("S1", "S1_conf"), ("ST", "ST_conf")),
    "morris": (("mu_star", "mu_star_conf"), ("sigma", None)),
    "delta": (("delta", "delta_conf"), ("S1", "S1_conf")),
}
HEADS = {"sobol": ("S1", "ST"), "morris": ("mu*", "sigma"), "delta": ("delta", "S1")}
TOP_PAIRS = 5


def register(sub) -> None:
    p = sub.add_parser(
        "analyze",
        help="global sensitivity indices of a sweep's outputs: Sobol', Morris or delta",
    )
    p.add_argument("results", metavar="RESULTS", help="a sweep results folder")
    p.add_argument(
        "--method",
        required=True,
        metavar="M",
        help="sobol (a saltelli sweep) | morris (a morris sweep) | delta (any sweep)",
    )
    p.add_argument(
        "--output",
        action="append",
        metavar="NAME",
        help="an output to analyse; repeatable (default: threshold, force_requirement, "
        "threshold_premium, force_premium)",
    )
    p.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COLUMN",
        help="one analysis per value of this input column; repeatable (the sweep's axes "
        "always split the analysis)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    p.add_argument(
        "--resamples",
        type=positive_int,
        default=100,
        metavar="N",
        help="bootstrap resamples of each interval (default 100; delta's cost grows with it)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--out", metavar="DIR", help="folder for the figures (default RESULTS/)")
    p.add_argument(
        "--partial",
        action="store_true",
        help="analyse an incomplete or damaged folder's intact chunks (delta only in effect)",
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.runs.analysis.sensitivity import analyze
    from deterrence.runs.analysis.table import read_results
    from deterrence.runs.errors import ConfigError

    if args.method not in METHODS:
        allowed = ", ".join(METHODS)
        raise ConfigError("--method", args.method, f"unknown method (allowed: {allowed})")
    if args.seed < 0:
        raise ConfigError("--seed", str(args.seed), "must be an integer >= 0")
    table = read_results(args.results, partial=args.partial)
    result = analyze(
        table, args.method, args.output, args.by, seed=args.seed, num_resamples=args.resamples
    )
    if args.json:
        print(json.dumps(result.to_record(), allow_nan=False))
        return 0
    print(report(result))
    written = write_figures(result, Path(args.out) if args.out else Path(args.results))
    if written:
        print(f"figures written to {written[0].parent}/ ({', '.join(p.name for p in written)})")
    return 0


def report(result) -> str:
    """The ranked table of every output and group."""
    first, second = HEADS[result.method]
    lines = []
    for r in result.results:
        by = ", ".join(f"{k} = {v}" for k, v in r.by.items())
        lines.append(f"{r.output}" + (f"  [{by}]" if by else "") + f"  ({r.n_points} points)")
        if r.excluded:
            lines.append("  left out: " + ", ".join(f"{n} {k}" for k, n in r.excluded.items()))
        width = max(len("parameter"), *(len(row["parameter"]) for row in r.rows))
        lines.append(f"  {'parameter':{width}s}  {first:>17s}  {second:>17s}")
        for row in r.rows:
            cells = [_cell(row, key, conf) for key, conf in COLUMNS[result.method]]
            lines.append(f"  {row['parameter']:{width}s}  {cells[0]:>17s}  {cells[1]:>17s}")
        if r.pairs:
            lines.append(f"  {_pairs(r.pairs)}")
        lines.append("")
    conf = int(result.conf_level * 100)
    lines.append(
        f"{result.method}: ± is the {conf}% bootstrap interval "
        f"({result.num_resamples} resamples, seed {result.seed})"
    )
    return "\n".join(lines)


def _pairs(pairs) -> str:
    """The second-order indices whose interval excludes 0, largest first."""
    clear = [p for p in pairs if p["S2"] is not None and abs(p["S2"]) > (p["S2_conf"] or 0.0)]
    if not clear:
        return "S2: no interaction distinguishable from 0 (each |S2| within its interval)"
    top = sorted(clear, key=lambda p: -p["S2"])[:TOP_PAIRS]
    return "S2 (interval excludes 0): " + "; ".join(
        f"{' x '.join(p['parameters'])} {_cell(p, 'S2', 'S2_conf')}" for p in top
    )


def _cell(row, key, conf) -> str:
    value = row.get(key)
    if value is None:
        return "undefined"
    if conf is None:
        return f"{value:.4f}"
    c = row.get(conf)
    return f"{value:.4f} ± {c:.4f}" if c is not None else f"{value:.4f}"


def write_figures(result, out: Path) -> list[Path]:
    """One figure per output (a panel per group): bars with whiskers, or Morris mu*-sigma."""
    from deterrence.plotting.analysis import plot_indices, save
    from deterrence.runs.errors import ConfigError

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("--out", str(out), f"cannot create: {exc.strerror}") from None
    written = []
    outputs = list(dict.fromkeys(r.output for r in result.results))
    for name in outputs:
        part = [r for r in result.results if r.output == name]
        path = out / f"{result.method}_{_slug(name)}.png"
        save(plot_indices(part), path)
        written.append(path)
    return written


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)
