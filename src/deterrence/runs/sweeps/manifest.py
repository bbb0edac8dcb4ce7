"""A sweep's manifest: what the results folder holds and how to prove it.

``manifest.json`` is written once, when the folder is created, and never
changed.  It names the format (``deterrence-sweep``, version 2) and the
package, and records the sweep's identity: the resolved config and its hash,
the design in compact form (a ``linspace`` axis as its three numbers, never
its values) and its hash, the chunking, the columns, the checksum of the
design file of a sampled design, and a checksum of all of these fields, so
that an edited or damaged manifest is recognised as such.

The chunks done are recorded in ``chunks.jsonl``, one line per chunk,
appended when the chunk is committed (see :mod:`.store`): a constant cost
per chunk however many there are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deterrence.runs.errors import ConfigError, os_reason
from deterrence.runs.files import read_own, sha256

FORMAT = "deterrence-sweep"
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
DESIGN = "design.npy"
CHUNKS = "chunks"
LOG = "chunks.jsonl"
MAX_MANIFEST_BYTES = 64 * 2**20  # a config is at most 8 MiB; the rest is small
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


# ------------------------------------------------------------------------- hashing
def canonical(value: Any) -> bytes:
    """JSON with sorted keys and no spaces: equal values give equal bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def digest(value: Any) -> str:
    """The SHA-256 of a JSON value's canonical form."""
    return sha256(canonical(value))


def _normal(value: Any) -> Any:
    """Numbers as floats (1 and 1.0 are the same value of an axis), recursively."""
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    return [_normal(v) for v in value]


def design_identity(spec, raw: dict[str, Any] | None) -> dict[str, Any]:
    """The design in compact form: a ``linspace``/``logspace`` axis as written, never
    its values; ``raw`` is the config's [sweep] table (the axes as the user gave them)."""
    raw_axes = (raw or {}).get("axes", {})
    axes = {}
    for key, values in spec.axes.items():
        given = raw_axes.get(key) if isinstance(raw_axes, dict) else None
        if isinstance(given, dict):
            ((kind, (start, stop, num)),) = given.items()
            axes[key] = {kind: [float(start), float(stop), int(num)]}
        else:
            axes[key] = _normal(list(values))
    return {
        "model": spec.family,
        "design": spec.design,
        "axes": axes,
        "ranges": {k: [float(lo), float(hi)] for k, (lo, hi) in spec.ranges.items()},
        "n": None if spec.design == "grid" else int(spec.n),
        "seed": spec.seed,
        **spec.settings(),  # saltelli's second_order, morris's levels: the analysis needs them
    }


def sweep_table(identity: dict[str, Any], chunk_size: int) -> dict[str, Any]:
    """The [sweep] table that gives the design of ``identity`` back (for ``check --repair``)."""
    table: dict[str, Any] = {"design": identity["design"], "chunk_size": chunk_size}  # no model
    for key in ("axes", "ranges"):
        if identity[key]:
            table[key] = identity[key]
    for key in ("n", "seed", "second_order", "levels"):
        if identity.get(key) is not None:
            table[key] = identity[key]
    return table


# ------------------------------------------------------------------------ building
def new_manifest(
    *,
    store_id: str,
    created: str,
    config_file: str,
    config: dict[str, Any],
    identity: dict[str, Any],
    points: int,
    chunk_size: int,
    columns: list[str],
    column_types: dict[str, str],
    design_file: dict[str, Any] | None,
    package_version: str,
    resume_command: str | None = None,
) -> dict[str, Any]:
    """A complete manifest, its checksum included."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "package": "deterrence",
        "package_version": package_version,
        "store_id": store_id,
        "created": created,
        "config_file": config_file,
        "config": config,
        "config_hash": digest(config),
        "sweep": identity,
        "design_hash": digest(identity),
        "design_file": design_file,
        "points": points,
        "chunk_size": chunk_size,
        "chunks": -(-points // chunk_size),
        "seed": identity["seed"],
        "columns": columns,
        "column_types": column_types,
        "log": LOG,
        "resume_command": resume_command,
    }
    return {**manifest, "checksum": digest(manifest)}


def manifest_text(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, allow_nan=False) + "\n"


# ------------------------------------------------------------------------- reading
def _is_int(v: Any, low: int = 0) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= low


def _design_file_ok(v: Any) -> bool:
    if v is None:
        return True
    return (
        isinstance(v, dict)
        and set(v) == {"name", "sha256", "shape", "bytes"}
        and v["name"] == DESIGN
        and isinstance(v["sha256"], str)
        and bool(_HEX64.match(v["sha256"]))
        and isinstance(v["shape"], list)
        and len(v["shape"]) == 2
        and all(_is_int(s) for s in v["shape"])
        and _is_int(v["bytes"])
    )


DESIGN_SETTINGS = ("second_order", "levels")  # SweepSpec.settings() of the analysis designs

FIELDS = {
    "format": lambda v: v == FORMAT,
    "format_version": lambda v: v == FORMAT_VERSION,
    "package": lambda v: v == "deterrence",
    "package_version": lambda v: isinstance(v, str),
    "store_id": lambda v: isinstance(v, str) and bool(_HEX32.match(v)),
    "created": lambda v: isinstance(v, str),
    "config_file": lambda v: isinstance(v, str),
    "config": lambda v: isinstance(v, dict),
    "config_hash": lambda v: isinstance(v, str) and bool(_HEX64.match(v)),
    "sweep": lambda v: (
        isinstance(v, dict)
        and {"model", "design", "axes", "ranges", "n", "seed"} <= set(v)
        and set(v) <= {"model", "design", "axes", "ranges", "n", "seed", *DESIGN_SETTINGS}
    ),
    "design_hash": lambda v: isinstance(v, str) and bool(_HEX64.match(v)),
    "design_file": _design_file_ok,
    "points": lambda v: _is_int(v, 1),
    "chunk_size": lambda v: _is_int(v, 1),
    "chunks": lambda v: _is_int(v, 1),
    "seed": lambda v: v is None or _is_int(v),
    "columns": lambda v: isinstance(v, list) and bool(v) and all(isinstance(c, str) for c in v),
    "column_types": lambda v: (
        isinstance(v, dict) and all(t in ("int64", "string", "bool", "float64") for t in v.values())
    ),
    "log": lambda v: v == LOG,
    "resume_command": lambda v: v is None or isinstance(v, str),
    "checksum": lambda v: isinstance(v, str) and bool(_HEX64.match(v)),
}


def read_manifest(folder: Path) -> dict[str, Any]:
    """The validated manifest of a sweep folder; ConfigError naming the file otherwise."""
    path = folder / MANIFEST
    try:
        data = read_own(path, MAX_MANIFEST_BYTES)
    except FileNotFoundError:
        raise ConfigError(
            str(folder), "", "has no manifest.json: it is not a sweep results folder"
        ) from None
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read: {os_reason(exc)}") from None
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ConfigError(str(path), "", "not valid JSON (damaged?)") from None
    check_manifest(manifest, path)
    return manifest


def check_manifest(manifest: Any, path: Path) -> None:
    """Raise a ConfigError naming ``path`` and the field unless ``manifest`` is whole."""
    if not isinstance(manifest, dict):
        raise ConfigError(str(path), "", "not a JSON object: not a sweep manifest")
    if manifest.get("package") == "deterrence" and "format" not in manifest:
        raise ConfigError(
            str(path),
            "format",
            "written by an earlier deterrence, whose sweep folders record no checksums "
            "and cannot be verified; run the sweep again into a new folder",
        )
    if manifest.get("format") != FORMAT or manifest.get("package") != "deterrence":
        raise ConfigError(str(path), "format", f"not a {FORMAT} manifest of the deterrence package")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ConfigError(
            str(path),
            "format_version",
            f"got {str(manifest.get('format_version'))[:20]}; this deterrence reads "
            f"version {FORMAT_VERSION}",
        )
    for name, ok in FIELDS.items():
        if name not in manifest:
            raise ConfigError(str(path), name, "missing field (damaged or edited)")
        if not ok(manifest[name]):
            raise ConfigError(str(path), name, "bad value (damaged or edited)")
    extra = sorted(set(manifest) - set(FIELDS))
    if extra:
        raise ConfigError(str(path), extra[0], "unexpected field (damaged or edited)")
    consistent = {
        "config_hash": digest(manifest["config"]) == manifest["config_hash"],
        "design_hash": digest(manifest["sweep"]) == manifest["design_hash"],
        "chunks": manifest["chunks"] == -(-manifest["points"] // manifest["chunk_size"]),
    }
    for name, ok in consistent.items():
        if not ok:
            raise ConfigError(
                str(path),
                name,
                "does not match the rest of the manifest (points, chunk_size, config, sweep)",
            )
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    if digest(body) != manifest["checksum"]:
        raise ConfigError(
            str(path), "checksum", "does not match the manifest's contents (edited or damaged)"
        )


# ---------------------------------------------------------------------- chunk records
def chunk_name(k: int) -> str:
    return f"part-{k:06d}.parquet"


def chunk_rows(manifest: dict[str, Any], k: int) -> tuple[int, int]:
    """Rows start..stop-1 of chunk k."""
    size = manifest["chunk_size"]
    return k * size, min((k + 1) * size, manifest["points"])


@dataclass(frozen=True)
class Record:
    """A committed chunk, as one line of ``chunks.jsonl``."""

    chunk: int
    rows: tuple[int, int]
    file: str
    bytes: int
    sha256: str
    status: dict[str, int]

    def line(self) -> bytes:
        body = {
            "chunk": self.chunk,
            "rows": list(self.rows),
            "file": self.file,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "status": self.status,
        }
        return canonical(body) + b"\n"


def parse_record(line: str, manifest: dict[str, Any]) -> Record:
    """A record of ``chunks.jsonl``; ValueError with the reason if it is not one of
    this sweep's (wrong fields, a chunk out of range, rows that are not that chunk's)."""
    try:
        body = json.loads(line)
    except (ValueError, RecursionError):
        raise ValueError("not valid JSON") from None
    fields = {"chunk", "rows", "file", "bytes", "sha256", "status"}
    if not isinstance(body, dict) or set(body) != fields:
        raise ValueError("not a chunk record")
    k = body["chunk"]
    if not (_is_int(k) and k < manifest["chunks"]):
        raise ValueError("chunk number out of range")
    rows = chunk_rows(manifest, k)
    status = body["status"]
    checks = (
        body["rows"] == list(rows),
        body["file"] == chunk_name(k),
        _is_int(body["bytes"], 1),
        isinstance(body["sha256"], str) and bool(_HEX64.match(body["sha256"])),
        isinstance(status, dict)
        and all(isinstance(s, str) and _is_int(n) for s, n in status.items())
        and sum(status.values()) == rows[1] - rows[0],
    )
    if not all(checks):
        raise ValueError(f"not the record of chunk {k} of this sweep")
    return Record(k, rows, body["file"], body["bytes"], body["sha256"], status)
