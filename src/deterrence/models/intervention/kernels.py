r"""The compiled batch path: raw inputs stacked in numpy, everything else in Numba.

:func:`solve` stacks a batch model's inputs into one array (``kernel_setup.RAW_*``
columns), runs the kernel of the criterion (``kernel_smooth`` for every criterion
but minimax regret, ``kernel_regret`` for it), which derives each point's
constants in its compiled loop (``kernel_setup.set_point``), and returns the core
outputs and the references behind the premia (docs/model.md, "Batch solving").
"""

from __future__ import annotations

import numpy as np

from deterrence.models.intervention import kernel_setup as setup

CRITERION_CODES = {
    "expected": setup.EXPECTED,
    "maxmin": setup.MAXMIN,
    "alpha_maxmin": setup.ALPHA_MAXMIN,
    "smooth": setup.SMOOTH,
    "minimax_regret": setup.REGRET,
    "multiplier": setup.MULTIPLIER,
}
COMBAT_CODES = {"contest": 0, "lanchester_square": 1, "lanchester_linear": 2}


def raw_inputs(model, crit) -> np.ndarray:
    """The (P, NRAW) input array of a batch model and criterion."""
    p, b = model.params, model.belief
    rows = model.rows
    raw = np.empty((rows, setup.NRAW))

    def put(column: int, x) -> None:
        x = np.asarray(x, dtype=float)
        raw[:, column] = x.reshape(-1) if x.size == rows else x.reshape(())

    for column, value in (
        (setup.RAW_V, p.stakes),
        (setup.RAW_DT, p.target_strength),
        (setup.RAW_DR, p.third_party_strength),
        (setup.RAW_E, p.interoperability),
        (setup.RAW_M, p.decisiveness),
        (setup.RAW_C, p.force_cost),
        (setup.RAW_KN, p.war_cost),
        (setup.RAW_KI, p.intervention_war_cost),
        (setup.RAW_KAPPA, p.third_party_cost),
        (setup.RAW_W, p.third_party_loss),
        (setup.RAW_TARGET, p.success_target),
        (setup.RAW_FMAX, p.max_force),
        (setup.RAW_RHO, p.effectiveness_ratio),
        (setup.RAW_SIGMA, p.effectiveness_noise),
        (setup.RAW_LO, b.lo),
        (setup.RAW_HI, b.hi),
        (setup.RAW_MEAN, b.mean),
        (setup.RAW_SD, b.sd),
        (setup.RAW_ALPHA, crit.alpha),
    ):
        put(column, value)
    put(setup.RAW_A, b.beta[0] if b.beta is not None else 0.0)
    put(setup.RAW_B, b.beta[1] if b.beta is not None else 0.0)
    lam = crit.ambiguity_aversion if crit.name == "smooth" else 1.0 / np.asarray(crit.penalty)
    put(setup.RAW_LAM, lam)
    return raw


def solve(model, crit) -> dict[str, np.ndarray]:
    """Core outputs and references of every point, as arrays of shape (P,)."""
    from deterrence.models.intervention import kernel_smooth as ks

    raw = raw_inputs(model, crit)
    args = (
        CRITERION_CODES[crit.name],
        COMBAT_CODES[model.combat.name],
        model.belief.mode == "endogenous",
        model.belief.beta is not None,
        raw,
    )
    if crit.name == "minimax_regret":
        from deterrence.models.intervention import kernel_regret as kr

        out = kr.solve_points(*args)
    else:
        out = ks.solve_points(*args)
    return {
        "attack": out[:, ks.OUT_ATTACK] > 0.5,
        "force": out[:, ks.OUT_FORCE],
        "intervention_probability": out[:, ks.OUT_Q],
        "threshold": out[:, ks.OUT_THRESHOLD],
        "force_requirement": out[:, ks.OUT_REQUIREMENT],
        "expected_utility_threshold": out[:, ks.OUT_V_EU],
        "no_intervention_threshold": out[:, ks.OUT_V_0],
        "expected_utility_force_requirement": out[:, ks.OUT_R_EU],
        "status": out[:, ks.OUT_STATUS].astype(np.int64),
    }
