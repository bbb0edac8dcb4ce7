"""The belief-dynamics figure's data: dated events, years, titles."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from deterrence.plotting.trajectory import plot_trajectory
from deterrence.runs.plot_data import trajectory_data


def outputs() -> dict:
    rows = []
    for year, events in ((2001, ["treaty"]), (2002, []), (2003, ["exercise", "patrol"])):
        rows.append(
            {
                "year": year,
                "events": events,
                "belief_lo": 0.1,
                "belief_hi": 0.3,
                "interoperability": 0.2,
                "threshold": 1.5,
                "threshold_premium": 0.1,
                "force_requirement": None,
            }
        )
    return {"model": "dynamics", "criterion": "maxmin", "trajectory": rows}


RECORD = {
    "config_file": "rc.toml",
    "config": {
        "parameters": {"stakes": 4.0, "interoperability": 0.2},
        "criterion": {"name": "maxmin"},
        "scenario": {"prior_committed": [0.05, 0.3]},
    },
}


def test_events_are_numbered_and_stacked_within_a_year():
    data = trajectory_data(outputs(), RECORD)
    assert [(e.number, e.year, e.name, e.level) for e in data.events] == [
        (1, 2001, "treaty", 0),
        (2, 2003, "exercise", 0),
        (3, 2003, "patrol", 1),
    ]


def test_the_figure_ends_with_the_last_year_of_the_record():
    data = trajectory_data(outputs(), RECORD)
    np.testing.assert_array_equal(data.edges, [2000.5, 2001.5, 2002.5, 2003.5])
    assert np.isnan(data.columns["force_requirement"]).all()
    np.testing.assert_allclose(data.baseline_threshold, 1.4)
    fig = plot_trajectory(data)
    assert fig.axes[-2].get_xlim() == (2000.5, 2003.5)  # the force panel
    plt.close(fig)


def test_titles_name_the_scenario_and_what_is_fixed():
    data = trajectory_data(outputs(), RECORD)
    assert data.title == "rc" and data.stakes == 4.0
    assert data.subtitle.startswith("P(R committed) ∈ [0.05, 0.3] before 2001")
    assert "criterion maxmin" in data.subtitle and "e = " not in data.subtitle
