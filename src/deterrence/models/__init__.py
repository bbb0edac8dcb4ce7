"""The games: parameters, payoffs, and what A is uncertain about.

* :mod:`.parameters` -- the parameter table and the validated ``Parameters``.
* :mod:`.combat` -- win probabilities p(F, D) (contest, Lanchester).
* :mod:`.beliefs` -- A's set of priors over R's intervention.
* :mod:`.criteria` -- A's decision criterion under ambiguity.
* :mod:`.intervention` -- the canonical model and its ``Solution``.
"""
