"""The canonical intervention model and the games built on it.

* :mod:`.model` -- :class:`InterventionModel`, the planner facing uncertain
  third-party intervention (docs/model.md);
* :mod:`.kernels` -- the compiled sweep kernel of the one-prior criteria;
* :mod:`.finite` -- its finite form, for general game solvers;
* :mod:`.posture` -- the posture game (Russia's readiness as a mixed strategy).
"""
