"""``deterrence claims``: the claim ledger, each claim of the source article with its verdict.

Without ``--json`` it prints a one-screen table (id, status, verdict, value, where it
holds) and then each entry's details; ``--json`` prints ``{"claims": [...], ...}``;
``--out DIR`` writes ``claims.json`` and ``claims.md`` (docs/claims.md's page) into a
new results folder, written whole or not at all.  The entries are computed live by
``deterrence.runs.claims`` from configs that ship with the package (docs/claims.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from pathlib import Path

from deterrence.cli.common import positive_int, text_writer

WIDTH = 100


def register(sub) -> None:
    p = sub.add_parser(
        "claims",
        help="the claim ledger: each claim of the article, its status, number and verdict",
    )
    p.add_argument(
        "--only",
        nargs="+",
        metavar="ID",
        help="only these entries (C1 ... C7, C2a, C2b, B1, S1); default all",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="also write claims.json and claims.md into this new results folder",
    )
    p.add_argument(
        "--n",
        type=positive_int,
        default=None,
        metavar="N",
        help="base samples of the plausible box's Saltelli design (default: the box "
        "config's 512; fewer for a quick look, the shares then differ)",
    )
    p.add_argument(
        "--no-prim",
        action="store_true",
        help="skip PRIM's boxes (they need the optional EMA Workbench; skipped without it)",
    )
    p.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from deterrence.runs import store
    from deterrence.runs.claims import run_ledger
    from deterrence.runs.claims.box import BOX_CONFIG
    from deterrence.runs.claims.render import render

    if args.out is not None:
        store.check_free(Path(args.out))
    start = time.perf_counter()
    ledger = run_ledger(args.only, n=args.n, prim=False if args.no_prim else None)
    seconds = time.perf_counter() - start
    record = ledger.to_record()
    if args.json:
        print(json.dumps(record, allow_nan=False))
    else:
        print(summary(record["claims"]))
        print()
        print(details(record))
        print(f"\ncomputed in {seconds:.1f} s")
    if args.out is not None:
        out = Path(args.out)
        payload = record | store.metadata(BOX_CONFIG, record["settings"])
        payload["seed"] = record["settings"]["box"]["seed"]
        payload["command"] = getattr(args, "command_line", None)
        store.write_folder(
            out,
            {
                "claims.json": store.json_writer(payload),
                "claims.md": text_writer(render(record)),
            },
            kind="claims",
        )
        message = f"results written to {out}/ (claims.json, claims.md)"
        print(message, file=sys.stderr if args.json else sys.stdout)
    return 0


def _value(entry: dict) -> str:
    from deterrence.runs.claims.render import number

    return number(entry["value"])


def summary(claims: list[dict]) -> str:
    """The one-screen table: id, status, verdict, value and where it holds."""
    from deterrence.runs.claims.render import holds_on

    head = ("id", "status", "verdict", "value", "holds on")
    rows = [
        (c["id"], c["status"], c["verdict"], _value(c), holds_on(c).replace("`", ""))
        for c in claims
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    lines = []
    for row in (head, tuple("-" * w for w in widths), *rows):
        cells = [
            cell.rjust(w) if i == 3 and row is not head else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def details(record: dict) -> str:
    """Each entry: the claim, what it assumes, its command and number, its verdict."""
    from deterrence.runs.claims.render import limits, number, percent

    def para(label: str, text: str) -> list[str]:
        return textwrap.wrap(
            f"{label}: {text}", WIDTH, initial_indent="  ", subsequent_indent="    "
        )

    blocks = []
    for c in record["claims"]:
        lines = [f"{c['id']} ({c['status']}; {c['verdict']}): {c['claim']}"]
        lines += para("assumes", c["assumes"])
        if c["command"]:
            lines += para(
                "command",
                f"{c['command']}  ->  {c['value_key']} = {number(c['value'])} ({c['unit']})",
            )
        lines += para("verdict", c["verdict_text"])
        if c["condition"]:
            share = c["holds_share"]
            holds = "" if share is None else f"; holds at {percent(share)} of the box"
            lines += para("condition", c["condition"] + holds)
        if c["drivers"]:
            lines += para(
                "drivers (Sobol' ST)",
                "; ".join(
                    f"{d['parameter']} {d['ST']:.3f} ± {d['ST_conf']:.3f}" for d in c["drivers"]
                ),
            )
        if c["where"]:
            lines += para(f"where ({c['where']['method']})", limits(c["where"]))
        for note in c["notes"]:
            lines += para("note", note)
        blocks.append("\n".join(lines))
    blocks.append(textwrap.fill("Verdict rule: " + record["verdict_rule"], WIDTH))
    return "\n\n".join(blocks)
