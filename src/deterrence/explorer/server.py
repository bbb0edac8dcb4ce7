"""Serving the explorer: bind a port (a free one unless given), print the URL, open a browser.

The socket is bound before the URL is printed, so a caller that reads the
URL (a test, a script) can connect at once; the base config is solved once
first, so the page's first answer does not pay for compiling the kernels.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from deterrence.explorer import state
from deterrence.explorer.app import LOCAL_HOSTS, Target, create_app
from deterrence.runs.errors import ConfigError

DEFAULT_HOST = "127.0.0.1"
MANIFEST = "manifest.json"


def load_target(path: str) -> Target:
    """A config (file or shipped name), or a sweep results folder whose manifest's
    config becomes the what-if page's base; ConfigError if neither loads."""
    folder = Path(path)
    if not folder.is_dir():
        return Target(state.load_base(path))
    manifest = folder / MANIFEST
    try:
        config = json.loads(manifest.read_text(encoding="utf-8"))["config"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigError(
            path, "", "is a folder without a sweep's manifest.json; give a config or RESULTS"
        ) from None
    if not isinstance(config, dict):
        raise ConfigError(str(manifest), "config", "must be a table")
    return Target(state.base_from_raw(config, str(manifest)), results=str(folder))


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on (host, port); port 0 takes a free one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError("--host", host, f"unknown host ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConfigError("--port", str(port), f"cannot listen on {host}: {exc.strerror}") from None
    sock.listen(128)
    return sock


def url_of(sock: socket.socket, path: str = "/") -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{path}"


def serve(target: Target, host: str = DEFAULT_HOST, port: int = 0, browser: bool = True) -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    sock = bind(host, port)  # first, so a port in use fails at once
    state.Solver(target.base).solve([])  # warm up: the kernels compile on the first solve
    hosts = ("*",) if host in ("0.0.0.0", "::", "") else (*LOCAL_HOSTS, host)
    app = create_app(target, hosts)
    url = url_of(sock, "/results" if target.results else "/")
    print(f"deterrence explore: serving {url}  (Ctrl-C stops)", flush=True)
    if browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        sys.stdout.flush()
