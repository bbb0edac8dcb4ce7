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
        kind="run",
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
    store.write_folder(out, writers, kind="run")
    print(game_summary(outputs))
    print(f"results written to {out}/ ({', '.join(writers)})")
    return 0
