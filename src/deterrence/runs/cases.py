"""The case library: configs/cases/*.toml, each a canonical config plus a [case] section.

```toml
[case]
name = "Russia-China 2019"
period = "2019"
atop_id = 4980                 # 0 when there is no ATOP alliance
text = "consultation"          # none | consultation | defence
practice = 0.6                 # peacetime military coordination, 0..1
compare_with = ""              # another case's file stem: report the difference
```

The [case] coding (``deterrence.models.deeds.cases``) sets ``belief.q`` and
``parameters.interoperability``; the rest of the file is an ordinary config
(stakes, criterion, ...), so a case may not set those two itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deterrence.models.deeds.cases import TEXTS, code_case
from deterrence.models.schema import show as _show
from deterrence.models.schema import suggest as _suggest
from deterrence.runs.config import ExperimentConfig, build, read_toml
from deterrence.runs.errors import ConfigError

CASE_KEYS = {
    "name": "a name in quotes",
    "period": "the years in quotes",
    "atop_id": "an ATOP alliance number (0 if none)",
    "text": f"one of {', '.join(TEXTS)}",
    "practice": "a number in [0, 1]",
    "compare_with": "another case's file name without .toml",
}


@dataclass(frozen=True)
class Case:
    stem: str
    name: str
    period: str
    atop_id: int
    text: str
    practice: float
    compare_with: str
    config: ExperimentConfig


def load_case(path: str | Path, text_weight: float = 1.0) -> Case:
    source = str(path)
    raw = read_toml(path)
    meta = raw.pop("case", None)
    if not isinstance(meta, dict):
        raise ConfigError(source, "case", "missing: a case file needs a [case] section")
    for key in meta:
        if key not in CASE_KEYS:
            raise ConfigError(source, f"case.{key}", _suggest(key, list(CASE_KEYS)))
    for key in ("name", "text", "practice"):
        if key not in meta:
            raise ConfigError(source, f"case.{key}", f"missing; must be {CASE_KEYS[key]}")
    text = meta["text"]
    if text not in TEXTS:
        raise ConfigError(source, "case.text", f"got {_show(text)}; must be {CASE_KEYS['text']}")
    practice = meta["practice"]
    if (
        isinstance(practice, bool)
        or not isinstance(practice, (int, float))
        or not 0 <= practice <= 1
    ):
        raise ConfigError(
            source, "case.practice", f"got {_show(practice)}; must be {CASE_KEYS['practice']}"
        )
    atop = meta.get("atop_id", 0)
    if isinstance(atop, bool) or not isinstance(atop, int) or atop < 0:
        raise ConfigError(
            source, "case.atop_id", f"got {_show(atop)}; must be {CASE_KEYS['atop_id']}"
        )
    for key in ("name", "period", "compare_with"):
        if key in meta and not isinstance(meta[key], str):
            raise ConfigError(
                source, f"case.{key}", f"got {_show(meta[key])}; must be {CASE_KEYS[key]}"
            )
    for section, key in (("belief", "q"), ("parameters", "interoperability")):
        if key in raw.get(section, {}):
            raise ConfigError(source, f"{section}.{key}", "is set by the [case] coding; remove it")
    q_lo, q_hi, e = code_case(text, float(practice), text_weight)
    raw.setdefault("belief", {})["q"] = [q_lo, q_hi]
    raw.setdefault("parameters", {})["interoperability"] = e
    config = build(raw, source)
    return Case(
        Path(path).stem,
        meta["name"],
        meta.get("period", ""),
        atop,
        text,
        float(practice),
        meta.get("compare_with", ""),
        config,
    )


def case_files(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(str(folder), "", "no such folder of case files")
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ConfigError(str(folder), "", "holds no .toml case files")
    return files


def case_row(case: Case) -> dict[str, Any]:
    import numpy as np

    with np.errstate(all="ignore"):
        solution = case.config.model.solve(case.config.criterion)
    b = case.config.model.belief
    return {
        "case": case.stem,
        "name": case.name,
        "period": case.period,
        "atop_id": case.atop_id,
        "text": case.text,
        "practice": case.practice,
        "belief_lo": float(b.lo),
        "belief_hi": float(b.hi),
        "interoperability": case.config.model.params.interoperability,
        "criterion": solution.criterion,
        "attack": solution.attack,
        "threshold": solution.threshold,
        "force_requirement": solution.force_requirement,
        "threshold_premium": solution.threshold_premium,
        "force_premium": solution.force_premium,
    }


def run_cases(folder: str | Path, text_weight: float = 1.0) -> tuple[list[dict], list[dict]]:
    """Every case's row, and the differences each ``compare_with`` asks for."""
    cases = [load_case(p, text_weight) for p in case_files(folder)]
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
