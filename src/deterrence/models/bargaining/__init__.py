"""Crisis bargaining with a third party (docs/bargaining.md).

* :mod:`.model` -- :class:`BargainingModel`: A's take-it-or-leave-it demand to T
  when R may join a war (Fearon 1995; Werner 2000), valued by A's criterion;
* :mod:`.family` -- its config schema, build and solve (``model.name = "bargaining"``);
* :mod:`.batch` -- its sweep adapter.
"""
