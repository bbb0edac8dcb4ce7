"""Regenerate Gambit's answers for the project's own game corpus (``corpus.py``).

    pip install -e '.[gambit]'
    python tests/solvers/games/make_gambit_fixtures.py

Writes each game as ``fixtures/NAME.nfg`` / ``.efg`` and Gambit 16's answers to
``fixtures/gambit_answers.json``: two-player strategic games, the extreme
equilibria of ``enummixed_solve(rational=True)`` as ``p/q`` strings; n-player
ones, ``enumpoly_solve``'s equilibria as floats; two-player trees,
``lcp_solve(rational=True)``'s equilibrium as the probability of each leaf
(in our depth-first leaf order).  The default tests compare against this file,
so they need no pygambit; ``pytest -m gambit`` runs the live comparison.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

import pygambit as gbt  # noqa: E402

from deterrence.solvers.games.gambit_format import write_efg, write_nfg  # noqa: E402
from tests.solvers.games.corpus import strategic_corpus, tree_corpus  # noqa: E402

FIXTURES = HERE / "fixtures"


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    answers: dict = {"gambit_version": gbt.__version__, "games": {}}
    for name, game in strategic_corpus().items():
        path = FIXTURES / f"{name}.nfg"
        path.write_text(write_nfg(game))
        g = gbt.read_nfg(str(path))
        if game.n_players == 2:
            eqs = gbt.nash.enummixed_solve(g, rational=True).equilibria
            profiles = [[[str(e[s]) for s in p.strategies] for p in g.players] for e in eqs]
            answers["games"][name] = {"method": "enummixed_solve", "equilibria": profiles}
        else:
            eqs = gbt.nash.enumpoly_solve(g).equilibria
            profiles = [[[float(e[s]) for s in p.strategies] for p in g.players] for e in eqs]
            answers["games"][name] = {"method": "enumpoly_solve", "equilibria": profiles}
    for name, tree in tree_corpus().items():
        path = FIXTURES / f"{name}.efg"
        path.write_text(write_efg(tree))
        g = gbt.read_efg(str(path))
        if len(g.players) != 2:
            eqs = gbt.nash.logit_solve(g).equilibria
            method = "logit_solve"
        else:
            eqs = gbt.nash.lcp_solve(g, rational=True).equilibria
            method = "lcp_solve"
        leaves = [[float(e.realiz_prob(node)) for node in _leaves(g.root)] for e in eqs]
        answers["games"][name] = {"method": method, "leaf_probabilities": leaves}
    (FIXTURES / "gambit_answers.json").write_text(json.dumps(answers, indent=1) + "\n")


def _leaves(node):
    if node.is_terminal:
        yield node
    for child in node.children:
        yield from _leaves(child)


if __name__ == "__main__":
    main()
