"""The explorer's HTTP API, without a browser (Starlette's TestClient)."""

from __future__ import annotations

import re
import warnings

import pytest

from deterrence.cli import main
from deterrence.explorer.app import SECURITY_HEADERS, Target, create_app
from deterrence.explorer.server import load_target
from deterrence.explorer.state import load_base
from deterrence.runs.errors import ConfigError

with warnings.catch_warnings():  # Starlette's TestClient prefers httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

LOCAL = "http://127.0.0.1"
SMALL_SWEEP = """
title = "small sweep"
[model]
name = "intervention"
[belief]
q = [0.2, 0.6]
[sweep]
design = "grid"
[sweep.axes]
"belief.q_width" = { linspace = [0.0, 0.4, 5] }
"criterion.name" = ["expected", "maxmin"]
"""


def client(target: Target, base_url: str = LOCAL) -> TestClient:
    return TestClient(create_app(target), base_url=base_url)


@pytest.fixture(scope="module")
def app():
    return client(Target(load_base("default")))


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep")
    config = folder / "small.toml"
    config.write_text(SMALL_SWEEP, encoding="utf-8")
    assert main(["sweep", str(config), "--out", str(folder / "results")]) == 0
    return folder / "results"


def test_the_page_loads_only_local_assets_and_forbids_others(app):
    response = app.get("/")
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    sources = re.findall(r'(?:src|href)="([^"]*)"', response.text)
    assert sources and all(s.startswith(("/", "data:")) for s in sources), sources
    for asset in ("/static/explorer.js", "/static/explorer.css", "/static/results.js"):
        body = app.get(asset)
        assert body.status_code == 200
        assert "http://" not in body.text and "https://" not in body.text


def test_solve_answers_outputs_with_units(app):
    body = app.get("/api/solve", params={"parameters.stakes": "5"}).json()
    assert body["ok"] and body["figure"]
    rows = {r["name"]: r for r in body["outputs"]}
    assert rows["threshold"]["unit"].startswith("cost units")
    assert rows["force"]["unit"] == "units of T's defence"
    assert rows["intervention_probability"]["unit"] == "probability"
    assert "--set 'parameters.stakes=5'" in body["cli"]


def test_bad_settings_answer_422_with_the_key_and_the_message(app):
    response = app.get("/api/solve", params={"belief.q": "[0.7, 0.3]"})
    assert response.status_code == 422
    assert response.json() == {
        "ok": False,
        "key": "belief.q",
        "message": "--set: belief.q: got [0.7, 0.3]; the interval needs lo <= hi",
    }
    assert app.get("/api/solve", params={"../etc/passwd": "1"}).status_code == 422
    assert app.get("/api/figure.svg", params={"belief.q": "[0.7, 0.3]"}).status_code == 422
    assert app.get("/api/config.toml", params={"belief.q": "[0.7, 0.3]"}).status_code == 422


def test_a_failing_solve_answers_500_and_the_server_goes_on(app, monkeypatch):
    from deterrence.runs.validate import Config

    def boom(self):
        raise FloatingPointError("overflow in the kernel")

    monkeypatch.setattr(Config, "solve", boom)
    response = app.get("/api/solve", params={"parameters.stakes": "7.77"})
    assert response.status_code == 500
    assert response.json()["message"] == (
        "the solve failed: FloatingPointError: overflow in the kernel"
    )
    monkeypatch.undo()
    assert app.get("/api/solve", params={"parameters.stakes": "7.77"}).json()["ok"]


def test_the_figure_is_svg_and_the_config_a_toml_attachment(app):
    figure = app.get("/api/figure.svg", params={"criterion.name": "expected"})
    assert figure.headers["content-type"] == "image/svg+xml"
    assert figure.text.lstrip().startswith("<?xml") and "<svg" in figure.text
    toml = app.get("/api/config.toml", params={"parameters.stakes": "5"})
    assert toml.headers["content-disposition"] == 'attachment; filename="default-explored.toml"'
    assert "stakes = 5\n" in toml.text


def test_only_local_host_names_are_served():
    target = Target(load_base("default"))
    assert client(target, "http://attacker.example").get("/").status_code == 400
    assert client(target, "http://localhost:8000").get("/").status_code == 200


def test_an_address_with_bad_settings_shows_the_config_and_says_why(app):
    response = app.get("/", params={"nonsense.key": "1"})
    assert response.status_code == 200
    assert "not a setting of model" in response.text


def test_a_game_model_has_outputs_but_no_threshold_figure():
    app = client(Target(load_base("posture")))
    body = app.get("/api/solve").json()
    assert body["ok"] and not body["figure"]
    assert any(r["nested"] for r in body["outputs"])
    assert app.get("/api/figure.svg").status_code == 422


def test_the_sweep_view_offers_the_columns_and_draws_them(sweep):
    app = client(load_target(str(sweep)))
    page = app.get("/results")
    assert page.status_code == 200
    assert 'data-plot="x"' in page.text and "belief.q_width" in page.text
    assert 'value="threshold" selected' in page.text
    plot = app.get(
        "/api/plot.svg", params={"x": "belief.q_width", "z": "threshold", "by": "criterion.name"}
    )
    assert plot.status_code == 200 and "<svg" in plot.text
    missing_by = app.get("/api/plot.svg", params={"x": "belief.q_width", "z": "threshold"})
    assert missing_by.status_code == 422
    assert "several rows share each plotted point" in missing_by.json()["message"]
    for bad in ({"x": "/etc/passwd", "z": "threshold"}, {"x": "belief.q_width", "path": "/"}):
        assert app.get("/api/plot.svg", params=bad).status_code == 422
    assert app.get("/api/solve").json()["ok"]  # the what-if page works on the sweep's config


def test_a_folder_that_does_not_load_shows_its_message(sweep, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text((sweep / "manifest.json").read_text())
    page = client(load_target(str(broken))).get("/results")
    assert page.status_code == 200 and 'class="error"' in page.text
    with pytest.raises(ConfigError, match=r"manifest\.json"):
        load_target(str(tmp_path))


def test_a_failing_figure_says_so_and_the_outputs_still_come(app, monkeypatch):
    import deterrence.explorer.app as module

    def boom(config, solution):
        raise ValueError("no curve for this model")

    monkeypatch.setattr(module, "threshold_svg", boom)
    response = app.get("/api/figure.svg", params={"parameters.stakes": "2.5"})
    assert response.status_code == 500
    assert response.json()["message"] == "the figure failed: ValueError: no curve for this model"
    assert app.get("/api/solve", params={"parameters.stakes": "2.5"}).json()["ok"]
