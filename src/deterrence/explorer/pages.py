"""The two pages as HTML: the what-if explorer and the sweep view.

Everything a page loads is served by the explorer itself (``/static/...``);
the scripts read their settings from a JSON data block, so the pages need no
inline script and the Content-Security-Policy can forbid every other source.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from deterrence.explorer.controls import attrs, controls_html
from deterrence.explorer.state import Base, Override
from deterrence.explorer.sweep_view import Columns

ICON = "data:,"  # no favicon request


def _data_block(data: dict[str, Any]) -> str:
    text = json.dumps(data).replace("<", "\\u003c")  # cannot close the script element
    return f'<script type="application/json" id="explorer-data">{text}</script>'


def _page(title: str, view: str, nav: str, body: str, data: dict[str, Any], script: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="icon" href="{ICON}">'
        '<link rel="stylesheet" href="/static/explorer.css"></head>'
        f'<body data-view="{view}">'
        f"<header><h1>{escape(title)}</h1><nav>{nav}</nav></header>"
        f"{body}{_data_block(data)}"
        f'<script src="/static/{script}"></script></body></html>\n'
    )


def _nav(current: str, has_results: bool) -> str:
    links = [("/", "what-if", "whatif")]
    if has_results:
        links.append(("/results", "sweep results", "results"))
    return " ".join(
        f"<a {attrs(href=href, aria_current='page' if view == current else None)}>"
        f"{escape(text)}</a>"
        for href, text, view in links
    )


def whatif_page(
    base: Base, overrides: list[Override], notice: str = "", has_results: bool = False
) -> str:
    """The what-if page: the controls of every editable key, the outputs, the figure."""
    title = base.config.title or Path(base.source).stem
    body = (
        f'<p class="source">model <b>{escape(base.family.name)}</b> · config '
        f"<code>{escape(base.source)}</code> · every value below overrides it as "
        "<code>--set KEY=VALUE</code> would</p>"
        f"<div {attrs(id='notice', role='status', hidden=not notice)}>{escape(notice)}</div>"
        '<main class="whatif">'
        f'<form id="controls" autocomplete="off">{controls_html(base, overrides)}</form>'
        '<section id="results" aria-live="polite">'
        '<div class="actions">'
        '<button type="button" data-action="download">Download config (TOML)</button> '
        '<button type="button" data-action="reset">Reset to the config</button></div>'
        '<p id="status" class="status" data-state="loading">solving…</p>'
        '<figure id="figure"><img id="figure-img" alt="the threshold figure"></figure>'
        '<table id="outputs" data-generation="0"><thead><tr><th>output</th><th>value</th>'
        "<th>unit</th></tr></thead><tbody></tbody></table>"
        '<p class="cli">The same from the command line: <code id="cli"></code></p>'
        "</section></main>"
    )
    data = {"source": base.source, "model": base.family.name, "stem": Path(base.source).stem}
    return _page(
        f"deterrence explore: {title}",
        "whatif",
        _nav("whatif", has_results),
        body,
        data,
        "explorer.js",
    )


def _choice(
    role: str, names: tuple[str, ...], labels: dict[str, str], chosen: str, optional: bool
) -> str:
    options = ['<option value="">(none)</option>'] if optional else []
    options += [
        f"<option {attrs(value=n, selected=n == chosen)}>{escape(n)}: {escape(labels[n])}</option>"
        for n in names
    ]
    return (
        f'<label class="plot-choice">{role} '
        f"<select {attrs(data_plot=role, id=f'plot-{role}')}>{''.join(options)}</select></label>"
    )


def results_page(path: str, columns: Columns | None, error: str = "") -> str:
    """The sweep view: x, y, z and by chosen from the results table's columns."""
    if columns is None:
        body = f'<main class="results"><p class="error" role="alert">{escape(error)}</p></main>'
        return _page(
            "deterrence explore: sweep results",
            "results",
            _nav("results", True),
            body,
            {"path": path},
            "results.js",
        )
    labels = columns.labels()
    chosen = columns.defaults()
    choices = "".join(
        [
            _choice("x", columns.inputs, labels, chosen["x"], False),
            _choice("y", columns.inputs, labels, chosen["y"], True),
            _choice("z", columns.outputs, labels, chosen["z"], False),
            _choice("by", columns.inputs, labels, chosen["by"], True),
        ]
    )
    body = (
        f'<p class="source">results <code>{escape(path)}</code> · {columns.rows:,} points, '
        f"{columns.solved:,} solved · as <code>deterrence plot RESULTS --x … --z …</code></p>"
        f'<main class="results"><form id="plot-controls" autocomplete="off">{choices}</form>'
        '<p id="plot-message" class="error" role="alert" hidden></p>'
        '<figure id="plot"><img id="plot-img" alt="the sweep figure"></figure>'
        '<p class="cli">The same from the command line: <code id="cli"></code></p></main>'
    )
    return _page(
        "deterrence explore: sweep results",
        "results",
        _nav("results", True),
        body,
        {"path": path},
        "results.js",
    )
