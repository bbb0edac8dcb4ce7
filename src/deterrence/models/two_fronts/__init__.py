"""Force allocation across two fronts (docs/two_fronts.md).

* :mod:`.model` -- :class:`TwoFrontsModel`: A divides a budget between the
  Pacific and Europe when R may join T or open Europe, valued by A's criterion
  (lottery Blotto; Friedman 1958; Kovenock & Roberson 2012);
* :mod:`.game` -- :class:`TwoFrontsGame`: R best-responds, every equilibrium;
* :mod:`.family` -- the config schema, build and solve (``model.name = "two_fronts"``);
* :mod:`.batch` -- the sweep adapter.
"""
