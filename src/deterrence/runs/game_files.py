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
from deterrence.solvers.games.limits import DEFAULT_TIME_LIMIT

GAME_SUFFIXES = (".nfg", ".efg")
MAX_DEPTH = 10_000  # trees are read and solved recursively; deeper ones are refused
NFG_METHODS = ("enumerate", "vertex", "lemke_howson", "pure", "logit")
EFG_METHODS = ("enumerate", "lcp", "spe", "logit")
NFG_HELP = (
    "enumerate (default: every equilibrium; 2 players: extreme ones and components) | "
    "vertex (2 players) | lemke_howson (2 players, some) | pure | logit (one)"
)
EFG_HELP = (
    "enumerate (default when small: every extreme equilibrium of the reduced normal form) | "
    "lcp (2 players, one, sequence form) | spe (perfect information) | logit (one, agent form)"
)


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


def default_method(game, time_limit: float = DEFAULT_TIME_LIMIT) -> str:
    """The method that claims all equilibria when it fits in the time limit, else one
    that finds one equilibrium (a tree: the sequence form for two players, else logit)."""
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        if estimate(game, "enumerate") <= time_limit:
            return "enumerate"
        return "lcp" if game.n_players == 2 else "logit"
    if estimate(game, "enumerate") <= time_limit or game.n_players == 2:
        return "enumerate"
    return "logit"


def allowed_methods(game) -> tuple[str, ...]:
    """The methods this game accepts (by file type, players and information)."""
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        out = ["enumerate"]
        if game.n_players == 2:
            out.append("lcp")
        if game.perfect_information:
            out.append("spe")
        return (*out, "logit")
    if game.n_players == 2:
        return NFG_METHODS
    return ("enumerate", "pure", "logit")


def estimate(game, method: str) -> float:
    """A rough estimate, in seconds on one core, of the work of ``method`` on ``game``,
    computed before any solving (counts of bases, supports, cells or pivots times a
    measured cost per unit; see docs/games.md)."""
    from math import prod

    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        nodes = len(game.kind)
        if method == "spe":
            return 2e-5 * nodes
        if method == "logit":
            return 2e-6 * nodes * (1 + len(game.infosets)) * 2000
        if method == "lcp":
            size = sum(game.sizes()) + len(game.infosets) + 4
            return 1e-7 * size**3 + 1e-5 * nodes
        from deterrence.solvers.games.reduction import MAX_PURE_PROFILES, reduced_plans

        counts = []
        for i in range(game.n_players):
            counts.append(len(reduced_plans(game, i)))
            if prod(counts) > MAX_PURE_PROFILES:
                return float("inf")
        build = 2e-6 * prod(counts) * max(1, len(game.payoff_at))
        return build + _nfg_enumerate_cost(tuple(counts))
    shape = game.shape
    cells = prod(shape)
    if method == "pure":
        return 1e-8 * cells * game.n_players
    if method == "logit":
        return 2e-7 * cells * game.n_players**2 * 2000
    if method == "lemke_howson":
        m, n = shape
        return 3e-6 * (m + n) ** 2 * m * n
    if method in ("enumerate", "vertex"):
        return _nfg_enumerate_cost(shape)
    return 0.0


def _nfg_enumerate_cost(shape: tuple[int, ...]) -> float:
    from math import comb, prod

    if len(shape) == 2:
        m, n = shape
        return 1e-5 * comb(m + n, m) + 1e-4 * m * n
    if prod(shape) == 1:
        return 0.0
    return 0.03 * prod(2**s - 1 for s in shape)


def _one_equilibrium_method(game) -> str:
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame) and game.n_players == 2:
        return "lcp"
    if not isinstance(game, ExtensiveFormGame) and game.n_players == 2:
        return "lemke_howson"
    return "logit"


def solve_game(
    game,
    method: str | None,
    source: str = "--method",
    time_limit: float = DEFAULT_TIME_LIMIT,
):
    """Run ``method`` (or the default for the game) and return its NashResult.

    The work is estimated first; a method whose estimate exceeds ``time_limit``
    is refused in one line that names a method that can finish, and every
    method runs with a deadline, so nothing hangs silently.
    """
    import time

    from deterrence.solvers.games.errors import TimeLimitExceeded
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    tree = isinstance(game, ExtensiveFormGame)
    kind = ".efg" if tree else ".nfg"
    allowed = allowed_methods(game)
    everything = EFG_METHODS if tree else NFG_METHODS
    method = method or default_method(game, time_limit)
    if method not in everything:
        raise ConfigError(
            source, method, f"unknown method for a {kind} game (allowed: {', '.join(allowed)})"
        )
    if method not in allowed:
        reason = _why_not(game, method)
        raise ConfigError(source, method, f"{reason} (allowed: {', '.join(allowed)})")
    cost = estimate(game, method)
    if cost > time_limit:
        alternative = _one_equilibrium_method(game)
        if alternative == method or estimate(game, alternative) > time_limit:
            alternative = "logit" if method != "logit" else "pure"
        raise ConfigError(
            source,
            method,
            f"this game is too large for {method} within the {time_limit:g} s time limit "
            f"(estimated {_seconds(cost)}); use --method {alternative} "
            f"(estimated {_seconds(estimate(game, alternative))}) or raise --time-limit",
        )
    deadline = time.monotonic() + time_limit
    try:
        with deep_trees(source, f"cannot solve with {method}"), _alarm(time_limit):
            result = _solver(method, tree)(game, deadline)
            if result.status == "incomplete" and method == "enumerate":
                result = _with_logit(game, result, tree, deadline)
            return result
    except TimeLimitExceeded:
        raise ConfigError(
            source,
            method,
            f"stopped at the {time_limit:g} s time limit; use --method "
            f"{_one_equilibrium_method(game)} (one equilibrium) or raise --time-limit",
        ) from None
    except GameError as exc:
        raise ConfigError(source, method, str(exc)) from None


def _with_logit(game, result, tree: bool, deadline: float):
    """An incomplete enumeration (a continuum) also gets the limit of the logit branch
    when it is a verified equilibrium not yet listed (Turocy 2005 selects it)."""
    import dataclasses

    import numpy as np

    from deterrence.solvers.games import agent_logit, logit

    try:
        extra = (
            agent_logit.agent_logit_solve(game, deadline)
            if tree
            else logit.logit_solve(game, deadline).result
        )
    except GameError:
        return result
    if extra.status != "ok" or not extra.equilibria:
        return result
    eq = extra.equilibria[0]
    flat = np.concatenate(eq.strategies)
    if any(np.allclose(flat, np.concatenate(e.strategies), atol=1e-9) for e in result.equilibria):
        return result
    return dataclasses.replace(
        result,
        equilibria=(*result.equilibria, eq),
        message=result.message + "; the last equilibrium is the limit of the logit branch",
    )


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the solve after ``seconds`` (a timer signal; main thread only), so a
    single long step (e.g. one Groebner basis) cannot overrun the time limit."""
    import signal
    import threading

    from deterrence.solvers.games.errors import TimeLimitExceeded

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise TimeLimitExceeded("the time limit was reached")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3) + 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _seconds(cost: float) -> str:
    return "more than a day" if cost > 86_400 else f"{cost:,.0f} s" if cost >= 1 else "< 1 s"


def _why_not(game, method: str) -> str:
    if method == "spe":
        return "needs perfect information; this tree has larger information sets"
    return f"needs a two-player game; this one has {game.n_players}"


def _solver(method: str, tree: bool):
    """The function ``f(game, deadline)`` that computes ``method``."""
    from deterrence.solvers.games import (
        agent_logit,
        backward_induction,
        extreme_equilibria,
        lemke_howson,
        logit,
        polynomial_enumeration,
        pure,
        reduction,
        sequence_form,
    )

    if tree:
        return {
            "spe": lambda g, d: backward_induction.backward_induction(g),
            "enumerate": lambda g, d: (
                reduction.tree_equilibria(g, d)
                if g.n_players == 2
                else reduction.tree_polynomial_equilibria(g, d)
            ),
            "lcp": sequence_form.lcp_solve,
            "logit": agent_logit.agent_logit_solve,
        }[method]
    return {
        "enumerate": lambda g, d: (
            extreme_equilibria.extreme_equilibria(g)
            if g.n_players == 2
            else polynomial_enumeration.polynomial_enumeration(g, d)
        ),
        "vertex": lambda g, d: extreme_equilibria.extreme_equilibria(g),
        "lemke_howson": lambda g, d: lemke_howson.lemke_howson(g, deadline=d),
        "pure": lambda g, d: pure.pure_equilibria(g),
        "logit": lambda g, d: logit.logit_solve(g, d).result,
    }[method]


def game_output(game, result) -> dict[str, Any]:
    """The JSON object of ``deterrence solve FILE --json``.

    Per equilibrium: the float profile (``equilibria``), the exact one as
    ``p/q`` strings where the method computed it exactly (``exact``, else
    null), and the regret both as a float (``regrets``) and, where checked in
    rational arithmetic, as a string fraction (``regrets_exact``).
    """
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame
    from deterrence.solvers.games.result import fraction_text

    def finite(x: float) -> float | None:  # JSON has no NaN
        return float(x) if math.isfinite(x) else None

    out: dict[str, Any] = {
        "method": result.method,
        "status": result.status,
        "equilibria": [[[finite(x) for x in v] for v in e.to_lists()] for e in result.equilibria],
        "exact": [
            None if e.exact is None else [[fraction_text(x) for x in v] for v in e.exact]
            for e in result.equilibria
        ],
        "payoffs": [[finite(v) for v in e.payoffs] for e in result.equilibria],
        "regrets": [finite(e.regret) for e in result.equilibria],
        "regrets_exact": [
            None if e.exact_regret is None else fraction_text(e.exact_regret)
            for e in result.equilibria
        ],
        "players": list(game.players),
    }
    if result.components:
        out["components"] = [list(c) for c in result.components]
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


def labelled(game, vector, player: int) -> str:
    """A player's strategy with its labels: ``a=1/2 b=1/2`` for a strategic game;
    ``[set] a=1 b=0; [set2] ...`` (information set, then action) for a tree."""
    from deterrence.solvers.games.extensive_form import ExtensiveFormGame

    values = [f"{x:.4g}" if isinstance(x, float) else str(x) for x in vector]
    if isinstance(game, ExtensiveFormGame):
        parts, start = [], 0
        for k in game.infosets_of(player):
            s = game.infosets[k]
            chunk = values[start : start + len(s.actions)]
            start += len(s.actions)
            moves = " ".join(f"{a}={v}" for a, v in zip(s.actions, chunk, strict=True))
            parts.append(f"[{s.label}] {moves}")
        return "; ".join(parts) or "(no moves)"
    return " ".join(f"{a}={v}" for a, v in zip(game.strategies[player], values, strict=True))


def summary(game, result) -> str:
    """A short human-readable account of a solved game file, strategies labelled."""
    from deterrence.solvers.games.result import fraction_text

    lines = [
        f"method: {result.method}    status: {result.status}    "
        f"equilibria: {len(result.equilibria)}"
    ]
    if result.message:
        lines.append(f"  note: {result.message}")
    for n, e in enumerate(result.equilibria, 1):
        pay = ", ".join(f"{v:.4g}" for v in e.payoffs)
        regret = (
            f"exact regret {fraction_text(e.exact_regret)}"
            if e.exact_regret is not None
            else f"regret {e.regret:.1e}"
        )
        lines.append(f"  {n}. payoffs ({pay})   {regret}")
        vectors = e.exact if e.exact is not None else [list(map(float, s)) for s in e.strategies]
        for i, p in enumerate(game.players):
            shown = [fraction_text(x) for x in vectors[i]] if e.exact is not None else vectors[i]
            lines.append(f"     {p}: {labelled(game, shown, i)}")
    if result.components:
        groups = "  ".join("{" + ", ".join(str(k + 1) for k in c) + "}" for c in result.components)
        lines.append(f"  maximal Nash subsets (convex hulls of): {groups}")
    return "\n".join(lines)
