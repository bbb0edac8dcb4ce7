"""The one error type of the game layer."""

from __future__ import annotations


class GameError(ValueError):
    """A game that cannot be built or read: wrong payoff shapes, a malformed file.

    The message is one line naming what is wrong; the command line turns it into
    exit status 2.
    """


class TimeLimitExceeded(GameError):
    """A solver ran past its time limit (the CLI's ``--time-limit``); one line."""
