"""The explorer's web app (Starlette): two pages, a small JSON/SVG API and local assets.

Routes
------
``GET /``                    the what-if page; its query string is the settings
``GET /api/solve?K=V&...``   the outputs of the settings (JSON)
``GET /api/figure.svg?...``  their threshold figure
``GET /api/config.toml?...`` their config, as a file ``deterrence run`` accepts
``GET /results``             the sweep view (when a results folder was given)
``GET /api/plot.svg?x=&z=&y=&by=``  a figure of that folder, as ``deterrence plot``
``GET /static/...``          the page's script and style sheet

Settings are ``--set`` pairs checked against the loaded model's schema
(``state``); nothing else is accepted.  Bad settings answer 422 with the
CLI's one-line message; a solve that fails answers 500 with its message; the
server goes on either way.  Only the hosts it was started for are served
(no DNS rebinding), and every response forbids assets from anywhere else.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from deterrence.explorer import outputs, pages, state, sweep_view
from deterrence.explorer.figures import threshold_svg
from deterrence.runs.errors import ConfigError

log = logging.getLogger("deterrence.explorer")
STATIC = Path(__file__).parent / "static"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
PLOT_KEYS = ("x", "y", "z", "by")
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


@dataclass(frozen=True)
class Target:
    """What the explorer serves: a base config, and a sweep results folder if given."""

    base: state.Base
    results: str | None = None


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _json(data: dict[str, Any], status: int = 200) -> Response:
    """JSON as ``deterrence solve --json`` writes it (no NaN or infinity)."""
    return Response(json.dumps(data, allow_nan=False), status, media_type="application/json")


def _problem(err: Exception, what: str = "solve") -> Response:
    """A ConfigError (422) or a failed solve or figure (500) as
    ``{"ok": false, "key", "message"}``, the message on one line."""
    if isinstance(err, ConfigError):
        return _json({"ok": False, "key": err.key, "message": str(err)}, 422)
    log.warning("%s failed: %s: %s", what, type(err).__name__, err)
    message = f"the {what} failed: {type(err).__name__}: {' '.join(str(err).split())}"
    return _json({"ok": False, "key": "", "message": message}, 500)


class Explorer:
    """The request handlers, over one base config."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.base = target.base
        self.solver = state.Solver(self.base)

    def settings(self, request: Request) -> list[state.Override]:
        return state.parse_settings(self.base, request.query_params.multi_items())

    # ---------------------------------------------------------------- what-if
    def page(self, request: Request) -> Response:
        notice = ""
        try:
            overrides = self.settings(request)
        except ConfigError as err:  # a hand-edited URL: show the config, say what was wrong
            overrides, notice = [], f"{err} (the address's settings were not applied)"
        html = pages.whatif_page(self.base, overrides, notice, self.target.results is not None)
        return HTMLResponse(html)

    def solve(self, request: Request) -> Response:
        try:
            overrides = self.settings(request)
            solved = self.solver.solve(overrides)
            rows = outputs.rows(solved.result.outputs())
            body = {
                "ok": True,
                "outputs": [r.to_dict() for r in rows],
                "warnings": list(solved.config.warnings),
                "figure": not solved.config.is_game,
                "cli": self.cli(overrides),
            }
            return _json(body)
        except Exception as err:  # the page shows every failure and goes on
            return _problem(err)

    def cli(self, overrides: list[state.Override]) -> str:
        arguments = " ".join(f"--set '{a}'" for a in state.cli_arguments(overrides))
        return f"deterrence solve {self.base.source} {arguments}".rstrip() + " --json"

    def figure(self, request: Request) -> Response:
        try:
            solved = self.solver.solve(self.settings(request))
            if solved.config.is_game:
                raise ConfigError(self.base.source, "", "this model has no threshold figure")
        except Exception as err:
            return _problem(err)
        try:
            svg = threshold_svg(solved.config, solved.result)
        except Exception as err:
            return _problem(err, "figure")
        return Response(svg, media_type="image/svg+xml")

    def config_toml(self, request: Request) -> Response:
        try:
            text = state.config_toml(self.base, self.settings(request))
        except Exception as err:
            return _problem(err)
        name = f"{Path(self.base.source).stem}-explored.toml"
        return Response(
            text,
            media_type="application/toml",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    # ---------------------------------------------------------------- sweep view
    def results_page(self, request: Request) -> Response:
        path = self.target.results
        if path is None:
            return HTMLResponse(
                pages.results_page(
                    "", None, "no results folder: start with deterrence explore RESULTS"
                ),
                404,
            )
        try:
            columns = sweep_view.columns(path)
        except ConfigError as err:
            return HTMLResponse(pages.results_page(path, None, str(err)))
        return HTMLResponse(pages.results_page(path, columns))

    def plot(self, request: Request) -> Response:
        path = self.target.results
        query = dict(request.query_params)
        try:
            if path is None:
                raise ConfigError("explore", "", "no results folder was given")
            unknown = set(query) - set(PLOT_KEYS)
            if unknown:
                raise ConfigError("plot", sorted(unknown)[0][:40], "allowed: x, y, z, by")
            columns = sweep_view.columns(path)
            allowed = {"x": columns.inputs, "y": columns.inputs, "by": columns.inputs}
            allowed["z"] = columns.outputs
            for key, value in query.items():
                if value and value not in allowed[key]:
                    raise ConfigError(f"--{key}", value[:60], "no such column in this table")
            svg = sweep_view.figure(
                path, query.get("x", ""), query.get("z", ""), query.get("y"), query.get("by")
            )
        except Exception as err:
            return _problem(err, "figure")
        return Response(svg, media_type="image/svg+xml")


def create_app(target: Target, hosts: tuple[str, ...] = LOCAL_HOSTS) -> Starlette:
    """The explorer app for ``target``, answering only requests addressed to ``hosts``
    (``("*",)`` for any)."""
    handlers = Explorer(target)
    routes = [
        Route("/", handlers.page),
        Route("/api/solve", handlers.solve),
        Route("/api/figure.svg", handlers.figure),
        Route("/api/config.toml", handlers.config_toml),
        Route("/results", handlers.results_page),
        Route("/api/plot.svg", handlers.plot),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
    ]
    return Starlette(routes=routes, middleware=middleware)
