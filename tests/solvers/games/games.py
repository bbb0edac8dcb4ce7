"""Games with known answers, shared by the game-solver tests."""

from __future__ import annotations

import numpy as np

from deterrence.solvers.games.extensive_form import Decision, ExtensiveFormGame, Leaf
from deterrence.solvers.games.normal_form import NormalFormGame

PRISONERS_DILEMMA = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
MATCHING_PENNIES = NormalFormGame.bimatrix([[1, -1], [-1, 1]])
BATTLE_OF_THE_SEXES = NormalFormGame.bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
CHICKEN = NormalFormGame.bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
ROCK_PAPER_SCISSORS = NormalFormGame.bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])


def entry_game() -> ExtensiveFormGame:
    """Selten's chain-store stage: the entrant stays out (0, 2) or enters; the
    incumbent fights (-1, -1) or accommodates (1, 1).  Nash: (out, fight) and
    (in, accommodate); subgame perfect: only (in, accommodate)."""
    incumbent = Decision(1, "incumbent", (("fight", Leaf((-1, -1))), ("accommodate", Leaf((1, 1)))))
    return ExtensiveFormGame(
        ("entrant", "incumbent"), Decision(0, "entrant", (("out", Leaf((0, 2))), ("in", incumbent)))
    )


def signorino_game() -> ExtensiveFormGame:
    """Signorino (1999)'s three-move deterrence game (docs/references.md)."""
    back = Decision(
        0, "challenger 2", (("back down", Leaf((-0.5, 0.5))), ("war", Leaf((-0.3, -0.6))))
    )
    defender = Decision(1, "defender", (("concede", Leaf((1, -1))), ("resist", back)))
    return ExtensiveFormGame(
        ("challenger", "defender"),
        Decision(0, "challenger 1", (("status quo", Leaf((0, 0))), ("challenge", defender))),
    )


def pennies_tree() -> ExtensiveFormGame:
    """Matching pennies with the second mover not seeing the first's move."""
    after_h = Decision(1, "guess", (("H", Leaf((1, -1))), ("T", Leaf((-1, 1)))))
    after_t = Decision(1, "guess", (("H", Leaf((-1, 1))), ("T", Leaf((1, -1)))))
    return ExtensiveFormGame(("1", "2"), Decision(0, "hide", (("H", after_h), ("T", after_t))))


def random_nondegenerate(rng: np.random.Generator, m: int, n: int) -> NormalFormGame:
    """A random integer game drawn from a wide range: ties (degeneracy) are rare and
    are redrawn."""
    from deterrence.solvers.games.support_enumeration import support_enumeration

    while True:
        a = rng.integers(-1000, 1000, (m, n))
        b = rng.integers(-1000, 1000, (m, n))
        game = NormalFormGame.bimatrix(a, b)
        if support_enumeration(game).status == "ok":
            return game


def as_set(profiles, decimals: int = 6) -> set[tuple[float, ...]]:
    """Equilibria as a set of rounded flat tuples, for comparing two solvers."""
    return {tuple(np.round(np.concatenate(p), decimals) + 0.0) for p in profiles}


def selten_horse() -> ExtensiveFormGame:
    """Selten's (1975, Figure 3) three-player game as laid out in Gambit's example
    e03: player 3's information set spans a node after player 1's first move and a
    node after player 2's and player 1's later moves.  Nash equilibria that are
    not sequential exist; the logit limit is sequential."""

    def third(right, left):
        return Decision(2, "(3,1)", (("R", Leaf(right)), ("L", Leaf(left))))

    later = Decision(0, "(1,2)", (("R", third((4, 4, 0), (0, 0, 5))), ("L", Leaf((2, 0, 0)))))
    second = Decision(1, "(2,1)", (("R", later), ("L", Leaf((1, 3, 0)))))
    return ExtensiveFormGame(
        ("1", "2", "3"), Decision(0, "(1,1)", (("R", third((3, 0, 3), (0, 0, 0))), ("L", second)))
    )
