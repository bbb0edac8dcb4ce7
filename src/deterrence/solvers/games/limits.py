"""Stated limits on the size of a game, checked before any work is done.

A game beyond one of these is refused with one line naming the limit
(issue 16: bounded work for any input).  The numbers are sized for a 2-core
machine with a few GB of memory: a game at a limit is read in seconds.
"""

from __future__ import annotations

MAX_PLAYERS = 64  # numpy's limit on the number of array axes
MAX_STRATEGIES = 100_000  # pure strategies of one player
MAX_CELLS = 10_000_000  # pure profiles of a strategic game
MAX_NODES = 1_000_000  # nodes of a game tree
MAX_INFOSETS = 100_000  # information sets of a game tree
DEFAULT_TIME_LIMIT = 60.0  # seconds a solve may be estimated to take (``--time-limit``)
