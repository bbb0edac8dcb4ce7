"""The case library: configs/cases/*.toml, each a canonical config plus a [case] section.

```toml
[case]
name = "UK-Portugal and Goa (1961)"
period = "1961"
atop_id = 0                    # 0 when no ATOP number is recorded
actors = "A: India; T: Portugal (Goa); R: United Kingdom"
text = "defence"               # none | consultation | defence
practice = 0.05                # peacetime military coordination, 0..1
stakes = "vital"               # A's stakes: peripheral | important | vital
attacked = true                # did A attack T in the period? (omit when hypothetical)
intervened = false             # when attacked: did R fight? (omit when untested)
outcome = "India seized Goa on 18-19 December 1961; the UK stayed out"
compare_with = ""              # another case's file stem: report the difference
```

Instead of ``practice`` a case may take its belief and interoperability from a
dated record (``record = "russia_china_2001_2019"``, a dynamics config, and
``year``), or from another case with a different text (``base = "<stem>"``:
the base case's belief moved by the coding's text factor,
``deterrence.models.deeds.cases.text_shift``, and its interoperability).

The [case] coding (``deterrence.models.deeds.cases``) sets ``belief.q``,
``parameters.interoperability`` and ``parameters.stakes``; the rest of the file
is an ordinary config (criterion, ...), so a case may not set those three
itself.  :func:`score_cases` scores the model against the historical outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from deterrence.models.deeds.cases import STAKES, TEXTS, code_case, text_shift
from deterrence.models.schema import show as _show
from deterrence.models.schema import suggest as _suggest
from deterrence.runs.config import ExperimentConfig, build, find_config, load_config, read_toml
from deterrence.runs.errors import ConfigError

CASE_KEYS = {
    "name": "a name in quotes",
    "period": "the years in quotes",
    "atop_id": "an ATOP alliance number (0 if none is recorded)",
    "actors": "who plays A, T and R, in quotes",
    "text": f"one of {', '.join(TEXTS)}",
    "practice": "a number in [0, 1]",
    "stakes": f"one of {', '.join(STAKES)}",
    "attacked": "true or false (omit for a hypothetical case)",
    "intervened": "true or false, only for a case with attacked = true (omit if untested)",
    "outcome": "the historical outcome and its source, in quotes",
    "record": "the name of a dynamics config (a dated record) in quotes",
    "year": "a year of the record",
    "base": "another case's file name without .toml",
    "compare_with": "another case's file name without .toml",
}
SET_BY_CODING = (
    ("belief", "q"),
    ("parameters", "interoperability"),
    ("parameters", "stakes"),
)


@dataclass(frozen=True)
class Case:
    stem: str
    name: str
    period: str
    atop_id: int
    text: str
    practice: float | None
    compare_with: str
    config: ExperimentConfig
    actors: str = ""
    stakes: str = ""
    attacked: bool | None = None
    intervened: bool | None = None
    outcome: str = ""
    source_of_belief: str = "coding"  # coding | record <name> <year> | base <stem>


def _meta(path: str | Path) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(source, [case] values, the rest of the file), with the [case] keys checked."""
    source = str(path)
    raw = read_toml(path)
    meta = raw.pop("case", None)
    if not isinstance(meta, dict):
        raise ConfigError(source, "case", "missing: a case file needs a [case] section")
    for key in meta:
        if key not in CASE_KEYS:
            raise ConfigError(source, f"case.{key}", _suggest(key, list(CASE_KEYS)))

    def bad(key: str) -> ConfigError:
        return ConfigError(
            source, f"case.{key}", f"got {_show(meta[key])}; must be {CASE_KEYS[key]}"
        )

    for key in ("name", "text", "stakes"):
        if key not in meta:
            raise ConfigError(source, f"case.{key}", f"missing; must be {CASE_KEYS[key]}")
    if meta["text"] not in TEXTS:
        raise bad("text")
    if meta["stakes"] not in STAKES:
        raise bad("stakes")
    for key in ("name", "period", "compare_with", "actors", "outcome", "record", "base"):
        if key in meta and not isinstance(meta[key], str):
            raise bad(key)
    for key in ("attacked", "intervened"):
        if key in meta and not isinstance(meta[key], bool):
            raise bad(key)
    if "intervened" in meta and meta.get("attacked") is not True:
        raise ConfigError(source, "case.intervened", "only a case with attacked = true has one")
    atop = meta.get("atop_id", 0)
    if isinstance(atop, bool) or not isinstance(atop, int) or atop < 0:
        raise bad("atop_id")
    sources = [k for k in ("practice", "record", "base") if k in meta]
    if len(sources) != 1:
        raise ConfigError(
            source,
            "case.practice",
            "give exactly one of practice (the coding), record (a dated record) or base "
            f"(another case); got {', '.join(sources) or 'none'}",
        )
    if "practice" in meta:
        practice = meta["practice"]
        if isinstance(practice, bool) or not isinstance(practice, (int, float)):
            raise bad("practice")
        if not 0 <= practice <= 1:
            raise bad("practice")
    if "record" in meta:
        year = meta.get("year")
        if isinstance(year, bool) or not isinstance(year, int):
            raise ConfigError(
                source, "case.year", f"missing or not a year; must be {CASE_KEYS['year']}"
            )
    elif "year" in meta:
        raise ConfigError(source, "case.year", "only a case with a record has one")
    for section, key in SET_BY_CODING:
        if key in raw.get(section, {}):
            raise ConfigError(source, f"{section}.{key}", "is set by the [case] coding; remove it")
    return source, meta, raw


def _record_state(path: Path, meta: dict, source: str) -> tuple[tuple[float, float], float]:
    """The belief interval and interoperability of a dated record in a year."""
    name = meta["record"]
    candidates = [path.parent / f"{name}.toml", path.parent.parent / f"{name}.toml"]
    found = next((c for c in candidates if c.is_file()), find_config(name))
    record = load_config(found)
    if record.name != "dynamics":
        raise ConfigError(source, "case.record", f"{name!r} is not a dynamics config")
    try:
        return record.model.state(meta["year"])
    except ValueError as exc:
        raise ConfigError(source, "case.year", str(exc).partition(": ")[2]) from None


def load_case(
    path: str | Path, text_weight: float = 1.0, bases: dict[str, Case] | None = None
) -> Case:
    """One case file, coded; ``bases`` holds the cases a ``base`` key may name."""
    path = Path(path)
    source, meta, raw = _meta(path)
    text = meta["text"]
    practice: float | None = None
    if "practice" in meta:
        practice = float(meta["practice"])
        q_lo, q_hi, e = code_case(text, practice, text_weight)
        origin = "coding"
    elif "record" in meta:
        (q_lo, q_hi), e = _record_state(path, meta, source)
        origin = f"record {meta['record']} {meta['year']}"
    else:
        base = (bases or {}).get(meta["base"])
        if base is None:
            raise ConfigError(
                source, "case.base", f"no case {meta['base']!r} (a base may not have a base)"
            )
        belief = base.config.model.belief
        q_lo, q_hi = text_shift((float(belief.lo), float(belief.hi)), base.text, text, text_weight)
        e = base.config.model.params.interoperability
        origin = f"base {meta['base']}"
    raw.setdefault("belief", {})["q"] = [q_lo, q_hi]
    raw.setdefault("parameters", {})["interoperability"] = e
    raw["parameters"]["stakes"] = STAKES[meta["stakes"]]
    config = build(raw, source)
    return Case(
        path.stem,
        meta["name"],
        meta.get("period", ""),
        meta.get("atop_id", 0),
        text,
        practice,
        meta.get("compare_with", ""),
        config,
        actors=meta.get("actors", ""),
        stakes=meta["stakes"],
        attacked=meta.get("attacked"),
        intervened=meta.get("intervened"),
        outcome=meta.get("outcome", ""),
        source_of_belief=origin,
    )


def case_files(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(str(folder), "", "no such folder of case files")
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ConfigError(str(folder), "", "holds no .toml case files")
    return files


def load_cases(folder: str | Path, text_weight: float = 1.0) -> list[Case]:
    """Every case of a folder, in file order; cases with a ``base`` after their bases."""
    files = case_files(folder)
    has_base = {p: "base" in (read_toml(p).get("case") or {}) for p in files}
    loaded = {p: load_case(p, text_weight) for p in files if not has_base[p]}
    bases = {c.stem: c for c in loaded.values()}
    for p in files:
        if has_base[p]:
            loaded[p] = load_case(p, text_weight, bases)
    return [loaded[p] for p in files]


def _point_threshold(model, q: float) -> float | None:
    """V* of a case's model with A sure that R intervenes with probability q."""
    from dataclasses import replace

    from deterrence.models.beliefs import Belief
    from deterrence.models.criteria import Criterion

    with np.errstate(all="ignore"):
        return (
            replace(model, belief=Belief("exogenous", q, q)).solve(Criterion("expected")).threshold
        )


def case_row(case: Case) -> dict[str, Any]:
    model = case.config.model
    with np.errstate(all="ignore"):
        solution = model.solve(case.config.criterion)
    b = model.belief
    params = model.params
    v_out, v_in = _point_threshold(model, 0.0), _point_threshold(model, 1.0)
    belief_decides = None if v_out is None or v_in is None else bool(v_out < params.stakes <= v_in)
    return {
        "case": case.stem,
        "name": case.name,
        "period": case.period,
        "atop_id": case.atop_id,
        "actors": case.actors,
        "text": case.text,
        "practice": case.practice,
        "belief_from": case.source_of_belief,
        "belief_lo": float(b.lo),
        "belief_hi": float(b.hi),
        "interoperability": params.interoperability,
        "stakes_level": case.stakes,
        "stakes": params.stakes,
        "criterion": solution.criterion,
        "attack": solution.attack,
        "threshold": solution.threshold,
        "threshold_r_out": v_out,
        "threshold_r_in": v_in,
        "belief_decides": belief_decides,
        "force_requirement": solution.force_requirement,
        "threshold_premium": solution.threshold_premium,
        "force_premium": solution.force_premium,
        "attacked": case.attacked,
        "intervened": case.intervened,
        "outcome": case.outcome,
    }


def run_cases(folder: str | Path, text_weight: float = 1.0) -> tuple[list[dict], list[dict]]:
    """Every case's row, and the differences each ``compare_with`` asks for."""
    cases = load_cases(folder, text_weight)
    rows = [case_row(c) for c in cases]
    by_stem = {r["case"]: r for r in rows}
    differences = []
    for case, row in zip(cases, rows, strict=True):
        if not case.compare_with:
            continue
        if case.compare_with not in by_stem:
            raise ConfigError(
                str(Path(folder) / f"{case.stem}.toml"),
                "case.compare_with",
                f"no case {case.compare_with!r} in {folder}",
            )
        base = by_stem[case.compare_with]
        differences.append(difference(row, base))
    return rows, differences


def difference(row: dict, base: dict) -> dict:
    def delta(key):
        a, b = row[key], base[key]
        return None if a is None or b is None else a - b

    def relative(key):
        d = delta(key)
        return None if d is None or not base[key] else d / base[key]

    return {
        "case": row["case"],
        "against": base["case"],
        "threshold_change": delta("threshold"),
        "threshold_change_relative": relative("threshold"),
        "force_requirement_change": delta("force_requirement"),
        "force_requirement_change_relative": relative("force_requirement"),
        "belief_hi_change": row["belief_hi"] - base["belief_hi"],
        "interoperability_change": row["interoperability"] - base["interoperability"],
    }


# ------------------------------------------------------------------ scoring the library
@dataclass(frozen=True)
class CaseScore:
    """How the model does against the library's historical outcomes.

    * ``attack_correct`` of ``attack_scored``: cases with an outcome whose predicted
      attack (A's decision at the case's coded stakes) matches what happened;
      ``confusion``: counts of (predicted, observed) pairs.
    * ``belief_decides_correct`` of ``belief_decides_scored``: the same among the cases
      whose coded stakes lie between V*(q = 0) and V*(q = 1) at the case's
      interoperability, the only cases where the coded belief can change the prediction
      (elsewhere the stakes coding alone decides it).
    * ``threshold_auc``: a test that needs no stakes, the probability that a case that
      was not attacked has a higher V* than one that was (ties count half); 0.5 is no
      discrimination, 1 perfect.
    * ``best_common_stakes``: the most cases right if every case had the same stakes V,
      and the range of V that achieves it.
    * ``intervention``: per case where R's choice was tested, the probability the coded
      interval gives the observed choice ([q_lo, q_hi] if R fought, [1 - q_hi, 1 - q_lo]
      if it stayed out) and whether it is ``right`` (above 1/2 under every prior),
      ``wrong`` (below 1/2 under every prior) or ``undecided``; and for the tested cases
      together, the observed rate of intervention against the mean coded interval.
    """

    attack_scored: int
    attack_correct: int
    belief_decides_scored: int
    belief_decides_correct: int
    confusion: dict[str, int]
    threshold_auc: float | None
    best_common_stakes: dict[str, Any]
    intervention: list[dict[str, Any]]
    intervention_counts: dict[str, int]
    observed_rate: float | None
    mean_interval: tuple[float, float] | None
    rate_inside: bool | None
    cases: list[dict[str, Any]] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        record = dict(self.__dict__)
        record["mean_interval"] = None if self.mean_interval is None else list(self.mean_interval)
        return record


def score_cases(rows: list[dict]) -> CaseScore:
    """Score the model against the outcomes recorded in the case rows (:func:`case_row`)."""
    scored = [r for r in rows if r.get("attacked") is not None]
    confusion = {"attack_attacked": 0, "attack_held": 0, "hold_attacked": 0, "hold_held": 0}
    per_case = []
    for r in scored:
        predicted = "attack" if r["attack"] else "hold"
        observed = "attacked" if r["attacked"] else "held"
        confusion[f"{predicted}_{observed}"] += 1
        per_case.append(
            {
                "case": r["case"],
                "stakes": r["stakes"],
                "threshold": r["threshold"],
                "predicted_attack": bool(r["attack"]),
                "attacked": bool(r["attacked"]),
                "correct": bool(r["attack"]) == bool(r["attacked"]),
                "belief_decides": r.get("belief_decides"),
            }
        )
    correct = sum(c["correct"] for c in per_case)
    decided = [c for c in per_case if c["belief_decides"]]
    attacked = [r["threshold"] for r in scored if r["attacked"] and r["threshold"] is not None]
    held = [r["threshold"] for r in scored if not r["attacked"] and r["threshold"] is not None]
    auc = None
    if attacked and held:
        pairs = [(h > a) + 0.5 * (h == a) for h in held for a in attacked]
        auc = float(np.mean(pairs))
    common = _best_common_stakes(scored)
    tested = [r for r in scored if r.get("intervened") is not None]
    checks, counts = [], {"right": 0, "wrong": 0, "undecided": 0}
    for r in tested:
        lo, hi = r["belief_lo"], r["belief_hi"]
        p_lo, p_hi = (lo, hi) if r["intervened"] else (1 - hi, 1 - lo)
        verdict = "right" if p_lo > 0.5 else "wrong" if p_hi < 0.5 else "undecided"
        counts[verdict] += 1
        checks.append(
            {
                "case": r["case"],
                "intervened": bool(r["intervened"]),
                "belief_lo": lo,
                "belief_hi": hi,
                "probability_of_outcome": [p_lo, p_hi],
                "verdict": verdict,
            }
        )
    rate = mean_interval = inside = None
    if tested:
        rate = float(np.mean([bool(r["intervened"]) for r in tested]))
        mean_interval = (
            float(np.mean([r["belief_lo"] for r in tested])),
            float(np.mean([r["belief_hi"] for r in tested])),
        )
        inside = bool(mean_interval[0] <= rate <= mean_interval[1])
    return CaseScore(
        len(scored),
        int(correct),
        len(decided),
        int(sum(c["correct"] for c in decided)),
        confusion,
        auc,
        common,
        checks,
        counts,
        rate,
        mean_interval,
        inside,
        per_case,
    )


def _best_common_stakes(scored: list[dict]) -> dict[str, Any]:
    """The most cases right if every case had the same stakes V (A attacks iff V > V*)."""
    thresholds = sorted({r["threshold"] for r in scored if r["threshold"] is not None})
    if not thresholds:
        return {"correct": None, "stakes_from": None, "stakes_to": None}
    # A's decision changes only at the thresholds: test one V in each gap
    cuts = [thresholds[0] - 1.0]
    cuts += [0.5 * (a + b) for a, b in pairwise(thresholds)]
    cuts.append(thresholds[-1] + 1.0)
    scores = []
    for v in cuts:
        right = sum(
            (r["threshold"] is not None and v > r["threshold"]) == bool(r["attacked"])
            for r in scored
        )
        scores.append(right)
    best = max(scores)
    k = scores.index(best)
    lower = thresholds[k - 1] if k > 0 else 0.0
    upper = thresholds[k] if k < len(thresholds) else None
    return {"correct": int(best), "stakes_from": lower, "stakes_to": upper}
