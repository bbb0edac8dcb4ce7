"""Command-line interface: ``deterrence run | solve | sweep | plot | models``.

Heavy modules (numpy, scipy, matplotlib) are imported inside the commands so
that ``deterrence --help`` stays fast.  Every input error exits with status 2
and one line on stderr naming the source, the key and what is allowed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from deterrence import __version__

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def _add_config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("config", metavar="CONFIG", help="experiment config (TOML)")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="K=V",
        help="override a config value, e.g. --set parameters.stakes=3 "
        "(the value is read as TOML); repeatable",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be > 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="deterrence",
        description=(
            "Game-theoretic deterrence analysis: how uncertainty about a third party's "
            "intervention changes an attacker's calculus."
        ),
    )
    parser.add_argument("--version", action="version", version=f"deterrence {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="solve a config and write a results folder with a figure")
    _add_config_args(run)
    run.add_argument(
        "--out", metavar="DIR", help="results folder (default results/<config>-<time>)"
    )

    solve = sub.add_parser(
        "solve", help="solve a config, or a Gambit game file (.nfg/.efg), and print the outputs"
    )
    _add_config_args(solve)
    solve.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    solve.add_argument(
        "--method",
        metavar="M",
        help="for game files. .nfg: enumerate (default: every equilibrium) | vertex | "
        "lemke_howson | pure | logit. .efg: enumerate (default when small) | lcp | spe | logit",
    )
    solve.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="for game files: refuse a method estimated to take longer, and stop one that "
        "does (default 60)",
    )
    solve.add_argument(
        "--export",
        metavar="FILE",
        help="for game-model configs: also write the game as Gambit .efg (finite_intervention) "
        "or .nfg (posture)",
    )

    sweep = sub.add_parser("sweep", help="solve every point of the config's [sweep] design")
    _add_config_args(sweep)
    sweep.add_argument(
        "--executor",
        choices=("serial", "processes", "dask"),
        default="serial",
        help="where chunks run (default serial)",
    )
    sweep.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="worker processes (default: all cores; 1 for serial)",
    )
    sweep.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="an existing Dask scheduler, e.g. tcp://HOST:8786 (with --executor dask)",
    )
    sweep.add_argument(
        "--chunk-size",
        type=_positive_int,
        metavar="N",
        help="points per chunk (default: sweep.chunk_size or 10000)",
    )
    sweep.add_argument(
        "--resume", action="store_true", help="finish a sweep in --out that was interrupted"
    )
    sweep.add_argument(
        "--out", metavar="DIR", help="results folder (default results/<config>-<time>)"
    )

    plot = sub.add_parser("plot", help="plot a sweep's results (no re-solving)")
    plot.add_argument("results", metavar="RESULTS", help="a sweep results folder")
    plot.add_argument("--x", required=True, metavar="PARAM", help="column on the x axis")
    plot.add_argument("--y", metavar="PARAM", help="column on the y axis (filled contour of --z)")
    plot.add_argument("--z", required=True, metavar="OUTPUT", help="output to plot")
    plot.add_argument("--by", metavar="COLUMN", help="one line per value of this column")
    plot.add_argument("--format", choices=("png", "svg", "pdf"), default="png")
    plot.add_argument("--out", metavar="FILE", help="figure file (default in RESULTS/)")

    cases = sub.add_parser("cases", help="solve the case library and compare the cases")
    cases.add_argument(
        "folder",
        nargs="?",
        default="configs/cases",
        metavar="FOLDER",
        help="folder of case files (default configs/cases)",
    )
    cases.add_argument("--out", metavar="DIR", help="results folder (default results/cases-<time>)")
    cases.add_argument(
        "--text-weight",
        type=float,
        default=1.0,
        metavar="W",
        help="how far a defence text lies above consultation, 0..1 (default 1; docs/cases.md)",
    )

    sub.add_parser("models", help="list the models with their parameters and defaults")
    return parser


def _load(args: argparse.Namespace):
    from deterrence.runs.config import load_experiment

    config = load_experiment(args.config, args.overrides)
    for warning in config.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    return config


def _fmt(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.4f}"


def summary(solution) -> str:
    """A short human summary of a solution."""
    verdict = "ATTACK" if solution.attack else "HOLD"
    lines = [
        f"criterion: {solution.criterion}    decision: {verdict}",
        f"  optimal force F*          {_fmt(solution.force)}",
        f"  intervention probability  {_fmt(solution.intervention_probability)}",
        f"  aggression threshold V*   {_fmt(solution.threshold)}"
        f"   (no ambiguity: {_fmt(solution.baseline_threshold)}; "
        f"premium {_fmt(solution.threshold_premium)})",
        f"  force requirement         {_fmt(solution.force_requirement)}"
        f"   (R surely out: {_fmt(solution.baseline_force_requirement)}; "
        f"premium {_fmt(solution.force_premium)}; extra cost {_fmt(solution.extra_cost)})",
    ]
    return "\n".join(lines)


def cmd_solve(args: argparse.Namespace) -> int:
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.game_files import is_game_file

    if is_game_file(args.config):
        return _solve_game_file(args)
    if args.method:
        raise ConfigError("--method", args.method, "is for game files (.nfg, .efg)")
    config = _load(args)
    if hasattr(config, "solve"):  # a game model: finite_intervention, posture
        outputs = config.solve().outputs()
        if args.export:
            _export(config, args.export)
        print(json.dumps(outputs, allow_nan=False) if args.json else _game_summary(outputs))
        return 0
    if args.export:
        raise ConfigError(
            "--export", args.export, "is for the game models finite_intervention and posture"
        )
    from deterrence.runs.execute import solve_config

    solution = solve_config(config)
    if args.json:
        print(json.dumps(solution.outputs(), allow_nan=False))
    else:
        print(summary(solution))
    return 0


def _solve_game_file(args: argparse.Namespace) -> int:
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.game_files import game_output, read_game, solve_game
    from deterrence.runs.game_files import summary as game_summary

    if args.overrides:
        raise ConfigError("--set", args.overrides[0], "is for configs, not game files")
    if not args.time_limit > 0:
        raise ConfigError("--time-limit", str(args.time_limit), "must be a number of seconds > 0")
    game = read_game(args.config)
    result = solve_game(game, args.method, time_limit=args.time_limit)
    if args.json:
        print(json.dumps(game_output(game, result), allow_nan=False))
    else:
        print(game_summary(game, result))
    return 0


def _export(config, path: str) -> None:
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


def _game_summary(outputs: dict) -> str:
    """Human-readable outputs of a game model."""
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
                lines += [f"    {k:24s}{_show(v)}" for k, v in eq.items()]
        elif isinstance(value, dict):
            lines.append(f"  {key}:")
            lines += [f"    {k:24s}{_show(v)}" for k, v in value.items()]
        else:
            lines.append(f"  {key:26s}{_show(value)}")
    return "\n".join(lines)


def _show(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " ".join(_show(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4f}"
    return _fmt(value) if value is None or isinstance(value, bool) else str(value)


def cmd_run(args: argparse.Namespace) -> int:
    from deterrence.runs import store
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.execute import solve_config, threshold_curve
    from deterrence.runs.game_files import is_game_file

    if is_game_file(args.config):
        raise ConfigError(
            args.config, "", f"is a game file: use 'deterrence solve {args.config}' for game files"
        )
    config = _load(args)
    out = Path(args.out) if args.out else store.default_folder(args.config)
    store.check_free(out)
    if hasattr(config, "solve"):
        return _run_game(config, args, out)
    solution = solve_config(config)
    curve = threshold_curve(config, solution)
    from deterrence.plotting.threshold import save_threshold

    payload = {
        "outputs": solution.outputs(),
        "details": solution.to_record(),
        **store.metadata(args.config, config.resolved),
    }
    store.write_folder(
        out,
        {
            "results.json": store.json_writer(payload),
            "threshold.png": lambda path: save_threshold(curve, path),
        },
    )
    print(summary(solution))
    print(f"results written to {out}/ (results.json, threshold.png)")
    return 0


def _run_game(config, args: argparse.Namespace, out: Path) -> int:
    """A game model's results folder: results.json, plus the game as a Gambit file
    (finite form: game.efg; posture: game.nfg) or the trajectory (dynamics)."""
    from deterrence.runs import store
    from deterrence.solvers.games.gambit_format import write_efg, write_nfg

    outputs = config.solve().outputs()
    model = config.model
    payload = {"outputs": outputs, **store.metadata(args.config, config.resolved)}
    writers = {"results.json": store.json_writer(payload)}
    if hasattr(model, "tree"):
        writers["game.efg"] = _text_writer(write_efg(model.tree()))
    elif hasattr(model, "game"):
        writers["game.nfg"] = _text_writer(write_nfg(model.game()))
    if outputs.get("model") == "dynamics":
        from deterrence.plotting.trajectory import save_trajectory
        from deterrence.runs.tables import write_csv

        writers["trajectory.csv"] = lambda path: write_csv(outputs["trajectory"], path)
        writers["trajectory.png"] = lambda path: save_trajectory(
            outputs, path, Path(args.config).stem
        )
    store.write_folder(out, writers)
    print(_game_summary(outputs))
    print(f"results written to {out}/ ({', '.join(writers)})")
    return 0


def _text_writer(text: str):
    def write(path) -> None:
        Path(path).write_text(text, encoding="utf-8")

    return write


def cmd_sweep(args: argparse.Namespace) -> int:
    from deterrence.runs import store
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.sweep import parse_sweep
    from deterrence.runs.sweeping import run_sweep

    config = _load(args)
    if hasattr(config, "solve"):
        raise ConfigError(
            args.config, "model.name", "sweeps are for model 'intervention' (not game models)"
        )
    spec = parse_sweep(config, args.chunk_size)
    if args.resume and not args.out:
        raise ConfigError("--resume", "", "needs --out DIR: the folder of the sweep to finish")
    if args.scheduler and args.executor != "dask":
        raise ConfigError("--scheduler", args.scheduler, "is for --executor dask")
    out = Path(args.out) if args.out else store.default_folder(args.config)

    def announce(spec, todo) -> None:
        shape = " x ".join(str(len(v)) for v in spec.axes.values()) or "1"
        design = (
            f"grid of {shape}"
            if spec.design == "grid"
            else (f"{spec.design} design of {spec.n} samples x {spec.combinations} combination(s)")
        )
        sys.stderr.write(
            f"sweep: {design} = {spec.size} points in {spec.n_chunks} chunk(s), "
            f"{len(todo)} to run, executor {args.executor}\n"
        )

    report = run_sweep(
        config,
        spec,
        out,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        resume=args.resume,
        announce=announce,
    )
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.status_counts.items()))
    solved = sum(report.status_counts.values())
    print(
        f"{report.points} points; this run solved {solved}"
        + (f" ({counts})" if counts else "")
        + f" in {report.seconds:.1f} s; results in {report.path}/"
    )
    return 0


def cmd_plot(args: argparse.Namespace) -> int:
    from deterrence.plotting.sweep import save_sweep_plot
    from deterrence.runs.plot_data import plot_data

    data = plot_data(args.results, args.x, args.z, y=args.y, by=args.by)
    name = (
        f"{args.z}_vs_{args.x}"
        + (f"_{args.y}" if args.y else "")
        + (f"_by_{args.by}" if args.by else "")
    )
    out = Path(args.out) if args.out else Path(args.results) / f"{name}.{args.format}"
    save_sweep_plot(data, out, args.format)
    print(f"figure written to {out}")
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    from deterrence.plotting.cases import save_cases
    from deterrence.runs import store
    from deterrence.runs.cases import run_cases
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.tables import markdown, write_csv

    if not 0.0 <= args.text_weight <= 1.0:
        raise ConfigError("--text-weight", str(args.text_weight), "must be a number in [0, 1]")
    rows, differences = run_cases(args.folder, args.text_weight)
    out = Path(args.out) if args.out else store.default_folder("cases")
    store.check_free(out)
    columns = ["case", "text", "practice", "belief_lo", "belief_hi", "interoperability"]
    columns += ["attack", "threshold", "force_requirement", "threshold_premium", "force_premium"]
    report = markdown(rows, columns)
    if differences:
        change = ["case", "against", "threshold_change", "threshold_change_relative"]
        change += ["force_requirement_change", "force_requirement_change_relative"]
        report += "\n\n" + markdown(differences, change)
    payload = {"cases": rows, "differences": differences, "text_weight": args.text_weight}
    payload |= store.metadata(args.folder, {"cases": [r["case"] for r in rows]})
    store.write_folder(
        out,
        {
            "cases.json": store.json_writer(payload),
            "cases.csv": lambda path: write_csv(rows, path),
            "cases.md": _text_writer(report + "\n"),
            "cases.png": lambda path: save_cases(rows, path),
        },
    )
    print(report)
    print(f"results written to {out}/ (cases.json, cases.csv, cases.md, cases.png)")
    return 0


def cmd_models(_: argparse.Namespace) -> int:
    from deterrence.models.registry import describe_models

    print(describe_models())
    return 0


COMMANDS = {
    "run": cmd_run,
    "solve": cmd_solve,
    "sweep": cmd_sweep,
    "plot": cmd_plot,
    "cases": cmd_cases,
    "models": cmd_models,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    from deterrence.runs.errors import ConfigError
    from deterrence.solvers.games.errors import GameError

    try:
        return COMMANDS[args.command](args)
    except (ConfigError, GameError) as exc:
        sys.stderr.write(f"deterrence {args.command}: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("deterrence: interrupted\n")
        return 130
    except BrokenPipeError:  # output piped into e.g. head, which stopped reading
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
