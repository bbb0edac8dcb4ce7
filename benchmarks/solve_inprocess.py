"""Time of one in-process solve per criterion and belief mode (median of several runs).

Run by hand:  python benchmarks/solve_inprocess.py
"""

from __future__ import annotations

import statistics
import time

from deterrence.models.beliefs import Belief
from deterrence.models.combat import Combat
from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters

BELIEFS = {
    "exogenous [0.2, 0.6]": Belief("exogenous", 0.2, 0.6),
    "exogenous Beta(2, 3)": Belief("exogenous", beta=(2.0, 3.0)),
    "endogenous mu in [-0.2, 0.2]": Belief("endogenous", -0.2, 0.2),
}


def main(repeat: int = 7) -> None:
    print(f"{'belief':30s} {'criterion':16s} median ms")
    for label, belief in BELIEFS.items():
        model = InterventionModel(Parameters(), Combat(), belief)
        for name in CRITERIA:
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                model.solve(Criterion(name))
                times.append(time.perf_counter() - start)
            print(f"{label:30s} {name:16s} {1000 * statistics.median(times):8.1f}")


if __name__ == "__main__":
    main()
