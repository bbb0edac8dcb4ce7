"""Reports: one self-contained HTML file per results folder (``deterrence report``).

The data come from :func:`deterrence.runs.report_data.report_data`; this
package draws the sweep plots, inlines every figure as a ``data:`` URI and
renders the Jinja2 template ``templates/report.html.j2`` (package data).  The
page makes no request at all: no scripts, fonts or style sheets from
elsewhere.
"""

from deterrence.reports.html import GENERATOR, render_report, write_report

__all__ = ["GENERATOR", "render_report", "write_report"]
