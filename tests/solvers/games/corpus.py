"""The project's own corpus of small games for the solver tests (issue 17).

Each game is built here from a fixed seed or by hand, so the corpus is ours
(no file of Gambit's is used); ``make_gambit_fixtures.py`` writes each as a
Gambit file under ``fixtures/`` with Gambit's answers beside it.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from deterrence.solvers.games.extensive_form import Chance, Decision, ExtensiveFormGame, Leaf
from deterrence.solvers.games.normal_form import NormalFormGame

HUGE = 10**19


def degenerate_bimatrix(seed: int, m: int, n: int, high: int = 3) -> NormalFormGame:
    """Small integer payoffs in [0, high]: ties, hence degeneracy, are common."""
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, high + 1, (2, m, n))
    return NormalFormGame.bimatrix(a, b, title=f"degenerate {m}x{n} seed {seed}")


def random_nplayer(seed: int, shape: tuple[int, ...], high: int = 9) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame(
        tuple(rng.integers(0, high + 1, shape) for _ in shape), title=f"random {shape} {seed}"
    )


def coordination(players: int, strategies: int) -> NormalFormGame:
    """Everyone gets s + 1 when all choose strategy s, else 0."""
    shape = (strategies,) * players
    u = np.zeros(shape)
    for s in range(strategies):
        u[(s,) * players] = s + 1
    return NormalFormGame(tuple(u.copy() for _ in range(players)), title="coordination")


def all_equal_tree() -> ExtensiveFormGame:
    """Player 1 picks a or b; player 2, not seeing it, picks c or d; every payoff 1/2,
    so all four pure profiles (and every mixture) are equilibria (cf. Jakobsen,
    Sorensen & Conitzer 2016, fig. 1a)."""
    half = Fraction(1, 2)

    def second():
        return Decision(1, "guess", (("c", Leaf((half, half))), ("d", Leaf((half, half)))))

    return ExtensiveFormGame(("1", "2"), Decision(0, "move", (("a", second()), ("b", second()))))


def huge_payoff_tree() -> ExtensiveFormGame:
    """Chance picks L or R; player 1 (not seeing it) picks A or B; player 2 (seeing
    only player 1's move) picks X or Y; one outcome pays 1e19, the rest +-1 or 0.
    In float64, 1e19 + 1 == 1e19: the small payoffs vanish next to the large one."""

    def p2(k, xs):
        return Decision(
            1, f"after {k}", tuple((a, Leaf(pay)) for a, pay in zip("XY", xs, strict=False))
        )

    left = Decision(
        0,
        "guess",
        (("A", p2("A", [(HUGE, -HUGE), (1, -1)])), ("B", p2("B", [(-1, 1), (0, 0)]))),
    )
    right = Decision(
        0, "guess", (("A", p2("A", [(-1, 1), (1, -1)])), ("B", p2("B", [(0, 0), (HUGE, -HUGE)])))
    )
    half = Fraction(1, 2)
    return ExtensiveFormGame(("1", "2"), Chance((("L", half, left), ("R", half, right))))


def chance_only_tree() -> ExtensiveFormGame:
    third = Fraction(1, 3)
    return ExtensiveFormGame(
        ("only",),
        Chance(
            (
                ("a", third, Leaf((0,))),
                ("b", Fraction(0), Leaf((1,))),
                ("c", third, Leaf((3,))),
                ("d", third, Leaf((3,))),
            )
        ),
    )


def horse_tree() -> ExtensiveFormGame:
    """A three-player 'horse' (after Selten 1975, fig. 1, with our own payoffs): 1 and
    2 can end the game; 3 moves at one information set not knowing who passed."""

    def three(l_pay, r_pay):
        return Decision(2, "3", (("L", Leaf(l_pay)), ("R", Leaf(r_pay))))

    two = Decision(1, "2", (("C", Leaf((1, 1, 1))), ("D", three((4, 4, 0), (1, 1, 1)))))
    return ExtensiveFormGame(
        ("1", "2", "3"), Decision(0, "1", (("C", two), ("D", three((0, 0, 1), (3, 2, 2)))))
    )


def many_types_tree(types: int = 12) -> ExtensiveFormGame:
    """Chance draws one of ``types`` equally likely types of player 1, who signals
    h or l; player 2 sees the signal only and answers u or d.  The reduced normal
    form has 2**types strategies for player 1; the sequence form stays small."""
    rng = np.random.default_rng(types)
    branches = []
    for t in range(types):
        moves = []
        for signal in "hl":
            pays = rng.integers(-5, 6, (2, 2))
            answer = Decision(
                1,
                f"saw {signal}",
                (
                    ("u", Leaf(tuple(int(v) for v in pays[0]))),
                    ("d", Leaf(tuple(int(v) for v in pays[1]))),
                ),
            )
            moves.append((signal, answer))
        branches.append((f"type {t}", Fraction(1, types), Decision(0, f"type {t}", tuple(moves))))
    return ExtensiveFormGame(("sender", "receiver"), Chance(tuple(branches)))


def strategic_corpus() -> dict[str, NormalFormGame]:
    games = {
        "zero_2x2": NormalFormGame.bimatrix(np.zeros((2, 2)), np.zeros((2, 2))),
        "coordination_3x3x3": coordination(3, 3),
    }
    for seed in range(6):
        games[f"degenerate_3x3_{seed}"] = degenerate_bimatrix(seed, 3, 3)
        games[f"degenerate_4x3_{seed}"] = degenerate_bimatrix(100 + seed, 4, 3, high=2)
    for seed in range(4):
        games[f"random_2x2x2_{seed}"] = random_nplayer(seed, (2, 2, 2))
    games["random_2x2x2x2_0"] = random_nplayer(7, (2, 2, 2, 2))
    games["random_3x2x2_0"] = random_nplayer(8, (3, 2, 2))
    return games


def tree_corpus() -> dict[str, ExtensiveFormGame]:
    return {
        "all_equal": all_equal_tree(),
        "huge_payoff": huge_payoff_tree(),
        "chance_only": chance_only_tree(),
        "horse": horse_tree(),
        "many_types": many_types_tree(),
    }
