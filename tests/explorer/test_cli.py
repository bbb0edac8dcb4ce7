"""``deterrence explore``: its arguments, its errors (one line, exit 2) and a real server."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest

from deterrence.cli import main
from tests.explorer.browser import explore_server


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["no_such_config.toml"], "no_such_config.toml: no such file"),
        (["default", "--port", "70000"], "not a port"),
        (["default", "--port", "x"], "not a port number"),
        (["default", "--host", "no-such-host.invalid"], "--host: no-such-host.invalid"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(capsys, args, words):
    assert main_exit(["explore", *args, "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def main_exit(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's own errors
        return int(exc.code)


def test_a_port_in_use_is_one_line(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["explore", "default", "--port", str(port), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert f"--port: {port}: cannot listen on 127.0.0.1" in err and err.count("\n") == 1


def test_the_server_prints_its_url_and_binds_the_loopback_only():
    with explore_server("default") as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "api/solve?parameters.stakes=3", timeout=30) as answer:
            assert json.load(answer)["ok"]
        request = urllib.request.Request(url, headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 400
