"""Reading results: ``deterrence.results.load(PATH)`` returns a sweep's rows as a DataFrame.

Every read is checked: the manifest must be whole and every chunk must have
the checksum recorded when it was committed, or the read is refused with one
line naming the file (``deterrence check PATH`` says more; ``--repair``
recomputes what is damaged).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load(path: str | Path, *, partial: bool = False):
    """All rows of a sweep results folder as a pandas DataFrame, ordered by point.

    Missing quantities (e.g. a force requirement beyond ``max_force``) are
    NaN/None; ``status`` and ``message`` say why a point has no outputs.

    Parameters
    ----------
    path
        A sweep's results folder.
    partial
        Read an incomplete or damaged folder's intact chunks instead of
        refusing it (:func:`check` says which chunks are missing).
    """
    from deterrence.runs.sweeps.verify import load_table

    return load_table(path, partial=partial).to_pandas()


def check(path: str | Path):
    """The state of a sweep's results folder (complete, resumable or damaged, and why),
    every chunk's checksum verified; a :class:`~deterrence.runs.sweeps.verify.FolderState`."""
    from deterrence.runs.sweeps.verify import inspect

    return inspect(path)


def manifest(path: str | Path) -> dict[str, Any]:
    """The sweep's verified manifest (resolved config, design, seed, version, hashes),
    with ``chunks_done`` (the chunks recorded and in place) and ``complete`` added."""
    state = check(path)
    return {**state.manifest, "chunks_done": state.done, "complete": state.status == "complete"}
