"""``deterrence solve``: solve a config, or a Gambit game file, and print the outputs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from deterrence.cli.common import add_config_args, fmt, load, show


def register(sub) -> None:
    p = sub.add_parser(
        "solve", help="solve a config, or a Gambit game file (.nfg/.efg), and print the outputs"
    )
    add_config_args(p)
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument(
        "--method",
        metavar="M",
        help="for game files. .nfg: enumerate (default: every equilibrium) | vertex | "
        "lemke_howson | pure | logit. .efg: enumerate (default when small) | lcp | spe | logit",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="for game files: refuse a method estimated to take longer, and stop one that "
        "does (default 60)",
    )
    p.add_argument(
        "--export",
        metavar="FILE",
        help="for game-model configs: also write the game as Gambit .efg (finite_intervention) "
        "or .nfg (posture)",
    )
    p.set_defaults(handler=command)


def summary(solution) -> str:
    """A short human summary of a solution of the canonical model: the decision, then V* and
    the force requirement, each with its premium split into risk (R may enter at all: expected
    utility at the mean belief against R surely out) and ambiguity (the criterion against
    expected utility at the mean belief)."""
    s = solution
    verdict = "ATTACK" if s.attack else "HOLD"
    relative = (
        ""
        if s.threshold_premium_relative is None
        else (f" ({100 * s.threshold_premium_relative:+.1f}%)")
    )
    lines = [
        f"criterion: {s.criterion}    decision: {verdict}",
        f"  optimal force F*          {fmt(s.force)}",
        f"  intervention probability  {fmt(s.intervention_probability)}",
        f"  aggression threshold V*   {fmt(s.threshold)}",
        f"    R surely out {fmt(s.no_intervention_threshold)}"
        f" -> expected utility at the mean belief {fmt(s.expected_utility_threshold)}"
        f" (risk premium {fmt(s.risk_threshold_premium)})",
        f"    -> {s.criterion} {fmt(s.threshold)}"
        f" (ambiguity premium {fmt(s.ambiguity_threshold_premium)}{relative})",
        f"  force requirement         {fmt(s.force_requirement)}",
        f"    R surely out {fmt(s.no_intervention_force_requirement)}"
        f" -> expected utility at the mean belief {fmt(s.expected_utility_force_requirement)}"
        f" (risk premium {fmt(s.risk_force_premium)})",
        f"    -> {s.criterion} {fmt(s.force_requirement)}"
        f" (ambiguity premium {fmt(s.ambiguity_force_premium)});"
        f" extra cost c x {fmt(s.force_premium)} = {fmt(s.extra_cost)}",
    ]
    return "\n".join(lines)


def command(args: argparse.Namespace) -> int:
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.game_files import is_game_file

    if is_game_file(args.config):
        return _solve_game_file(args)
    if args.method:
        raise ConfigError("--method", args.method, "is for game files (.nfg, .efg)")
    config = load(args)
    uncertain = uncertainty_spec(config)
    if config.is_game:  # a model solved whole: finite_intervention, posture, ...
        outputs = config.solve().outputs()
        if args.export:
            export(config, args.export)
        print(json.dumps(outputs, allow_nan=False) if args.json else game_summary(outputs))
        return 0
    if args.export:
        raise ConfigError(
            "--export", args.export, "is for the game models finite_intervention and posture"
        )
    from deterrence.runs.execute import solve_config

    solution = solve_config(config)
    bands = solve_bands(config, uncertain)
    if args.json:
        outputs = solution.outputs()
        if bands is not None:
            outputs["uncertainty"] = bands.to_record()
        print(json.dumps(outputs, allow_nan=False))
    else:
        print(solution.summary() if hasattr(solution, "summary") else summary(solution))
        if bands is not None:
            print(bands_table(solution, bands))
    return 0


# ------------------------------------------------------------------ uncertainty bands
def uncertainty_spec(config):
    """The config's checked ``[uncertainty]`` table, or None (runs.analysis.uncertainty)."""
    if config.uncertainty is None:
        return None
    from deterrence.runs.analysis.uncertainty import parse_uncertainty

    return parse_uncertainty(config)


def solve_bands(config, spec):
    """Each output's median and 5-95% interval over the uncertain inputs, or None."""
    if spec is None:
        return None
    from deterrence.runs.analysis.uncertainty import solve_bands as bands

    return bands(config, spec)


def bands_table(solution, bands) -> str:
    """Point value, median and 5-95% interval of each numeric output."""
    counts = ", ".join(f"{n} {k}" for k, n in sorted(bands.status_counts.items()))
    lines = [
        f"uncertainty: {bands.spec.samples} draws of {len(bands.spec.marginals)} uncertain "
        f"input(s) (seed {bands.spec.seed}; {counts})",
        f"  {'output':28s} {'point':>9s} {'median':>9s} {'5%':>9s} {'95%':>9s}  exists in",
    ]
    outputs = solution.outputs()
    for name, band in bands.outputs.items():
        point = outputs.get(name)
        cells = [fmt(point)] + [fmt(band[k]) for k in ("median", "p05", "p95")]
        lines.append(
            f"  {name:28s} "
            + " ".join(f"{c:>9s}" for c in cells)
            + f"  {band['n']}/{bands.spec.samples}"
        )
    if bands.first_invalid:
        lines.append(f"  left out (not ok), e.g.: {bands.first_invalid}")
    return "\n".join(lines)


def _solve_game_file(args: argparse.Namespace) -> int:
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.game_files import game_output, read_game, solve_game
    from deterrence.runs.game_files import summary as file_summary

    if args.overrides:
        raise ConfigError("--set", args.overrides[0], "is for configs, not game files")
    if not args.time_limit > 0:
        raise ConfigError("--time-limit", str(args.time_limit), "must be a number of seconds > 0")
    game = read_game(args.config)
    result = solve_game(game, args.method, time_limit=args.time_limit)
    if args.json:
        print(json.dumps(game_output(game, result), allow_nan=False))
    else:
        print(file_summary(game, result))
    return 0


def export(config, path: str) -> None:
    """Write a game model's game as a Gambit file (.efg for trees, .nfg for tables)."""
    from deterrence.runs.errors import ConfigError
    from deterrence.solvers.games.gambit_format import write_efg, write_nfg

    model = config.model
    if not (hasattr(model, "tree") or hasattr(model, "game")):
        raise ConfigError(
            "--export", path, "is for the game models finite_intervention (.efg) and posture (.nfg)"
        )
    text = write_efg(model.tree()) if hasattr(model, "tree") else write_nfg(model.game())
    suffix = ".efg" if hasattr(model, "tree") else ".nfg"
    if Path(path).suffix.lower() != suffix:
        raise ConfigError("--export", path, f"this model's game is written as a {suffix} file")
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError("--export", path, f"cannot write: {exc.strerror}") from None


def game_summary(outputs: dict, full: bool = True) -> str:
    """Human-readable outputs of a game model.  Signalling opens with one row per
    equilibrium; ``full`` adds the complete listing after it."""
    if outputs["model"] == "signalling":
        from deterrence.runs.signalling_table import summary_table

        table = summary_table(outputs)
        return f"{table}\n\nfull listing:\n{game_listing(outputs)}" if full else table
    return game_listing(outputs)


def game_listing(outputs: dict) -> str:
    """Every output of a game model, one per line."""
    lines = [f"model: {outputs['model']}"]
    if outputs["model"] == "dynamics":
        from deterrence.runs.tables import markdown

        columns = ["year", "belief_lo", "belief_hi", "interoperability", "attack", "threshold"]
        columns += ["force_requirement", "threshold_premium", "force_premium"]
        lines.append(f"  criterion: {outputs['criterion']}")
        lines.append(markdown(outputs["trajectory"], columns))
        return "\n".join(lines)
    for key, value in outputs.items():
        if key == "model":
            continue
        if key == "equilibria":
            for n, eq in enumerate(value, 1):
                lines.append(f"  equilibrium {n}:")
                lines += [f"    {k:24s}{show(v)}" for k, v in eq.items()]
        elif isinstance(value, dict):
            lines.append(f"  {key}:")
            lines += [f"    {k:24s}{show(v)}" for k, v in value.items()]
        else:
            lines.append(f"  {key:26s}{show(value)}")
    return "\n".join(lines)
