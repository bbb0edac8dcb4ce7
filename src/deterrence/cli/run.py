"""``deterrence run``: solve a config and write a results folder with its figure."""

from __future__ import annotations

import argparse
from pathlib import Path

from deterrence.cli.common import add_config_args, load, text_writer
from deterrence.cli.solve import (
    bands_table,
    game_listing,
    game_summary,
    solve_bands,
    summary,
    uncertainty_spec,
)


def register(sub) -> None:
    p = sub.add_parser("run", help="solve a config and write a results folder with a figure")
    add_config_args(p)
    p.add_argument("--out", metavar="DIR", help="results folder (default results/<config>-<time>)")
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.runs import store
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.execute import solve_config
    from deterrence.runs.game_files import is_game_file
    from deterrence.runs.plot_data import threshold_data

    if is_game_file(args.config):
        raise ConfigError(
            args.config, "", f"is a game file: use 'deterrence solve {args.config}' for game files"
        )
    config = load(args)
    uncertain = uncertainty_spec(config)
    out = Path(args.out) if args.out else store.default_folder(args.config)
    store.check_free(out)
    if config.is_game:
        return _run_game(config, args, out)
    if config.name in FIGURES:
        return _run_with_figure(config, args, out)
    solution = solve_config(config)
    figure = threshold_data(config, solution)
    from deterrence.plotting.threshold import save_threshold

    bands = solve_bands(config, uncertain)
    payload = {
        "outputs": solution.outputs(),
        "details": solution.to_record(),
        **store.metadata(args.config, config.resolved),
        **_provenance(args, config),
    }
    writers = {
        "results.json": store.json_writer(payload),
        "threshold.png": lambda path: save_threshold(figure, path),
    }
    if bands is not None:
        payload["uncertainty"] = bands.to_record()
        payload["seed"] = bands.spec.seed
        writers["uncertainty.png"] = lambda path: _save_bands(solution, bands, path)
    writers["report.html"] = report_writer(out)  # last: it reads the files written before
    store.write_folder(out, writers, kind="run")
    print(summary(solution))
    if bands is not None:
        print(bands_table(solution, bands))
    print(f"results written to {out}/ ({', '.join(writers)})")
    return 0


def _save_bands(solution, bands, path) -> None:
    """The distribution of the headline outputs over the uncertain inputs."""
    from deterrence.plotting.analysis import plot_uncertainty, save

    shown = ("threshold", "force_requirement", "threshold_premium", "force_premium")
    names = [n for n in shown if n in bands.values]
    outputs = solution.outputs()
    save(
        plot_uncertainty(
            {n: bands.values[n] for n in names},
            {n: outputs.get(n) for n in names},
            bands.outputs,
        ),
        path,
    )


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
        **_provenance(args, config),
    }
    title = config.title or Path(args.config).stem
    writers = {
        "results.json": store.json_writer(payload),
        f"{config.name}.png": lambda path: plotting.save_figure(config, solution, path, title),
        "report.html": report_writer(out),
    }
    store.write_folder(out, writers, kind="run")
    print(solution.summary())
    print(f"results written to {out}/ ({', '.join(writers)})")
    return 0


def _run_game(config, args: argparse.Namespace, out: Path) -> int:
    """A game model's results folder: results.json, plus the game as a Gambit file
    (finite form: game.efg; posture: game.nfg) or the trajectory (dynamics)."""
    from deterrence.runs import store
    from deterrence.solvers.games.gambit_format import write_efg, write_nfg

    outputs = config.solve().outputs()
    model = config.model
    payload = {
        "outputs": outputs,
        **store.metadata(args.config, config.resolved),
        **_provenance(args, config),
    }
    writers = {"results.json": store.json_writer(payload)}
    if hasattr(model, "tree"):
        writers["game.efg"] = text_writer(write_efg(model.tree()))
    elif hasattr(model, "game"):
        writers["game.nfg"] = text_writer(write_nfg(model.game()))
    if outputs.get("model") == "dynamics":
        from deterrence.plotting.trajectory import save_trajectory
        from deterrence.runs.tables import write_csv

        writers["trajectory.csv"] = lambda path: write_csv(outputs["trajectory"], path)
        from deterrence.runs.plot_data import config_record, trajectory_data

        figure = trajectory_data(outputs, config_record(config))
        writers["trajectory.png"] = lambda path: save_trajectory(figure, path)
    if outputs.get("model") == "signalling":
        from deterrence.plotting.signalling import save_signalling
        from deterrence.runs.plot_data import config_record
        from deterrence.runs.signalling_table import signalling_data

        figure = signalling_data(outputs, config_record(config))
        writers["signalling.png"] = lambda path: save_signalling(figure, path)
        writers["equilibria.txt"] = text_writer(game_listing(outputs) + "\n")
    writers["report.html"] = report_writer(out)
    store.write_folder(out, writers, kind="run")
    print(game_summary(outputs, full=False))
    print(f"results written to {out}/ ({', '.join(writers)})")
    return 0


def _provenance(args: argparse.Namespace, config) -> dict:
    """The command line and the config's title, for the results file and the report."""
    out = {"command": getattr(args, "command_line", None)}
    title = getattr(config, "title", None)
    if title:
        out["title"] = title
    return out


def report_writer(out: Path):
    """A results-folder writer for report.html: it runs last, so it reads the files
    already written into the (temporary) folder; ``out``'s name is the one shown."""

    def write(path: Path) -> None:
        from deterrence.reports import write_report

        write_report(path.parent, path, name=out.name)

    return write
