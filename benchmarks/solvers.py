"""Game-solver speed: all equilibria against Gambit and nashpy; the batched 2x2 path.

Run by hand (not part of the test suite):

    python benchmarks/solvers.py                 # sizes 2x2 .. 8x8, 20 games each
    python benchmarks/solvers.py --games 50 --batch 100000

For each size, random nondegenerate games (integer payoffs in [-1000, 1000),
redrawn when degenerate) are solved by ``support_enumeration`` (ours),
pygambit's ``enummixed_solve(rational=False)`` and nashpy 0.0.43's
``support_enumeration``; the median time per game is reported, with how
many equilibria each found in total (ours must equal Gambit's).  The batch
part solves ``--batch`` random 2x2 games with ``solve_2x2_batch`` and one at a
time with ``support_enumeration``.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

from deterrence.solvers.games.batch import solve_2x2_batch
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.support_enumeration import support_enumeration


def random_games(rng, size: int, count: int) -> list[NormalFormGame]:
    games = []
    while len(games) < count:
        a, b = rng.integers(-1000, 1000, (2, size, size))
        game = NormalFormGame.bimatrix(a, b)
        if support_enumeration(game).status == "ok":
            games.append(game)
    return games


def median_time(fn, repeat: int) -> tuple[float, object]:
    times = []
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def compare_sizes(sizes, games_per_size: int, repeat: int) -> None:
    import nashpy

    try:
        import pygambit as gbt
    except ImportError:  # pragma: no cover - benchmark only
        gbt = None
    rng = np.random.default_rng(0)
    header = f"{'size':>5} {'ours ms':>9} {'gambit ms':>10} {'nashpy ms':>10} {'ratio':>6}"
    print(header + "  equilibria ours/gambit/nashpy")
    for n in sizes:
        ours_t, gambit_t, nashpy_t = [], [], []
        counts = [0, 0, 0]
        for game in random_games(rng, n, games_per_size):
            t, result = median_time(lambda g=game: support_enumeration(g), repeat)
            ours_t.append(t)
            counts[0] += len(result.equilibria)
            if gbt is not None:
                g = gbt.Game.from_arrays(*[u.astype(int) for u in game.payoffs])
                t, eqs = median_time(
                    lambda g=g: gbt.nash.enummixed_solve(g, rational=False), repeat
                )
                gambit_t.append(t)
                counts[1] += len(eqs.equilibria)
            nash_game = nashpy.Game(*game.payoffs)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t, eqs = median_time(
                    lambda ng=nash_game: list(ng.support_enumeration()), max(1, repeat // 5)
                )
            nashpy_t.append(t)
            counts[2] += len(eqs)
        ours = statistics.median(ours_t) * 1e3
        gambit = statistics.median(gambit_t) * 1e3 if gambit_t else float("nan")
        nashpy_ms = statistics.median(nashpy_t) * 1e3
        print(
            f"{n}x{n:<3} {ours:9.3f} {gambit:10.3f} {nashpy_ms:10.3f} {ours / gambit:6.2f}  "
            f"{counts[0]}/{counts[1]}/{counts[2]}"
        )


def batch_2x2(count: int) -> None:
    rng = np.random.default_rng(1)
    a = rng.normal(size=(count, 2, 2))
    b = rng.normal(size=(count, 2, 2))
    start = time.perf_counter()
    batch = solve_2x2_batch(a, b)
    batched = time.perf_counter() - start
    start = time.perf_counter()
    total = 0
    for g in range(count):
        total += len(support_enumeration(NormalFormGame.bimatrix(a[g], b[g])).equilibria)
    single = time.perf_counter() - start
    assert total == int(batch.count.sum())
    print(
        f"{count} 2x2 games: batch {batched * 1e3:.1f} ms ({count / batched:,.0f} games/s), "
        f"one at a time {single:.2f} s ({count / single:,.0f} games/s): "
        f"{single / batched:.0f}x; {total} equilibria"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=20, help="games per size")
    parser.add_argument("--repeat", type=int, default=5, help="timings per game (median)")
    parser.add_argument("--max-size", type=int, default=8)
    parser.add_argument("--batch", type=int, default=100_000, help="2x2 games in the batch test")
    args = parser.parse_args()
    compare_sizes(range(2, args.max_size + 1), args.games, args.repeat)
    batch_2x2(args.batch)


if __name__ == "__main__":
    main()
