"""Command-line interface: ``deterrence COMMAND``, one module per command.

Each command module has ``register(subparsers)``, which adds its parser and
sets ``handler``.  Heavy modules (numpy, scipy, matplotlib) are imported
inside the handlers so that ``deterrence --help`` stays fast.  Every input
error exits with status 2 and one line on stderr naming the source, the key
and what is allowed.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence

from deterrence import __version__
from deterrence.cli import (
    analyze,
    cases,
    claims,
    discover,
    examples,
    explore,
    models,
    plot,
    report,
    run,
    solve,
    sweep,
)

EXIT_USAGE = 2
COMMANDS = (
    run,
    solve,
    sweep,
    plot,
    analyze,
    discover,
    report,
    explore,
    cases,
    claims,
    models,
    examples,
)  # in the order --help lists them


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


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
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.command_line = shlex.join(["deterrence", *(sys.argv[1:] if argv is None else argv)])
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    from deterrence.runs.errors import ConfigError
    from deterrence.solvers.games.errors import GameError

    try:
        return args.handler(args)
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
