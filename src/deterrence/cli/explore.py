"""``deterrence explore``: a what-if explorer in the browser (docs/explorer.md)."""

from __future__ import annotations

import argparse
import sys

DEFAULT_CONFIG = "configs/default.toml"  # in the current folder, else the shipped default


def port_number(text: str) -> int:
    """argparse type: a TCP port, 0 to 65535 (0: a free one)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (0 to 65535)")
    return value


def register(sub) -> None:
    p = sub.add_parser(
        "explore",
        help="a what-if explorer in the browser: sliders for a config's values, live outputs "
        "and figure; or a sweep's results",
    )
    p.add_argument(
        "config",
        metavar="CONFIG|RESULTS",
        nargs="?",
        default=DEFAULT_CONFIG,
        help=f"a config (default {DEFAULT_CONFIG}) or a sweep results folder",
    )
    p.add_argument(
        "--port", type=port_number, default=0, metavar="N", help="port (default: a free one)"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument("--no-browser", action="store_true", help="print the URL, open no browser")
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.explorer.server import load_target, serve

    target = load_target(args.config)
    for warning in target.base.config.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    serve(target, args.host, args.port, browser=not args.no_browser)
    return 0
