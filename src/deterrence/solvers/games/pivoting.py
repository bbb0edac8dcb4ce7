"""Lemke--Howson and vertex enumeration for two-player games (exact arithmetic).

Kept as the stable entry point of the pivoting methods:

* :func:`lemke_howson` -- :mod:`.lemke_howson`: exact, lexicographic pivoting
  (Lemke & Howson 1964; von Stengel 2002), so degenerate games are handled.
* :func:`vertex_enumeration` -- :mod:`.extreme_equilibria`: every extreme
  equilibrium and the maximal Nash subsets (Avis, Rosenberg, Savani & von
  Stengel 2010).

Both return only profiles verified exactly (zero rational regret).
"""

from __future__ import annotations

from deterrence.solvers.games.extreme_equilibria import extreme_equilibria
from deterrence.solvers.games.lemke_howson import lemke_howson
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import NashResult


def vertex_enumeration(game: NormalFormGame) -> NashResult:
    """Every extreme equilibrium (completely labelled vertex pairs) and the components."""
    return extreme_equilibria(game)


__all__ = ["lemke_howson", "vertex_enumeration"]
