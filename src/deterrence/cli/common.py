"""What every command shares: config arguments, loading, number formatting, writers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_config_args(p: argparse.ArgumentParser) -> None:
    """The CONFIG positional argument and repeatable ``--set K=V`` overrides."""
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


def positive_int(text: str) -> int:
    """argparse type: an integer > 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be > 0")
    return value


def load(args: argparse.Namespace):
    """The validated config named by ``args.config`` with ``args.overrides``;
    warnings go to stderr."""
    from deterrence.runs.config import load_experiment

    config = load_experiment(args.config, args.overrides)
    for warning in config.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    return config


def fmt(value) -> str:
    """A number to four decimals; None as "none", booleans as yes/no."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.4f}"


def show(value) -> str:
    """Any JSON-like output value as compact text."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " ".join(show(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4f}"
    return fmt(value) if value is None or isinstance(value, bool) else str(value)


def text_writer(text: str):
    """A results-folder writer that writes ``text`` to its path."""

    def write(path) -> None:
        Path(path).write_text(text, encoding="utf-8")

    return write
