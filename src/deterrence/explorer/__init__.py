"""The what-if explorer: ``deterrence explore`` serves a local page (docs/explorer.md).

A presentation layer beside ``cli`` and ``plotting``: controls generated from
the loaded model's declared schema, settings checked as ``--set`` overrides
(``state``), outputs and figures from the package's own solver and plotting.
"""

from deterrence.explorer.app import Target, create_app

__all__ = ["Target", "create_app"]
