"""Finite games and their equilibria: generic, pure functions that know no model.

* :mod:`.normal_form` -- ``NormalFormGame`` (n players, payoff arrays).
* :mod:`.result` -- ``Equilibrium`` and ``NashResult``: answers with their method,
  status and regret.
* :mod:`.support_enumeration` -- every equilibrium of a two-player game.
* :mod:`.pivoting` -- Lemke--Howson and vertex enumeration (via nashpy).
* :mod:`.pure` -- pure equilibria of n-player games.
* :mod:`.dominance` -- iterated elimination of strictly dominated strategies.
* :mod:`.batch` -- every equilibrium of many 2x2 games at once.
* :mod:`.qre` -- logit quantal response equilibria by path following.
* :mod:`.bayesian` -- ``BayesianGame`` and its Harsanyi transformation.
* :mod:`.extensive_form` -- ``ExtensiveFormGame``: trees with chance and information sets.
* :mod:`.backward_induction` -- subgame-perfect equilibria of perfect-information trees.
* :mod:`.reduction` -- a tree's normal form and behaviour strategies from mixed ones.
* :mod:`.signalling` -- pure perfect Bayesian equilibria of sender-receiver games.
* :mod:`.gambit_format` -- Gambit's ``.nfg`` and ``.efg`` text formats.
"""

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.normal_form import NormalFormGame
from deterrence.solvers.games.result import Equilibrium, NashResult

__all__ = ["Equilibrium", "GameError", "NashResult", "NormalFormGame"]
