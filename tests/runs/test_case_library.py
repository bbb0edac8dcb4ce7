"""The case library: historical outcomes, scoring, beliefs from a record or a base case."""

from __future__ import annotations

import pytest

from deterrence.models.deeds.cases import STAKES, code_case, text_shift
from deterrence.runs.cases import load_cases, run_cases, score_cases
from deterrence.runs.errors import ConfigError

CASE = """[case]
name = "{name}"
text = "{text}"
{source}
stakes = "{stakes}"
{outcome}
[criterion]
name = "maxmin"
"""


def write(folder, stem, text="none", source="practice = 0.0", stakes="vital", outcome=""):
    (folder / f"{stem}.toml").write_text(
        CASE.format(name=stem, text=text, source=source, stakes=stakes, outcome=outcome)
    )


@pytest.fixture
def library(tmp_path):
    """Three cases checked by hand (docs/model.md defaults otherwise):

    * a: no text, no practice, vital stakes (3 > V*(q = 1) <= 2.42): attack predicted;
      attacked, and R intervened although every prior gave it at most 0.4: "wrong";
    * b: a defence text with deep practice (NATO's coding, V* = 2.26), peripheral stakes
      1.5: hold predicted; not attacked: right;
    * c: as a, with important stakes 2 > its V* (about 1.6): attack predicted; not
      attacked: wrong.
    """
    folder = tmp_path / "cases"
    folder.mkdir()
    write(folder, "a", outcome="attacked = true\nintervened = true")
    write(folder, "b", "defence", "practice = 0.9", "peripheral", "attacked = false")
    write(folder, "c", stakes="important", outcome="attacked = false")
    return folder


def test_case_scoring_on_a_hand_checked_library(library):
    rows, _ = run_cases(library)
    by = {r["case"]: r for r in rows}
    assert by["a"]["stakes"] == STAKES["vital"] == 3.0
    assert by["a"]["threshold"] == pytest.approx(by["c"]["threshold"])  # same coding
    assert by["b"]["threshold"] == pytest.approx(2.2597, abs=1e-4)
    assert [by[k]["attack"] for k in "abc"] == [True, False, True]
    score = score_cases(rows)
    assert (score.attack_correct, score.attack_scored) == (2, 3)
    assert score.confusion == {
        "attack_attacked": 1,
        "attack_held": 1,
        "hold_attacked": 0,
        "hold_held": 1,
    }
    # the belief can change the prediction only for b and c (a's stakes exceed V*(q = 1))
    assert [by[k]["belief_decides"] for k in "abc"] == [False, True, True]
    assert (score.belief_decides_correct, score.belief_decides_scored) == (1, 2)
    # V*: b (held) above a (attacked), c (held) tied with a: (1 + 0.5) / 2
    assert score.threshold_auc == pytest.approx(0.75)
    assert score.best_common_stakes["correct"] == 2
    (check,) = score.intervention
    assert check["verdict"] == "wrong" and check["probability_of_outcome"] == pytest.approx(
        [0.0, 0.4]
    )
    assert score.observed_rate == 1.0 and score.mean_interval == pytest.approx((0.0, 0.4))
    assert score.rate_inside is False


def test_a_right_and_an_undecided_intervention(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    # no text, practice 0.3: [0.21, 0.49]; R stayed out: P(out) in [0.51, 0.79] -> right
    write(folder, "out", source="practice = 0.3", outcome="attacked = true\nintervened = false")
    # defence, practice 0.1: [0.321, 0.762]; R fought -> undecided
    write(folder, "in", "defence", "practice = 0.1", outcome="attacked = true\nintervened = true")
    score = score_cases(run_cases(folder)[0])
    verdicts = {c["case"]: c["verdict"] for c in score.intervention}
    assert verdicts == {"out": "right", "in": "undecided"}
    assert score.rate_inside is True  # 0.5 inside the mean interval [0.27, 0.63]


def test_beliefs_from_a_record_and_from_a_base_case(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (tmp_path / "rec.toml").write_text(
        '[model]\nname = "dynamics"\n[parameters]\ninteroperability = 0.3\n'
        "[scenario]\nstart = 2000\nend = 2002\nprior_committed = [0.2, 0.4]\n"
        '[[scenario.events]]\nyear = 2001\nname = "x"\nlikelihood_committed = 0.8\n'
        "likelihood_opportunist = 0.4\ninteroperability_gain = 0.1\n"
    )
    write(folder, "now", "consultation", 'record = "rec"\nyear = 2002', "important")
    write(folder, "pact", "defence", 'base = "now"', "important")
    cases = {c.stem: c for c in load_cases(folder)}
    belief = cases["now"].config.model.belief
    assert (belief.lo, belief.hi) == pytest.approx((1 / 3, 4 / 7))  # Bayes by hand
    assert cases["now"].config.model.params.interoperability == pytest.approx(0.4)
    pact = cases["pact"].config.model.belief
    want = text_shift((1 / 3, 4 / 7), "consultation", "defence")
    assert (pact.lo, pact.hi) == pytest.approx(want)
    assert cases["pact"].source_of_belief == "base now"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[case]\nname = "x"\ntext = "none"\npractice = 0.1\n', "case.stakes"),
        (
            '[case]\nname = "x"\ntext = "none"\npractice = 0.1\nstakes = "vital"\n'
            "intervened = true\n",
            "case.intervened",
        ),
        (
            '[case]\nname = "x"\ntext = "none"\npractice = 0.1\nstakes = "vital"\n'
            'attacked = "yes"\n',
            "case.attacked",
        ),
        (
            '[case]\nname = "x"\ntext = "none"\npractice = 0.1\nstakes = "huge"\n',
            "case.stakes",
        ),
        (
            '[case]\nname = "x"\ntext = "none"\npractice = 0.1\nrecord = "r"\nyear = 1\n'
            'stakes = "vital"\n',
            "case.practice",
        ),
        ('[case]\nname = "x"\ntext = "none"\nbase = "y"\nstakes = "vital"\n', "case.base"),
        (
            '[case]\nname = "x"\ntext = "none"\npractice = 0.1\nstakes = "vital"\n'
            "[parameters]\nstakes = 2.0\n",
            "parameters.stakes",
        ),
    ],
)
def test_bad_case_files_name_the_key(tmp_path, text, fragment):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "bad.toml").write_text(text)
    with pytest.raises(ConfigError, match=fragment.replace(".", r"\.")):
        load_cases(folder)


def test_shipped_library_scores_and_takes_russia_china_from_the_record():
    from deterrence.runs.config import load_config, shipped_configs

    rows, differences = run_cases(shipped_configs() / "cases")
    by = {r["case"]: r for r in rows}
    record = load_config("russia_china_2001_2019").model
    for stem, year in (("russia_china_2001", 2001), ("russia_china_2019", 2019)):
        (lo, hi), e = record.state(year)
        assert (by[stem]["belief_lo"], by[stem]["belief_hi"]) == pytest.approx((lo, hi))
        assert by[stem]["interoperability"] == pytest.approx(e)
    # every case with a history carries its outcome; the hypothetical one does not
    assert by["russia_china_formal_pact"]["attacked"] is None
    assert sum(r["attacked"] is not None for r in rows) >= 10
    assert any(r["attacked"] for r in rows) and any(r["attacked"] is False for r in rows)
    assert any(r["intervened"] for r in rows) and any(r["intervened"] is False for r in rows)
    score = score_cases(rows)
    assert 0 <= score.attack_correct <= score.attack_scored
    (diff,) = differences
    assert diff["case"] == "russia_china_formal_pact"
    assert code_case("none", 0.0)[:2] == (0.0, 0.4)
