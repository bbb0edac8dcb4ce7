"""Our solvers against Gambit on every game of ``pygambit.catalog`` and Gambit's game files.

Run by hand (needs ``pip install -e '.[gambit]'``):

    python benchmarks/games_catalog.py [--time-limit 60] [--repeat 3] [--markdown]
        [--gambit-dir DIR]

``--gambit-dir`` adds the ``.nfg``/``.efg`` files under DIR (e.g. a local copy of
Gambit's ``contrib/games`` and its tests' ``test_games``; none of them is part of this
repository).  For each game, our default method (``deterrence solve`` without
``--method``) and Gambit's comparable one run in separate processes, each
stopped after ``--time-limit`` seconds (ours also gets it as its own
``--time-limit``), so the run finishes within about 2 x limit x repeat per game.
Gambit's method: two-player strategic games ``enummixed_solve(rational=True)``;
n-player strategic games ``enumpoly_solve``; two-player trees
``enummixed_solve(rational=True)`` when ours enumerates, ``lcp_solve(rational=True)``
when ours uses the sequence form; n-player trees ``enumpoly_solve`` (or
``logit_solve`` when ours uses logit).  Times are the best of ``--repeat`` runs
in the worker (the game already read).  Agreement: the same set of extreme
equilibria (two-player strategic); every Gambit equilibrium found (n-player
strategic); a common outcome distribution, and whether all of Gambit's are among
ours (trees); refusal of trees without perfect recall.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np


def load(source: str):
    """pygambit's game for a catalog name or a file path."""
    import pygambit as gbt

    if source.endswith((".nfg", ".efg")):
        return gbt.read_efg(source) if source.endswith(".efg") else gbt.read_nfg(source)
    import pygambit.catalog as catalog

    return catalog.load(source)


def best_of(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def ours_worker(source: str, limit: float, repeat: int, queue) -> None:
    """Solve with our default method; report method, status, count, time and the
    profiles (exact strings where exact, else floats) and outcome distributions."""
    sys.setrecursionlimit(20_000)
    from deterrence.runs.errors import ConfigError
    from deterrence.runs.game_files import solve_game
    from deterrence.solvers.games.backward_induction import behaviour_of
    from deterrence.solvers.games.errors import GameError
    from deterrence.solvers.games.gambit_format import parse_efg, parse_nfg

    g = load(source)
    try:
        game = parse_efg(g.to_efg()) if g.is_tree else parse_nfg(g.to_nfg())
    except GameError as exc:
        queue.put({"refused": str(exc).splitlines()[0][:70]})
        return
    try:
        seconds, result = best_of(lambda: solve_game(game, None, time_limit=limit), repeat)
    except ConfigError as exc:
        queue.put({"refused": str(exc).splitlines()[0][-90:]})
        return
    out = {
        "method": result.method,
        "status": result.status,
        "count": len(result.equilibria),
        "seconds": seconds,
        "bad": sum(
            (e.exact_regret is not None and e.exact_regret != 0)
            or (e.exact_regret is None and e.regret > 1e-6 * max(1.0, *game.player_ranges()))
            if not g.is_tree
            else (e.exact_regret is not None and e.exact_regret != 0)
            for e in result.equilibria
        ),
        "profiles": [
            [str(x) for s in e.exact for x in s]
            if e.exact is not None
            else [float(x) for s in e.strategies for x in s]
            for e in result.equilibria
        ],
    }
    if g.is_tree:
        leaves = sorted(game.payoff_at)
        out["outcomes"] = []
        for e in result.equilibria:
            reach = game.reach(behaviour_of(game, e))
            out["outcomes"].append([float(reach[v]) for v in leaves])
    queue.put(out)


def gambit_worker(source: str, ours_method: str, repeat: int, queue) -> None:
    import pygambit as gbt

    g = load(source)
    two = len(g.players) == 2
    if not g.is_tree:
        name = "enummixed" if two else "enumpoly"
        fn = (
            (lambda: gbt.nash.enummixed_solve(g, rational=True).equilibria)
            if two
            else (lambda: gbt.nash.enumpoly_solve(g).equilibria)
        )
    elif ours_method.startswith("sequence_form") or ours_method == "refused":
        name, fn = "lcp", lambda: gbt.nash.lcp_solve(g, rational=True).equilibria
    elif ours_method.startswith("agent_logit"):
        name, fn = "logit", lambda: gbt.nash.logit_solve(g).equilibria
    elif two:
        name, fn = "enummixed", lambda: gbt.nash.enummixed_solve(g, rational=True).equilibria
    else:
        name, fn = "enumpoly", lambda: gbt.nash.enumpoly_solve(g).equilibria
    try:
        seconds, eqs = best_of(fn, repeat)
    except Exception as exc:  # Gambit refuses (e.g. no perfect recall)
        queue.put({"method": name, "error": str(exc).splitlines()[0][:60]})
        return
    out = {"method": name, "count": len(eqs), "seconds": seconds}
    if g.is_tree:
        leaves = list(_leaves(g.root))
        behaviour = [e.as_behavior() if hasattr(e, "as_behavior") else e for e in eqs]
        out["outcomes"] = [[float(b.realiz_prob(v)) for v in leaves] for b in behaviour]
    else:
        out["profiles"] = [[e[s] for p in g.players for s in p.strategies] for e in eqs]
        out["profiles"] = [[str(x) for x in p] for p in out["profiles"]]
    queue.put(out)


def _leaves(node):
    if node.is_terminal:
        yield node
    for child in node.children:
        yield from _leaves(child)


def guarded(target, *args) -> None:
    """Run a worker; an exception is reported as the answer, not a silent wait."""
    queue = args[-1]
    try:
        target(*args)
    except Exception as exc:  # any failure is a row of the table
        queue.put({"crash": f"{type(exc).__name__}: {str(exc).splitlines()[0][:60]}"})


def run(target, args, bound: float) -> dict:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=guarded, args=(target, *args, queue))
    proc.start()
    try:
        return queue.get(timeout=bound)
    except Exception:
        return {"timeout": bound}
    finally:
        proc.kill()
        proc.join()


def agreement(tree: bool, two: bool, ours: dict, theirs: dict) -> str:
    if "crash" in ours or "crash" in theirs:
        return "CRASH " + ours.get("crash", theirs.get("crash", ""))
    if "timeout" in ours:
        return "ours stopped by the bound"
    if "refused" in ours:
        return "refused"
    if "timeout" in theirs or "error" in theirs:
        return "no Gambit answer"
    if tree:
        mine = [np.array(o) for o in ours["outcomes"]]
        found = [any(np.allclose(t, m, atol=1e-6) for m in mine) for t in theirs["outcomes"]]
        if all(found):
            return "every Gambit outcome found"
        return "a common outcome" if any(found) else "no common outcome"
    if two:
        mine = {tuple(Fraction(x) for x in p) for p in ours["profiles"]}
        their = {tuple(Fraction(x) for x in p) for p in theirs["profiles"]}
        if mine == their:
            return "same extreme set"
        return f"differ: {len(their - mine)} missing, {len(mine - their)} extra"
    mine = [
        np.array([float(Fraction(x)) if isinstance(x, str) else x for x in p])
        for p in ours["profiles"]
    ]
    missing = 0
    for p in theirs["profiles"]:
        t = np.array([float(Fraction(x)) for x in p])
        missing += not any(np.allclose(t, m, atol=1e-6) for m in mine)
    return "every Gambit equilibrium found" if missing == 0 else f"{missing} of Gambit's missing"


def sources(gambit_dir: str | None) -> list[tuple[str, str]]:
    import pygambit.catalog as catalog

    out = [(f"catalog/{name}", name) for name in catalog.games().Game]
    if gambit_dir:
        root = Path(gambit_dir)
        for path in sorted(root.rglob("*")):
            if path.suffix in (".nfg", ".efg") and "catalog" not in path.parts:
                out.append((str(path.relative_to(root)), str(path)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--gambit-dir", help="also every .nfg/.efg under this folder")
    parser.add_argument("--only", help="only games whose label contains this")
    parser.add_argument("--start", help="skip the games listed before this label")
    args = parser.parse_args()
    bound = args.time_limit * args.repeat + 30
    header = (
        "game",
        "kind",
        "ours",
        "Gambit",
        "count ours / Gambit",
        "ours ms",
        "Gambit ms",
        "ratio",
        "agreement",
    )
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    for label, source in sources(args.gambit_dir):
        if args.only and args.only not in label:
            continue
        if args.start:
            if label != args.start:
                continue
            args.start = None
        try:
            g = load(source)
        except ValueError as exc:  # a file Gambit itself cannot read
            print(f"| {label} | - | - | Gambit cannot read it: {str(exc)[:50]} |", flush=True)
            continue
        tree, two = g.is_tree, len(g.players) == 2
        kind = f"{'efg' if tree else 'nfg'} {len(g.players)}p" + (
            "" if tree else " " + "x".join(str(len(p.strategies)) for p in g.players)
        )
        ours = run(ours_worker, (source, args.time_limit, args.repeat), bound)
        ours_method = ours.get("method", "refused" if "refused" in ours else "timeout")
        theirs = run(gambit_worker, (source, ours_method, args.repeat), bound)
        ratio = (
            f"{ours['seconds'] / theirs['seconds']:.2g}"
            if "seconds" in ours and "seconds" in theirs and theirs["seconds"] > 0
            else "-"
        )
        row = (
            label,
            kind,
            f"{ours_method} ({ours['status']})"
            if "status" in ours
            else ours_method + (f": {ours['refused']}" if "refused" in ours else ""),
            theirs.get("method", "-")
            + (" (timeout)" if "timeout" in theirs else "")
            + (f" ({theirs['error']})" if "error" in theirs else ""),
            f"{ours.get('count', '-')} / {theirs.get('count', '-')}",
            f"{ours['seconds'] * 1e3:.1f}" if "seconds" in ours else "-",
            f"{theirs['seconds'] * 1e3:.1f}" if "seconds" in theirs else "-",
            ratio,
            agreement(tree, two, ours, theirs)
            + (f"; {ours['bad']} NOT EQUILIBRIA" if ours.get("bad") else ""),
        )
        if args.markdown:
            print("| " + " | ".join(str(x) for x in row) + " |", flush=True)
        else:
            print("  ".join(str(x) for x in row), flush=True)


if __name__ == "__main__":
    main()
