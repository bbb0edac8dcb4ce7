"""The case-comparison figure: titles and the rows it draws."""

from __future__ import annotations

import matplotlib.pyplot as plt

from deterrence.plotting.cases import plot_cases
from deterrence.runs.plot_data import cases_data

ROW = {
    "name": "A pact",
    "text": "defence",
    "belief_lo": 0.3,
    "belief_hi": 0.7,
    "threshold": 2.0,
    "force_premium": None,
    "criterion": "maxmin",
}


def test_cases_figure_names_its_library_and_what_is_fixed():
    data = cases_data([ROW, {**ROW, "name": "B", "text": "none"}], "configs/cases", 0.5)
    assert data.title == "Case library (cases)"
    assert data.subtitle.startswith("criterion maxmin · text weight w = 0.5")
    fig = plot_cases(data)
    assert [t.get_text() for t in fig.texts][:1] == ["Case library (cases)"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["A pact", "B"]
    plt.close(fig)
