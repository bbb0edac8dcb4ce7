"""Sweeps: many points of a model solved in batch, stored and resumable.

* :mod:`.design` -- the ``[sweep]`` section: which points (grids, sampled designs);
* :mod:`.points` -- a chunk's inputs built, validated and solved in batch;
* :mod:`.executors` -- serial, local processes or Dask, one interface;
* :mod:`.store` -- the results folder: Parquet chunks and a manifest;
* :mod:`.run` -- a sweep end to end, with progress and resume.
"""
