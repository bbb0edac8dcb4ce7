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
    """A short human summary of a solution of the canonical model."""
    verdict = "ATTACK" if solution.attack else "HOLD"
    lines = [
        f"criterion: {solution.criterion}    decision: {verdict}",
        f"  optimal force F*          {fmt(solution.force)}",
        f"  intervention probability  {fmt(solution.intervention_probability)}",
        f"  aggression threshold V*   {fmt(solution.threshold)}"
        f"   (no ambiguity: {fmt(solution.expected_utility_threshold)}; "
        f"premium {fmt(solution.threshold_premium)})",
        f"  force requirement         {fmt(solution.force_requirement)}"
        f"   (R surely out: {fmt(solution.no_intervention_force_requirement)}; "
        f"premium {fmt(solution.force_premium)}; extra cost {fmt(solution.extra_cost)})",
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
    if args.json:
        print(json.dumps(solution.outputs(), allow_nan=False))
    else:  # a model with its own summary (bargaining, two_fronts), else the canonical one
        print(solution.summary() if hasattr(solution, "summary") else summary(solution))
    return 0


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
