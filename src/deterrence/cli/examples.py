"""``deterrence examples``: copy the shipped configs and the case library into a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_FOLDER = "deterrence-examples"


def register(sub) -> None:
    p = sub.add_parser(
        "examples", help="copy the shipped configs and case library into a folder for editing"
    )
    p.add_argument(
        "folder",
        nargs="?",
        default=DEFAULT_FOLDER,
        metavar="DIR",
        help=f"where to copy them (default ./{DEFAULT_FOLDER}; must not exist or be empty)",
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.runs.config import shipped_configs
    from deterrence.runs.store import copy_tree

    out = Path(args.folder)
    copied = copy_tree(shipped_configs(), out, pattern="*.toml")
    print(
        f"{len(copied)} configs copied to {out}/ (run one with: deterrence run {out}/default.toml)"
    )
    return 0
