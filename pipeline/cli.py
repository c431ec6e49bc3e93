"""Command line: ``vnplan extract | load | compare | eval | graph | schema``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _extract(args: argparse.Namespace) -> int:
    """Exit 0 when every input is fine, 1 when some file failed, 2 when the output folder (or
    the workers) cannot run the batch at all."""
    from pipeline.batch import BatchOptions, Limits, OutputError, Rerun, WorkerStartError, run_batch

    writer = None
    if args.db:  # load each record into the corpus database as it is written
        from pipeline.corpus.database import connect
        from pipeline.corpus.load import CorpusWriter

        writer = CorpusWriter(connect(Path(args.db)), batch=1)
    options = BatchOptions(
        jobs=args.jobs,
        rerun=Rerun(force=args.force, retry_errors=args.retry_errors),
        follow_links=args.follow_links,
        limits=Limits(args.timeout, args.memory_limit, args.max_file_mb, args.max_chars),
        engine=args.engine,
        scheduler=args.scheduler,
        keep_personal_data=args.keep_personal_data,
        on_record=writer.add if writer else None,
    )
    try:
        result = run_batch(
            args.paths, Path(args.output), log=lambda m: print(m, file=sys.stderr), options=options
        )
    except (OutputError, WorkerStartError) as exc:
        print(f"vnplan extract: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "vnplan extract: interrupted; run it again to go on where it stopped", file=sys.stderr
        )
        return 130
    if writer:
        loaded = writer.close()
        print(f"{loaded.loaded} records loaded into {args.db}")
    unchanged = (
        f", {result.unchanged} unchanged since the last run ({result.unchanged_errors} failed)"
        if result.unchanged
        else ""
    )
    print(
        f"{result.written} records written to {args.output} ({result.needs_ocr} need OCR), "
        f"{result.skipped} skipped, {result.errors} errors{unchanged}; see"
        f" {Path(args.output) / 'manifest.jsonl'}"
    )
    return 1 if result.errors or result.unchanged_errors else 0


def _add_extract_options(p: argparse.ArgumentParser) -> None:
    from pipeline.batch import limits

    p.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument(
        "-j", "--jobs", type=_positive_int, help="worker processes (default: every core)"
    )
    p.add_argument("--db", metavar="FILE", help="also load each record into this corpus database")
    p.add_argument("--force", action="store_true", help="redo inputs unchanged since the last run")
    p.add_argument(
        "--keep-personal-data",
        action="store_true",
        help="keep private individuals' names, birth years, addresses, IDs (redacted by default)",
    )
    p.add_argument(
        "--retry-errors", action="store_true", help="redo inputs that failed, even if unchanged"
    )
    p.add_argument(
        "--follow-links", action="store_true", help="follow links that lead out of input folders"
    )
    p.add_argument(
        "--timeout", type=float, default=limits.TIMEOUT_S, metavar="S", help="seconds per file"
    )
    p.add_argument(
        "--memory-limit",
        type=_positive_int,
        default=limits.MEMORY_MB,
        metavar="MB",
        help="resident memory of a worker",
    )
    p.add_argument(
        "--max-file-mb", type=float, default=limits.MAX_FILE_MB, metavar="MB", help="input size"
    )
    p.add_argument(
        "--max-chars", type=_positive_int, default=limits.MAX_CHARS, help="characters per file"
    )
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler (tcp://host:8786); without it, --engine dask starts a local cluster",
    )
    p.set_defaults(func=_extract)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


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


def _load(args: argparse.Namespace) -> int:
    from pipeline.corpus.commands import load_command

    return load_command([Path(p) for p in args.paths], Path(args.db), args.parquet)


def _compare(args: argparse.Namespace) -> int:
    from pipeline.corpus.commands import compare_command

    return compare_command(args)


def _graph(args: argparse.Namespace) -> int:
    from pipeline.corpus.graph import graph_from_database, write_graph
    from pipeline.corpus.source import open_source

    try:
        graph = graph_from_database(open_source(Path(args.records)))
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not graph.records:
        print(f"no records in {args.records}; run `vnplan extract` first", file=sys.stderr)
        return 2
    written = write_graph(graph, Path(args.output))
    resolved = sum(1 for e in graph.edges if graph.documents[e.target].record)
    print(
        f"{len(graph.records)} records, {len(graph.documents)} cited documents, {len(graph.edges)}"
        f" citations "
        f"({resolved} to records in the corpus); wrote {', '.join(str(p) for p in written)}"
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    from pipeline.show import load, render_html, render_terminal

    record = load(Path(args.file))
    if args.html:
        Path(args.html).write_text(render_html(record), encoding="utf-8")
        print(f"wrote {args.html}")
        return 0
    sys.stdout.write(render_terminal(record, colour=sys.stdout.isatty() and not args.plain))
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
    _add_extract_options(p)
    p = sub.add_parser("load", help="load folders of records into the corpus database (DuckDB)")
    p.add_argument("paths", nargs="*", help="folders of records (or record files)")
    p.add_argument("--db", default="corpus.duckdb", help="database file (default corpus.duckdb)")
    p.add_argument(
        "--parquet", metavar="DIR", help="also export every table as DIR/<table>.parquet"
    )
    p.set_defaults(func=_load)
    p = sub.add_parser("compare", help="compare plans: indicators, programmes, legal bases, ...")
    p.add_argument("source", help="a corpus database (.duckdb) or a folder of records")
    p.add_argument("--xlsx", metavar="FILE", help="write the Excel workbook")
    p.add_argument("--html", metavar="FILE", help="write the offline HTML page")
    p.add_argument("--province", action="append", help="name or GSO code (repeatable)")
    p.add_argument("--level", action="append", choices=["province", "district", "commune"])
    p.add_argument("--years", help="a year or a range: 2023, 2022-2025")
    p.add_argument("--indicator", action="append", help="indicator id or pattern: 'poverty_*'")
    p.add_argument("--scoped", action="store_true", help="add rows for units a plan names")
    p.add_argument("--all-copies", action="store_true", help="one row per record, not per plan")
    p.add_argument("--rows", type=int, default=40, help="rows per view printed (default 40)")
    p.set_defaults(func=_compare)
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
    p = sub.add_parser("graph", help="citation graph of a corpus (CSV, JSON, GraphML)")
    p.add_argument("records", help="a folder of records or a corpus database (.duckdb)")
    p.add_argument(
        "-o", "--output", required=True, help="folder for citations.csv / .json / .graphml"
    )
    p.set_defaults(func=_graph)
    p = sub.add_parser("show", help="a document's text with every fact and zone marked at its span")
    p.add_argument("file", help="a document, or a record written by `vnplan extract`")
    p.add_argument("--html", metavar="FILE", help="write one offline HTML page instead")
    p.add_argument("--plain", action="store_true", help="no colours: facts in [brackets]")
    p.set_defaults(func=_show)
    p = sub.add_parser("schema", help="print the JSON Schema of a record")
    p.set_defaults(func=_schema)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
