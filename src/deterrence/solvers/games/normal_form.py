"""Normal-form games with any number of players.

A game with n players and strategy counts (s_1, ..., s_n) holds one payoff
array per player, each of shape (s_1, ..., s_n): ``payoffs[i][a]`` is player
i's payoff at the pure profile a.  Two-player games are bimatrix games
(A, B) with A = payoffs[0] (row player) and B = payoffs[1] (column player).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.limits import MAX_PLAYERS


@dataclass(frozen=True, eq=False)
class NormalFormGame:
    """A finite game in strategic form.

    Parameters
    ----------
    payoffs:
        One array per player, all of the same shape (one axis per player).
    players, strategies:
        Optional labels; default ``"1", "2", ...`` and ``"1", "2", ...`` per player.
    title:
        A free-text title (kept through Gambit files).
    exact:
        Optional exact payoffs (object arrays of ``Fraction``), as read from a
        Gambit file; by default the exact values of ``payoffs`` are their
        shortest decimals (see :attr:`exact_payoffs`).
    """

    payoffs: tuple[np.ndarray, ...]
    players: tuple[str, ...] = field(default=())
    strategies: tuple[tuple[str, ...], ...] = field(default=())
    title: str = ""
    exact: tuple[np.ndarray, ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.payoffs) > MAX_PLAYERS:
            raise GameError(f"{len(self.payoffs)} players is more than the {MAX_PLAYERS} allowed")
        with np.errstate(over="ignore"):
            arrays = tuple(np.asarray(p, dtype=float) for p in self.payoffs)
        if len(arrays) < 1:
            raise GameError("a game needs at least one player's payoffs")
        shape = arrays[0].shape
        n = len(arrays)
        for i, a in enumerate(arrays):
            if a.shape != shape:
                raise GameError(
                    f"payoffs of player {i + 1} have shape {a.shape}, expected {shape} "
                    "(all players' arrays must have the same shape)"
                )
        if len(shape) != n:
            raise GameError(
                f"{n} players need payoff arrays with {n} axes (one per player), got {len(shape)}"
            )
        if any(s < 1 for s in shape):
            raise GameError(f"every player needs at least one strategy, got counts {shape}")
        if not all(np.isfinite(a).all() for a in arrays):
            raise GameError("payoffs must be finite numbers")
        players = tuple(self.players) or tuple(str(i + 1) for i in range(n))
        strategies = tuple(tuple(s) for s in self.strategies) or tuple(
            tuple(str(j + 1) for j in range(s)) for s in shape
        )
        if len(players) != n:
            raise GameError(f"{len(players)} player names for {n} players")
        if tuple(len(s) for s in strategies) != shape:
            raise GameError(
                f"strategy labels {tuple(len(s) for s in strategies)} do not match counts {shape}"
            )
        if self.exact is not None:
            exact = tuple(np.asarray(e, dtype=object) for e in self.exact)
            if len(exact) != n or any(e.shape != shape for e in exact):
                raise GameError("exact payoffs must have the shape of the payoffs")
            for e in exact:
                e.setflags(write=False)
            object.__setattr__(self, "exact", exact)
        for a in arrays:
            a.setflags(write=False)
        object.__setattr__(self, "payoffs", arrays)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "strategies", strategies)

    @classmethod
    def bimatrix(cls, a: Sequence, b: Sequence | None = None, **labels) -> NormalFormGame:
        """A two-player game from the row player's matrix A and the column player's B.

        ``b`` defaults to ``-a`` (a zero-sum game).
        """
        a = np.asarray(a, dtype=float)
        if a.ndim != 2:
            raise GameError(f"a bimatrix game needs 2-d payoff matrices, got shape {a.shape}")
        b = -a if b is None else np.asarray(b, dtype=float)
        return cls((a, b), **labels)

    @property
    def exact_payoffs(self) -> tuple[np.ndarray, ...]:
        """The payoffs as object arrays of ``Fraction`` (computed once when not given)."""
        if self.exact is None:
            from deterrence.solvers.games.exact import fractions_of

            object.__setattr__(self, "exact", tuple(fractions_of(u) for u in self.payoffs))
        return self.exact  # type: ignore[return-value]

    def player_ranges(self) -> tuple[float, ...]:
        """Each player's payoff range max u_i - min u_i (at least 1e-300)."""
        return tuple(max(float(u.max() - u.min()), 1e-300) for u in self.payoffs)

    @property
    def n_players(self) -> int:
        return len(self.payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.payoffs[0].shape

    def expected_payoffs(self, profile: Sequence[np.ndarray]) -> np.ndarray:
        """Each player's expected payoff at a mixed profile (one vector per player)."""
        return np.array([float(_contract(u, profile)) for u in self.payoffs])

    def pure_payoffs(self, profile: Sequence[np.ndarray]) -> list[np.ndarray]:
        """For each player i, the payoff of each pure strategy of i against the others' mix."""
        out = []
        for i, u in enumerate(self.payoffs):
            others = [p if j != i else None for j, p in enumerate(profile)]
            out.append(_contract(u, others))
        return out

    def regret(self, profile: Sequence[np.ndarray]) -> float:
        """Largest gain any player can make by a unilateral deviation (0 at a Nash equilibrium)."""
        profile = [np.asarray(p, dtype=float) for p in profile]
        values = self.pure_payoffs(profile)
        return float(max(v.max() - v @ p for v, p in zip(values, profile, strict=True)))

    def check_profile(self, profile: Sequence[Sequence[float]], tol: float = 1e-9) -> None:
        """Raise GameError unless ``profile`` is one probability vector per player."""
        if len(profile) != self.n_players:
            raise GameError(f"a profile needs {self.n_players} strategies, got {len(profile)}")
        for i, (p, s) in enumerate(zip(profile, self.shape, strict=True)):
            p = np.asarray(p, dtype=float)
            if p.shape != (s,) or (p < -tol).any() or abs(p.sum() - 1) > tol:
                raise GameError(f"strategy of player {i + 1} is not a distribution over {s}")


def _contract(u: np.ndarray, profile: Sequence[np.ndarray | None]) -> np.ndarray:
    """Contract payoff array ``u`` with the given vectors; a None axis is kept."""
    out = u
    # contract from the last axis so that earlier axis numbers stay valid
    for axis in reversed(range(u.ndim)):
        p = profile[axis]
        if p is not None:
            out = np.tensordot(out, np.asarray(p, dtype=float), axes=([axis], [0]))
    return out
