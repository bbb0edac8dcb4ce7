"""Generic numerical solvers: pure functions that know no model.

* :mod:`.optimize` -- global maximisation over a log-spaced bracket, batched over rows.
* :mod:`.roots` -- least crossings and thresholds of monotone functions.
* :mod:`.ambiguity` -- decision criteria under ambiguity for two-outcome lotteries.
"""
