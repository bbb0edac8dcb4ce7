"""`deterrence plot` on categorical columns and bad axis choices (issue 16): a figure
or one line with exit status 2, never a traceback."""

from __future__ import annotations

import pytest

from deterrence.cli import main


@pytest.mark.parametrize(
    "args",
    [
        ["--x", "criterion.name", "--z", "threshold", "--by", "belief.q_width"],
        ["--x", "belief.q_width", "--y", "criterion.name", "--z", "threshold"],
        ["--x", "criterion.name", "--y", "belief.q_width", "--z", "attack"],
        ["--x", "belief.q_width", "--z", "attack", "--by", "criterion.name"],
    ],
)
def test_categorical_axes_give_a_figure(folders, tmp_path, args, capsys):
    out = tmp_path / "figure.png"
    assert main(["plot", str(folders["sweep"]), *args, "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--x", "belief.q_width", "--y", "belief.q_width"], "same column as --x"),
        (["--x", "criterion.name", "--by", "criterion.name"], "same column as --x"),
        (["--x", "belief.q_width", "--y", "status"], "several rows share"),
    ],
)
def test_bad_axes_are_one_line(folders, tmp_path, args, message, capsys):
    out = tmp_path / "figure.png"
    code = main(["plot", str(folders["sweep"]), *args, "--z", "threshold", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and message in err
    assert not out.exists()
