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
    check,
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
    check,
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
    except OSError as exc:  # a file the command reads or writes: one line, no traceback
        from deterrence.runs.errors import os_error

        sys.stderr.write(f"deterrence {args.command}: error: {os_error('', exc, 'failed')}\n")
        return EXIT_USAGE


def entry() -> None:
    """The console script: run, flush, and leave without the interpreter's teardown.

    Arrow's C++ thread pools can abort the process ("terminate called without an active
    exception", apache/arrow#34314) when the interpreter finalises while they are alive, which
    turned a finished command's exit status into 134 at random; collecting garbage while Arrow
    is still alive and exiting with ``os._exit`` avoids the teardown.
    """
    import contextlib
    import gc
    import os

    code = main()
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
