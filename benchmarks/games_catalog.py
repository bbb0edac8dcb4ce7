"""Our solvers against Gambit on every game of ``pygambit.catalog`` (issue 17).

Run by hand (needs ``pip install -e '.[gambit]'``):

    python benchmarks/games_catalog.py [--time-limit 60] [--markdown]

For each catalog game: our default method (``deterrence solve`` without
``--method``) and Gambit's comparable one (two-player strategic:
``enummixed_solve(rational=True)``; n-player strategic: ``enumpoly_solve``;
two-player trees: ``lcp_solve(rational=True)``; other trees:
``logit_solve``), the number of equilibria each returns and the median wall
time of 3 runs, and whether they agree (the same extreme set; every Gambit
equilibrium found; a common outcome distribution for trees).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np


def timed(fn, repeat: int = 3):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    import pygambit as gbt
    import pygambit.catalog as catalog

    from deterrence.runs.errors import ConfigError
    from deterrence.runs.game_files import solve_game
    from deterrence.solvers.games.backward_induction import behaviour_of
    from deterrence.solvers.games.errors import GameError
    from deterrence.solvers.games.gambit_format import parse_efg, parse_nfg

    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    sys.setrecursionlimit(20_000)
    rows = []
    for name in catalog.games().Game:
        g = catalog.load(name)
        tree = g.is_tree
        text = g.to_efg() if tree else g.to_nfg()
        try:
            game = parse_efg(text) if tree else parse_nfg(text)
        except GameError as exc:
            rows.append((name, "refused", "-", "-", "-", "-", str(exc)[:50]))
            continue
        if tree and len(g.players) == 2:
            gambit = lambda g=g: gbt.nash.lcp_solve(g, rational=True).equilibria  # noqa: E731
            gname = "lcp"
        elif tree:
            gambit = lambda g=g: gbt.nash.logit_solve(g).equilibria  # noqa: E731
            gname = "logit"
        elif len(g.players) == 2:
            gambit = lambda g=g: gbt.nash.enummixed_solve(g, rational=True).equilibria  # noqa: E731
            gname = "enummixed"
        else:
            gambit = lambda g=g: gbt.nash.enumpoly_solve(g).equilibria  # noqa: E731
            gname = "enumpoly"
        tg, theirs = timed(gambit)
        try:
            to, ours = timed(lambda game=game: solve_game(game, None, time_limit=args.time_limit))
        except ConfigError as exc:
            rows.append((name, gname, len(theirs), f"{tg * 1e3:.1f}", "-", "-", str(exc)[-60:]))
            continue
        agree = _agree(g, game, theirs, ours, tree, behaviour_of)
        rows.append(
            (
                name,
                f"{ours.method} / {gname}",
                f"{len(ours.equilibria)} / {len(theirs)}",
                f"{to * 1e3:.1f}",
                f"{tg * 1e3:.1f}",
                f"{to / tg:.1f}",
                f"{ours.status}; {agree}",
            )
        )
    header = (
        "game",
        "ours / Gambit",
        "count ours / Gambit",
        "ours ms",
        "Gambit ms",
        "ratio",
        "notes",
    )
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print("| " + " | ".join(str(x) for x in r) + " |")
    else:
        for r in rows:
            print("  ".join(str(x) for x in r))


def _agree(g, game, theirs, ours, tree, behaviour_of) -> str:
    if not tree:
        flat = [np.concatenate(e.strategies) for e in ours.equilibria]
        missing = 0
        for eq in theirs:
            t = np.array([float(eq[s]) for p in g.players for s in p.strategies])
            missing += not any(np.allclose(t, f, atol=1e-6) for f in flat)
        return "all Gambit's found" if missing == 0 else f"{missing} of Gambit's missing"
    leaves = sorted(game.payoff_at)
    mine = []
    for e in ours.equilibria:
        reach = game.reach(behaviour_of(game, e))
        mine.append(np.array([reach[v] for v in leaves]))
    for eq in theirs:
        beh = [
            np.array([float(eq[a]) for a in inf.actions]) for p in g.players for inf in p.infosets
        ]
        reach = game.reach(beh)
        t = np.array([reach[v] for v in leaves])
        if any(np.allclose(t, m, atol=1e-6) for m in mine):
            return "a common outcome"
    return "no common outcome"


if __name__ == "__main__":
    main()
