"""``deterrence run``: solve a config and write a results folder with its figure."""

from __future__ import annotations

import argparse
from pathlib import Path

from deterrence.cli.common import add_config_args, load, text_writer
from deterrence.cli.solve import game_summary, summary


def register(sub) -> None:
    p = sub.add_parser("run", help="solve a config and write a results folder with a figure")
    add_config_args(p)
    p.add_argument("--out", metavar="DIR", help="results folder (default results/<config>-<time>)")
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.runs import store
    from deterrence.runs.execute import solve_config, threshold_curve

    config = load(args)
    out = Path(args.out) if args.out else store.default_folder(args.config)
    store.check_free(out)
    if config.is_game:
        return _run_game(config, args, out)
    if config.name in FIGURES:
        return _run_with_figure(config, args, out)
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


FIGURES = ("bargaining", "two_fronts")  # models whose figure is plotting.<name>.save_figure


def _run_with_figure(config, args: argparse.Namespace, out: Path) -> int:
    """A results folder with the model's own figure (``plotting/<model>.py``)."""
    from importlib import import_module

    from deterrence.runs import store
    from deterrence.runs.execute import solve_config

    solution = solve_config(config)
    plotting = import_module(f"deterrence.plotting.{config.name}")
    payload = {
        "outputs": solution.outputs(),
        "details": solution.to_record(),
        **store.metadata(args.config, config.resolved),
    }
    title = config.title or Path(args.config).stem
    store.write_folder(
        out,
        {
            "results.json": store.json_writer(payload),
            f"{config.name}.png": lambda path: plotting.save_figure(config, solution, path, title),
        },
    )
    print(solution.summary())
    print(f"results written to {out}/ (results.json, {config.name}.png)")
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
        writers["game.efg"] = text_writer(write_efg(model.tree()))
    elif hasattr(model, "game"):
        writers["game.nfg"] = text_writer(write_nfg(model.game()))
    if outputs.get("model") == "dynamics":
        from deterrence.plotting.trajectory import save_trajectory
        from deterrence.runs.tables import write_csv

        writers["trajectory.csv"] = lambda path: write_csv(outputs["trajectory"], path)
        writers["trajectory.png"] = lambda path: save_trajectory(
            outputs, path, Path(args.config).stem
        )
    store.write_folder(out, writers)
    print(game_summary(outputs))
    print(f"results written to {out}/ ({', '.join(writers)})")
    return 0
