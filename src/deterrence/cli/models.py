"""``deterrence models``: the models, their parameters and defaults."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    p = sub.add_parser("models", help="list the models with their parameters and defaults")
    p.set_defaults(handler=command)


def command(_: argparse.Namespace) -> int:
    from deterrence.models.registry import describe_models

    print(describe_models())
    return 0
