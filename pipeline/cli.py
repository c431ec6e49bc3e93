"""Command line: ``vnplan extract | eval | graph | schema``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _extract(args: argparse.Namespace) -> int:
    from pipeline.batch import run_batch

    result = run_batch(
        args.paths,
        Path(args.output),
        log=lambda m: print(m, file=sys.stderr),
        keep_personal_data=args.keep_personal_data,
    )
    print(
        f"{result.written} records written to {args.output} ({result.needs_ocr} need OCR), "
        f"{result.skipped} skipped, {result.errors} errors; see"
        f" {Path(args.output) / 'manifest.jsonl'}"
    )
    return 1 if result.errors else 0


def _eval(args: argparse.Namespace) -> int:
    from pipeline.corpus.evaluate import HELD_OUT, evaluate, format_report, report_json

    exclude = tuple(args.exclude or ()) + (() if args.held_out else HELD_OUT)
    report = evaluate(Path(args.gold), Path(args.pred), exclude=exclude)
    if not report.documents:
        print("no prediction matched a gold file", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report_json(report), indent=2, default=str))
    else:
        print(format_report(report, show_errors=args.errors))
    return 0


def _graph(args: argparse.Namespace) -> int:
    from pipeline.corpus.graph import build_graph, write_graph
    from pipeline.corpus.records import load_records

    records = load_records(Path(args.records))
    if not records:
        print(
            f"no records with references in {args.records}; run `vnplan extract` first",
            file=sys.stderr,
        )
        return 2
    graph = build_graph(records)
    written = write_graph(graph, Path(args.output))
    resolved = sum(1 for e in graph.edges if graph.documents[e.target].record)
    print(
        f"{len(graph.records)} records, {len(graph.documents)} cited documents, {len(graph.edges)}"
        f" citations "
        f"({resolved} to records in the folder); wrote {', '.join(str(p) for p in written)}"
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    from schemas import json_schema_text

    sys.stdout.write(json_schema_text())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="vnplan", description="Vietnamese local plans -> evidence-backed JSON"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="one JSON record per input file, plus manifest.jsonl")
    p.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument(
        "--keep-personal-data",
        action="store_true",
        help="keep private individuals' names, birth years, addresses, IDs (redacted by default)",
    )
    p.set_defaults(func=_extract)
    p = sub.add_parser("eval", help="field-level accuracy against gold annotations")
    p.add_argument("--gold", required=True)
    p.add_argument("--pred", required=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--errors", action="store_true", help="list every wrong value")
    p.add_argument(
        "--exclude", action="append", metavar="FOLDER", help="skip a gold sub-folder (repeatable)"
    )
    p.add_argument(
        "--held-out",
        action="store_true",
        help="also read gold folders named 'test' (the held-out split: for the final measure only)",
    )
    p.set_defaults(func=_eval)
    p = sub.add_parser("graph", help="citation graph over a folder of records (CSV, JSON, GraphML)")
    p.add_argument("records", help="folder of records written by `vnplan extract`")
    p.add_argument(
        "-o", "--output", required=True, help="folder for citations.csv / .json / .graphml"
    )
    p.set_defaults(func=_graph)
    p = sub.add_parser("schema", help="print the JSON Schema of a record")
    p.set_defaults(func=_schema)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
