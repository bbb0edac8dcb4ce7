"""Solving Gambit game files: reading ``.nfg``/``.efg``, choosing a method, the JSON answer.

``deterrence solve FILE.nfg|FILE.efg [--method M] [--json]`` prints
``{"method", "status", "equilibria"}``: each equilibrium is a list with one
probability vector per player (for trees, the player's behaviour strategy:
its information sets in order, their action probabilities concatenated; the
``infosets`` entry says which is which).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from deterrence.runs.errors import ConfigError, read_text
from deterrence.solvers.games.errors import GameError

GAME_SUFFIXES = (".nfg", ".efg")
MAX_DEPTH = 10_000  # trees are read and solved recursively; deeper ones are refused
NFG_METHODS = ("enumerate", "vertex", "lemke_howson", "pure", "logit")
EFG_METHODS = ("spe", "enumerate", "logit")


@contextmanager
def deep_trees(source: str, what: str) -> Iterator[None]:
    """Allow recursion to MAX_DEPTH levels; a deeper tree is a one-line error."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, MAX_DEPTH + 200))
    try:
        yield
    except RecursionError:
        raise ConfigError(
            source, "", f"{what}: the tree is deeper than {MAX_DEPTH:,} levels"
        ) from None
    finally:
        sys.setrecursionlimit(old)


def is_game_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in GAME_SUFFIXES


def read_game(path: str | Path):
    """A NormalFormGame (``.nfg``) or ExtensiveFormGame (``.efg``) from a Gambit file."""
    from deterrence.solvers.games.gambit_format import parse_efg, parse_nfg

    source = str(path)
    text = read_text(path, "a Gambit game file")
    parse = parse_nfg if Path(path).suffix.lower() == ".nfg" else parse_efg
    try:
        with deep_trees(source, "cannot read"):
            return parse(text, what=source)
    except GameError as exc:
        message = str(exc)
        prefix = f"{source}: "
        raise ConfigError(source, "", message.removeprefix(prefix)) from None


def default_method(game) -> str:
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        if game.perfect_information:
            return "spe"
        return "enumerate" if game.n_players == 2 else "logit"
    return "enumerate" if game.n_players == 2 else "logit"


def solve_game(game, method: str | None, source: str = "--method"):
    """Run ``method`` (or the default for the game) and return its NashResult."""
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    tree = isinstance(game, ExtensiveFormGame)
    allowed = EFG_METHODS if tree else NFG_METHODS
    method = method or default_method(game)
    if method not in allowed:
        kind = ".efg" if tree else ".nfg"
        raise ConfigError(
            source, method, f"unknown method for a {kind} game (allowed: {', '.join(allowed)})"
        )
    two_player_only = {"enumerate", "vertex", "lemke_howson"}
    if method in two_player_only and game.n_players != 2:
        raise ConfigError(
            source,
            method,
            f"needs a two-player game; this one has {game.n_players} (use logit or pure)",
        )
    if method == "spe" and not game.perfect_information:
        raise ConfigError(
            source,
            method,
            "needs perfect information; this tree has larger information sets "
            "(use enumerate or logit)",
        )
    try:
        with deep_trees(source, f"cannot solve with {method}"):
            return _solver(method, tree)(game)
    except GameError as exc:
        raise ConfigError(source, method, str(exc)) from None


def _solver(method: str, tree: bool):
    """The function that computes ``method`` on a tree or a strategic game."""
    from deterrence.solvers.games import (
        agent_logit,
        backward_induction,
        logit,
        pivoting,
        pure,
        reduction,
        support_enumeration,
    )

    if tree:
        return {
            "spe": backward_induction.backward_induction,
            "enumerate": reduction.tree_equilibria,
            "logit": agent_logit.agent_logit_solve,
        }[method]
    return {
        "enumerate": support_enumeration.support_enumeration,
        "vertex": pivoting.vertex_enumeration,
        "lemke_howson": pivoting.lemke_howson,
        "pure": pure.pure_equilibria,
        "logit": lambda g: logit.logit_solve(g).result,
    }[method]


def game_output(game, result) -> dict[str, Any]:
    """The JSON object of ``deterrence solve FILE --json``."""
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    def finite(x: float) -> float | None:  # JSON has no NaN
        return float(x) if math.isfinite(x) else None

    out: dict[str, Any] = {
        "method": result.method,
        "status": result.status,
        "equilibria": [[[finite(x) for x in v] for v in e.to_lists()] for e in result.equilibria],
        "payoffs": [[finite(v) for v in e.payoffs] for e in result.equilibria],
        "regrets": [finite(e.regret) for e in result.equilibria],
        "players": list(game.players),
    }
    if isinstance(game, ExtensiveFormGame):
        out["infosets"] = [
            [
                {"label": game.infosets[k].label, "actions": list(game.infosets[k].actions)}
                for k in game.infosets_of(i)
            ]
            for i in range(game.n_players)
        ]
    else:
        out["strategies"] = [list(s) for s in game.strategies]
    if result.message:
        out["message"] = result.message
    return out


def summary(game, result) -> str:
    """A short human-readable account of a solved game file."""
    lines = [
        f"method: {result.method}    status: {result.status}    "
        f"equilibria: {len(result.equilibria)}"
    ]
    if result.message:
        lines.append(f"  note: {result.message}")
    for n, e in enumerate(result.equilibria, 1):
        parts = "; ".join(
            f"{p}: [{', '.join(f'{x:.4g}' for x in s)}]"
            for p, s in zip(game.players, e.strategies, strict=True)
        )
        pay = ", ".join(f"{v:.4g}" for v in e.payoffs)
        lines.append(f"  {n}. {parts}   payoffs ({pay})   regret {e.regret:.1e}")
    return "\n".join(lines)
