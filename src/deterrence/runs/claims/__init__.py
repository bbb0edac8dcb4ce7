"""The claim ledger: each claim of the source article as an assumption or a result, with
the command that prints its number, its verdict and where it holds (docs/claims.md)."""

from deterrence.runs.claims.ledger import EVALUATORS, Ledger, run_ledger
from deterrence.runs.claims.record import Claim

__all__ = ["EVALUATORS", "Claim", "Ledger", "run_ledger"]
