"""Names, symbols and units of every quantity a figure, table or report shows.

One place for them: axis labels, table headers and the report read
:func:`quantity`, so a column's raw key (``criterion.name``,
``belief.q_width``) never reaches a reader.  Outputs are looked up by the
names in :data:`deterrence.models.solution.OUTPUT_NAMES`; a test checks that
every one of them has an entry here.

Units follow docs/model.md: forces are in units of T's defence (D_T = 1 by
default), stakes and costs in A's cost units, probabilities and shares have
none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deterrence.models.parameters import SPECS

FORCE = "units of T's defence"
STAKES = "cost units"


@dataclass(frozen=True)
class Quantity:
    """What a column means: a short name, its symbol and its unit.

    ``kind`` is ``number``, ``probability`` (a number in [0, 1]), ``share``
    (a ratio, shown as a percentage), ``boolean`` or ``category``.
    """

    key: str
    name: str
    symbol: str = ""
    unit: str = ""
    kind: str = "number"

    @property
    def label(self) -> str:
        """An axis label: name, symbol and unit, e.g. "aggression threshold V* (cost units)"."""
        text = f"{self.name} {self.symbol}".strip()
        return f"{text} ({self.unit})" if self.unit else text

    @property
    def short(self) -> str:
        """The symbol if there is one, else the name (for subtitles and legends)."""
        return self.symbol or self.name


_OUTPUTS = (
    Quantity("attack", "A's decision", "", "", "boolean"),
    Quantity("force", "optimal force", "F*", FORCE),
    Quantity(
        "intervention_probability", "intervention probability at F*", "q(F*)", "", "probability"
    ),
    Quantity("threshold", "aggression threshold", "V*", STAKES),
    Quantity("force_requirement", "force requirement", "F_req", FORCE),
    Quantity("threshold_premium", "threshold premium", "ΔV*", STAKES),
    Quantity("threshold_premium_relative", "relative threshold premium", "ΔV*/V*_EU", "", "share"),
    Quantity("force_premium", "force premium", "ΔF_req", FORCE),
    Quantity("extra_cost", "extra cost of the force premium", "c·ΔF_req", STAKES),
    Quantity("risk_threshold_premium", "risk part of the threshold premium", "ΔV*_risk", STAKES),
    Quantity(
        "ambiguity_threshold_premium", "ambiguity part of the threshold premium", "ΔV*_amb", STAKES
    ),
    Quantity("risk_force_premium", "risk part of the force premium", "ΔF_risk", FORCE),
    Quantity("ambiguity_force_premium", "ambiguity part of the force premium", "ΔF_amb", FORCE),
)
OUTPUTS: dict[str, Quantity] = {q.key: q for q in _OUTPUTS}

_INPUTS = (
    Quantity("model.combat", "combat model", kind="category"),
    Quantity("belief.mode", "belief mode", kind="category"),
    Quantity("criterion.name", "criterion", kind="category"),
    Quantity("belief.q_lo", "lower intervention probability", "q_lo", "", "probability"),
    Quantity("belief.q_hi", "upper intervention probability", "q_hi", "", "probability"),
    Quantity("belief.q_mid", "midpoint of the q interval", "q_mid", "", "probability"),
    Quantity("belief.q_width", "width of the q interval", "q_hi − q_lo", "", "probability"),
    Quantity("belief.beta_a", "Beta prior's first shape", "a"),
    Quantity("belief.beta_b", "Beta prior's second shape", "b"),
    Quantity("belief.resolve_mean_lo", "lower mean resolve of R", "μ_lo"),
    Quantity("belief.resolve_mean_hi", "upper mean resolve of R", "μ_hi"),
    Quantity("belief.resolve_mean_mid", "midpoint of the μ interval", "μ_mid"),
    Quantity("belief.resolve_mean_width", "width of the μ interval", "μ_hi − μ_lo"),
    Quantity("belief.resolve_sd", "sd of R's resolve", "σ_θ"),
    Quantity("criterion.alpha", "weight on the worst case (α-maxmin)", "α", "", "probability"),
    Quantity("criterion.ambiguity_aversion", "ambiguity aversion (smooth)", "λ"),
    Quantity("criterion.penalty", "penalty (multiplier)", "θ"),
    Quantity("status", "status", kind="category"),
)
INPUTS: dict[str, Quantity] = {q.key: q for q in _INPUTS}

_PARAMETER_UNITS = {
    "stakes": STAKES,
    "target_strength": FORCE,
    "third_party_strength": FORCE,
    "force_cost": "cost units per unit of force",
    "war_cost": STAKES,
    "intervention_war_cost": STAKES,
    "third_party_cost": "R's cost units",
    "third_party_loss": "R's cost units",
    "max_force": FORCE,
}
_PARAMETER_KINDS = {"interoperability": "probability", "success_target": "probability"}


def _parameter(name: str) -> Quantity:
    spec = SPECS[name]
    return Quantity(
        f"parameters.{name}",
        name.replace("_", " "),
        spec.symbol,
        _PARAMETER_UNITS.get(name, ""),
        _PARAMETER_KINDS.get(name, "number"),
    )


def quantity(column: str) -> Quantity:
    """The quantity behind a results column, config key or output name.

    Unknown columns get their key with underscores and dots as spaces, so a
    raw key is never shown as it is.
    """
    if column in OUTPUTS:
        return OUTPUTS[column]
    if column in INPUTS:
        return INPUTS[column]
    name = column.removeprefix("parameters.")
    if name in SPECS:
        return _parameter(name)
    return Quantity(column, column.replace(".", " ").replace("_", " "))


def label(column: str) -> str:
    """An axis label for a column: its name, symbol and unit."""
    return quantity(column).label


def format_value(value: Any, column: str = "") -> str:
    """A value for a title or a table: numbers to 4 significant digits, booleans as words."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        if column == "attack":
            return "attack" if value else "hold"
        return "yes" if value else "no"
    if isinstance(value, float):
        if quantity(column).kind == "share":
            return f"{100 * value:.3g}%"
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


# ----------------------------------------------------------------- titles and subtitles
GENERIC_STEMS = {"config", "scenario_config"}


def scenario_title(record: dict[str, Any]) -> str:
    """The scenario's name: the config's ``title``, else its file name without suffix
    (its folder's name for a file called ``config.toml``).

    ``record`` is a results.json payload, a sweep manifest or a config's
    resolved dict; the title may sit at its top level or in its ``config``.
    """
    for where in (record, record.get("config") or {}):
        title = where.get("title") if isinstance(where, dict) else None
        if isinstance(title, str) and title.strip():
            return title.strip()
    source = Path(str(record.get("config_file") or record.get("source") or ""))
    if source.stem in GENERIC_STEMS and source.parent.name:  # a study folder's config.toml
        return source.parent.name
    return source.stem or "deterrence"


CRITERION_KEYS = {"alpha_maxmin": "alpha", "smooth": "ambiguity_aversion", "multiplier": "penalty"}


def _belief_text(belief: dict[str, Any], swept: set[str]) -> str:
    """A's belief in a few symbols, leaving out what a sweep varies."""
    if belief.get("mode") == "endogenous":
        parts = []
        if not swept & {
            "belief.resolve_mean",
            "belief.resolve_mean_mid",
            "belief.resolve_mean_width",
        }:
            mean = belief.get("resolve_mean")
            if isinstance(mean, list):
                parts.append(f"μ ∈ [{format_value(mean[0])}, {format_value(mean[1])}]")
            elif mean is not None:
                parts.append(f"μ = {format_value(mean)}")
        if "belief.resolve_sd" not in swept and "resolve_sd" in belief:
            parts.append(f"σ_θ = {format_value(belief['resolve_sd'])}")
        return "R best-responds to F" + (f" ({', '.join(parts)})" if parts else "")
    q = belief.get("q")
    q_swept = swept & {"belief.q", "belief.q_mid", "belief.q_width", "belief.q_lo", "belief.q_hi"}
    if q_swept:
        mid_fixed = "belief.q_mid" not in swept and isinstance(q, list) and len(q) == 2
        if mid_fixed and "belief.q_width" in swept:
            return f"q centred on {format_value((q[0] + q[1]) / 2)}"
        return ""
    if isinstance(q, dict) and "beta" in q:
        a, b = q["beta"]
        return f"q ~ Beta({format_value(float(a))}, {format_value(float(b))})"
    if isinstance(q, list):
        return f"q ∈ [{format_value(float(q[0]))}, {format_value(float(q[1]))}]"
    return "" if q is None else f"q = {format_value(float(q))}"


def fixed_values(
    resolved: dict[str, Any],
    swept: tuple[str, ...] | set[str] = (),
    criteria: tuple[str, ...] | None = None,
) -> str:
    """The subtitle of a figure: criterion, belief and the parameters held fixed.

    Every parameter not swept and not at its default is listed; the stakes
    are always shown (they decide the attack).  Keys in ``swept`` (flat
    column names such as ``criterion.name``) are left out; when the
    criterion is swept, ``criteria`` names those in play (default: all), whose
    parameters (α, λ, θ) are listed.
    """
    swept = set(swept)
    parts: list[str] = []
    criterion = resolved.get("criterion") or {}
    if "criterion.name" not in swept and criterion.get("name"):
        parts.append(f"criterion {criterion['name']}")
    belief = resolved.get("belief")
    if isinstance(belief, dict):
        text = _belief_text(belief, swept)
        if text:
            parts.append(text)
    combat = (resolved.get("model") or {}).get("combat")
    if combat and combat != "contest" and "model.combat" not in swept:
        parts.append(f"{combat.replace('_', ' ')} combat")
    params = resolved.get("parameters") or {}
    changed = []
    for name, value in params.items():
        if f"parameters.{name}" in swept or name not in SPECS:
            continue
        if name == "stakes" or value != SPECS[name].default:
            changed.append(f"{SPECS[name].symbol} = {format_value(float(value))}")
    parts += changed
    others = [n for n in SPECS if n in params and f"parameters.{n}" not in swept]
    if len(changed) < len(others):
        parts.append("other parameters at their defaults")
    return " · ".join(parts + _criterion_parameters(criterion, swept, criteria))


def _criterion_parameters(
    criterion: dict[str, Any], swept: set[str], criteria: tuple[str, ...] | None
) -> list[str]:
    """α, λ or θ of the criterion in use, or of each criterion in play when it is swept."""
    if "criterion.name" in swept:
        names = [n for n in CRITERION_KEYS if criteria is None or n in criteria]
    else:
        names = [criterion.get("name") or ""]
    out = []
    for name in names:
        key = CRITERION_KEYS.get(name)
        if key and key in criterion and f"criterion.{key}" not in swept:
            symbol = quantity(f"criterion.{key}").symbol
            suffix = f" ({name})" if "criterion.name" in swept else ""
            out.append(f"{symbol} = {format_value(float(criterion[key]))}{suffix}")
    return out
