"""Solving a chunk of sweep points in groups and blocks, shared by every family's adapter.

Points are grouped by their categorical inputs (a batch solve needs one combat
model, one belief mode, one criterion), each group is cut into blocks that keep
memory bounded, and a block that raises is solved again point by point, so
one failing point is recorded with status ``error`` and its message while the
rest of the chunk goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from deterrence.models.columns import is_none, text_codes, text_column

SolveRows = Callable[[dict[str, np.ndarray], np.ndarray], dict[str, np.ndarray]]
Blocks = Callable[[dict[str, np.ndarray], np.ndarray], Iterable[np.ndarray]]


def group_codes(cols: dict[str, np.ndarray], rows: np.ndarray, keys: Sequence[str]) -> np.ndarray:
    """One integer per row, equal for rows with the same values of ``keys`` (vectorised)."""
    code = np.zeros(rows.size, dtype=np.int64)
    for key in keys:
        values = cols[key]
        if values.dtype != object:  # only "given or not"
            code = code * 2 + ~np.isnan(values[rows].astype(float))
            continue
        inverse, uniques = text_codes(values)  # no sorting of Python objects
        code = code * (len(uniques) + 1) + inverse[rows] + 1
    return code


def solve_in_groups(
    cols: dict[str, np.ndarray],
    message: np.ndarray,
    group_keys: Sequence[str],
    solve_rows: SolveRows,
    blocks: Blocks,
    output_names: Sequence[str],
) -> dict[str, np.ndarray]:
    """Every output of every point (NaN where invalid or failed), plus ``status`` and ``message``.

    ``message`` holds, per point, why its inputs are invalid (None if valid);
    ``group_keys`` are the columns whose values a batch solve needs to share
    (a float column groups by whether it is NaN, e.g. a Beta prior given or not);
    ``blocks(cols, group)`` cuts a group's rows into the blocks solved together.
    """
    size = len(message)
    out = {name: np.full(size, np.nan) for name in output_names}
    invalid = ~is_none(message)  # a message says why; None where valid
    status = text_column(size, "ok")  # three shared strings, not one per point
    status[invalid] = "invalid"
    message = message.copy()
    valid = np.flatnonzero(~invalid)
    code = group_codes(cols, valid, group_keys)
    if valid.size == 0 or (code == code[0]).all():
        groups = [valid] if valid.size else []  # one group: no unique() over every point
    else:
        groups = [valid[code == k] for k in np.unique(code)]
    for group in groups:
        for rows in blocks(cols, group):
            solved, failed = _solve_guarded(solve_rows, cols, rows)
            for part, result in solved:
                where = _as_slice(part)
                for name in output_names:
                    out[name][where] = result[name]
            for i, text in failed:
                status[i], message[i] = "error", text
    return {**out, "status": status, "message": message}


def _as_slice(rows: np.ndarray) -> slice | np.ndarray:
    """A run of consecutive increasing rows as a slice (a copy, not a scatter), else the rows."""
    if rows.size and rows[-1] - rows[0] + 1 == rows.size and np.all(np.diff(rows) == 1):
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


def _solve_guarded(solve_rows: SolveRows, cols, rows):
    """Solve a block; if it raises, solve its points one at a time.

    Returns ([(rows, outputs), ...], [(point, message), ...]).
    """
    try:
        return [(rows, solve_rows(cols, rows))], []
    except Exception:
        solved, failed = [], []
        for i in rows:
            try:
                solved.append((np.array([i]), solve_rows(cols, np.array([i]))))
            except Exception as exc:
                failed.append((i, f"{type(exc).__name__}: {exc}"))
        return solved, failed


def even_blocks(rows: np.ndarray, size: int) -> list[np.ndarray]:
    """``rows`` cut into consecutive blocks of at most ``size``."""
    return [rows[i : i + size] for i in range(0, rows.size, max(1, size))]


def panel_blocks(
    cols: dict[str, np.ndarray],
    group: np.ndarray,
    size: Callable[[str, str, int], int],
    by_panels: bool = True,
) -> list[np.ndarray]:
    """A group's rows in blocks of ``size(mode, criterion, panels)`` points; with
    ``by_panels``, endogenous smooth points go in blocks of equally many quadrature panels
    (each point's nodes depend on its own interval of R's mean resolve)."""
    from deterrence.models.beliefs import quadrature_panels

    first = group[0]
    mode, name = str(cols["belief.mode"][first]), str(cols["criterion.name"][first])
    if not (by_panels and mode == "endogenous" and name == "smooth"):
        return even_blocks(group, size(mode, name, 1))
    panels = quadrature_panels(
        *(
            cols[f"belief.{key}"][group].astype(float)
            for key in ("resolve_mean_lo", "resolve_mean_hi", "resolve_sd")
        )
    )
    out = []
    for count in np.unique(panels):
        out += even_blocks(group[panels == count], size(mode, name, int(count)))
    return out
