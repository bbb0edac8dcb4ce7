"""Rendering a results folder's report to one self-contained HTML file."""

from __future__ import annotations

import base64
import io
import os
from datetime import UTC, datetime
from pathlib import Path

from deterrence import __version__
from deterrence.runs.errors import ConfigError
from deterrence.runs.report_data import FigureSpec, ReportData, report_data

GENERATOR = "deterrence report"  # in a <meta name="generator">: marks a report we wrote
REPORT_NAME = "report.html"


def _png(spec: FigureSpec) -> bytes:
    """A figure's PNG bytes: the folder's file, or a sweep plot drawn now."""
    if spec.file is not None:
        return spec.file.read_bytes()
    import matplotlib.pyplot as plt

    from deterrence.plotting.sweep import sweep_figure

    fig = sweep_figure(spec.plot)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("deterrence.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(data: ReportData) -> str:
    """The report page of gathered data."""
    figures = [{"caption": f.caption, "src": _data_uri(_png(f))} for f in data.figures]
    template = _environment().get_template("report.html.j2")
    return template.render(
        data=data,
        figures=figures,
        generator=f"{GENERATOR} {__version__}",
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def render_report(folder: str | Path, *, partial: bool = False, name: str | None = None) -> str:
    """The HTML report of a results folder of ``run``, ``sweep`` or ``cases``."""
    return render(report_data(folder, partial=partial, name=name))


def is_our_report(path: Path) -> bool:
    """True if ``path`` is a report this package wrote (its generator tag says so)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(2048)
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}' in head


def write_report(
    folder: str | Path,
    out: str | Path | None = None,
    *,
    force: bool = False,
    partial: bool = False,
    name: str | None = None,
) -> Path:
    """Write the report of ``folder`` to ``out`` (default ``folder/report.html``), atomically.

    An existing file is replaced only if it is a report of ours, or with ``force``.
    """
    folder = Path(folder)
    out = Path(out) if out is not None else folder / REPORT_NAME
    if out.is_dir():
        raise ConfigError("--out", str(out), "is a folder; give a file name ending in .html")
    if out.exists() and not force and not is_our_report(out):
        raise ConfigError(
            "--out",
            str(out),
            "exists and is not a report of deterrence; choose another "
            "file or pass --force to replace it",
        )
    html = render_report(folder, partial=partial, name=name)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError("--out", str(out), f"cannot write: {exc.strerror or exc}") from None
    return out
