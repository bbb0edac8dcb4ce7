"""CPU time per point of each stage of one sweep chunk (run by ``end_to_end.py``).

    python benchmarks/_stages.py CONFIG [--stub]
    python benchmarks/_stages.py CONFIG --parquet    # Parquet settings compared

``--stub`` replaces the solver by precomputed outputs, so that the remaining
time is the pipeline's own: the design's columns, the points' inputs, their
validation, the grouping and bookkeeping around the solver, the table and its
Parquet encoding with its checksum.  Each stage is the best of 9 runs of CPU
time (``time.process_time``), which other processes on the machine disturb
less than wall time.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from deterrence.models.intervention import batch as intervention
from deterrence.runs.config import load_config
from deterrence.runs.sweeps.design import parse_sweep
from deterrence.runs.sweeps.points import adapter, column_types, columns_of
from deterrence.runs.sweeps.store import encode_chunk


def best(f, repeat: int = 9):
    shortest, result = np.inf, None
    for _ in range(repeat):
        start = time.process_time()
        result = f()
        shortest = min(shortest, time.process_time() - start)
    return shortest, result


def stub_solver(batch, base, spec, unit) -> None:
    """Replace the solver by outputs computed once (per block size)."""
    cols = batch.point_inputs(base, spec.columns(0, 1000, unit[:1000], batch), 1000)
    outputs = intervention.solve_rows(cols, np.arange(1000))
    cache: dict[int, dict] = {}

    def solve_rows(cols, rows):
        if rows.size not in cache:
            cache[rows.size] = {k: np.resize(v, rows.size) for k, v in outputs.items()}
        return cache[rows.size]

    intervention.solve_rows = solve_rows


def parquet_settings(rows: dict, types: dict, n: int) -> None:
    """Write and read times and sizes of one chunk under other Parquet settings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from deterrence.runs.sweeps.store import parquet_options, to_arrow

    table = to_arrow(rows, types)
    chosen = parquet_options(table, types)
    plain = pa.table({c: table[c].cast(table.schema.field(c).type) for c in table.column_names})
    text = [c for c in table.column_names if types.get(c) == "string"]
    varying = [c for c in table.column_names if types.get(c) == "float64"]
    varying = [c for c in varying if c not in chosen["use_dictionary"]]
    light = {**chosen, "store_schema": True, "write_statistics": True}
    settings = {
        "pyarrow's defaults (dictionary for all, snappy)": (plain, {}),
        "dictionary text+constant, snappy": (plain, {**light, "compression": "snappy"}),
        "dictionary text+constant, zstd 1": (
            plain,
            {**light, "compression": "zstd", "compression_level": 1},
        ),
        "the same, byte-stream-split floats, zstd 1": (
            plain,
            {
                **light,
                "compression": "zstd",
                "compression_level": 1,
                "use_byte_stream_split": varying,
            },
        ),
        "chosen (store.parquet_options)": (table, chosen),
    }
    del text
    for name, (data, options) in settings.items():

        def write(data=data, options=options):
            sink = pa.BufferOutputStream()
            pq.write_table(data, sink, **options)
            return sink.getvalue()

        seconds, buffer = best(write)
        reading, _ = best(lambda buffer=buffer: pq.read_table(pa.BufferReader(buffer)))
        print(
            f"  {name:48s} write {seconds / n * 1e9:6.0f} ns, read {reading / n * 1e9:5.0f} ns,"
            f" {buffer.size / n:6.1f} B a point"
        )


def install_stub(config: str) -> None:
    """Replace the solver by the stub for a whole run of the CLI (see end_to_end.py)."""
    cfg = load_config(config)
    spec = parse_sweep(cfg)
    batch = adapter(spec.family)
    stub_solver(batch, batch.base_inputs(cfg.resolved), spec, spec.unit_samples()[:1000])


def main() -> None:
    cfg = load_config(sys.argv[1])
    spec = parse_sweep(cfg)
    batch = adapter(spec.family)
    n = min(spec.size, 100_000)
    unit = spec.unit_samples()[:n]
    base = batch.base_inputs(cfg.resolved)
    if "--stub" in sys.argv:
        stub_solver(batch, base, spec, unit)
    times = {}
    times["design columns"], swept = best(lambda: spec.columns(0, n, unit, batch))
    times["point inputs"], cols = best(lambda: batch.point_inputs(base, swept, n))
    times["validation"], message = best(lambda: batch.validate(cols))
    repeat = 1 if "--parquet" in sys.argv else 3  # --parquet: real outputs, solved once
    times["solve, grouping"], outputs = best(lambda: batch.solve_points(cols, message), repeat)
    names, types = columns_of(spec, spec.family), column_types(spec, spec.family)

    def table():
        return {k: {"point": np.arange(n), **cols, **outputs}[k] for k in names}

    times["table"], rows = best(table)
    if "--parquet" in sys.argv:
        parquet_settings(rows, types, n)
        return
    times["Parquet + SHA-256"], result = best(lambda: encode_chunk(0, (0, n), rows, types))
    total = sum(times.values())
    what = "stub solver (the pipeline's own cost)" if "--stub" in sys.argv else "real solver"
    print(f"{n:,}-point chunk, {what}:")
    for name, seconds in times.items():
        print(f"  {name:20s} {seconds / n * 1e9:8.0f} ns a point")
    size = len(result.data) / n
    print(f"  {'total':20s} {total / n * 1e9:8.0f} ns a point; {size:.0f} B a point")


if __name__ == "__main__":
    main()
