"""The catalogue of models that configs can name, for ``deterrence models``."""

from __future__ import annotations

from deterrence.models.beliefs import BELIEF_MODES
from deterrence.models.combat import COMBAT_MODELS
from deterrence.models.criteria import CRITERIA
from deterrence.models.parameters import PARAMETERS

MODELS = {
    "intervention": (
        "A planner A chooses to hold or to attack a target T with force F; a third party R, "
        "whose resolve A does not know, may intervene (docs/model.md)."
    ),
}
GAME_MODELS = {
    "finite_intervention": (
        "finite",
        "docs/model.md's finite form: R committed (w_c) or opportunist (w_o), A picks a force "
        "level or holds; subgame-perfect equilibrium (docs/games.md)",
        "force_levels = [1.0, 2.0, 3.0, 4.0], prior_committed = 0.5, committed_value = 3.0, "
        "opportunist_value = 0.5",
    ),
    "posture": (
        "posture",
        "the US picks a force level while Russia, unseen, picks a readiness level; "
        "every (mixed) equilibrium (docs/games.md)",
        "force_levels = [0, 0.5, 1, 1.5, 2, 3, 4], readiness_names, readiness = [0, 0.5, 1], "
        "readiness_cost = [0, 0.02, 0.05], third_party_value = 0.3",
    ),
    "signalling": (
        "signalling",
        "R signals its type by a cooperation level (costly, raises e) and a treaty text "
        "(cheap talk or an audience cost); every PBE and the intuitive criterion (docs/deeds.md)",
        "prior_committed, committed_value, opportunist_value, levels, cost_committed, "
        "cost_opportunist, interoperability_gain, texts, audience_cost, high_stakes, "
        "prob_high_stakes, criterion = expected | maxmin",
    ),
    "dynamics": (
        "scenario",
        "dated events update A's belief interval by Bayes' rule and raise e; the canonical "
        "model is solved each year with [criterion] (docs/deeds.md)",
        "start, end, prior_committed, [[scenario.events]] year, name, likelihood_committed, "
        "likelihood_opportunist, interoperability_gain, kind, source",
    ),
}

BELIEF_KEYS = (
    ("mode", "exogenous", "exogenous (A's belief q given) | endogenous (R best-responds)"),
    ("q", "[0.2, 0.6]", "exogenous: a point 0.4, an interval [lo, hi], or { beta = [a, b] }"),
    ("resolve_mean", "0.0", "endogenous: mean mu of R's resolve, a number or [lo, hi]"),
    ("resolve_sd", "0.3", "endogenous: sd of R's resolve, > 0"),
)
CRITERION_KEYS = (
    ("name", "maxmin", " | ".join(CRITERIA)),
    ("alpha", "0.5", "alpha_maxmin: weight on the worst case, in [0, 1]"),
    ("ambiguity_aversion", "2.0", "smooth: lambda > 0"),
    ("penalty", "1.0", "multiplier: theta > 0"),
)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1]
        for r in rows
    ]


def describe_models() -> str:
    """Human-readable list of models, their parameters, defaults and meanings."""
    lines: list[str] = []
    for name, text in MODELS.items():
        lines += [
            f"model: {name}",
            f"  {text}",
            "",
            f"[model] combat = {' | '.join(COMBAT_MODELS)}  (default contest)",
            "",
            "[parameters]",
        ]
        lines += _table(
            [("name", "symbol", "default", "meaning")]
            + [
                (p.name, p.symbol, f"{p.default:g}", f"{p.meaning}; {p.allowed()}")
                for p in PARAMETERS
            ]
        )
        lines += ["", f"[belief]  (modes: {', '.join(BELIEF_MODES)})"]
        lines += _table([("key", "default", "meaning"), *BELIEF_KEYS])
        lines += ["", "[criterion]"]
        lines += _table([("key", "default", "meaning"), *CRITERION_KEYS])
    for name, (section, text, keys) in GAME_MODELS.items():
        lines += [
            "",
            f"model: {name}",
            f"  {text}",
            f"  sections: [model] (combat), [parameters] (as above), [{section}]",
            f"  [{section}] {keys}",
        ]
    return "\n".join(lines)
