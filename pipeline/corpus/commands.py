"""``vnplan load`` and ``vnplan compare``: argument handling and what they print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from pipeline.corpus.compare import Filters, compare, parse_years
from pipeline.corpus.console import render
from pipeline.corpus.database import connect, counts, export_parquet
from pipeline.corpus.load import load_paths, manifest_ok_records
from pipeline.corpus.source import open_source


def load_command(paths: list[Path], db: Path, parquet: str | None) -> int:
    """Load folders of records, say how many rows each table holds, check each folder against
    its manifest, and export Parquet when asked."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if not paths and not parquet:
        print("nothing to do: give folders of records, or --parquet DIR", file=sys.stderr)
        return 2
    con = connect(db)
    status = 0
    if paths:
        result = load_paths(con, paths)
        print(
            f"{result.loaded} records loaded into {db} ({result.replaced} replaced) in "
            f"{result.seconds:.1f} s"
        )
        for problem in result.problems:
            print(f"not a valid record: {problem}", file=sys.stderr)
        status = _check_manifests(con, paths)
    table_counts = counts(con)
    print("rows: " + ", ".join(f"{k} {v}" for k, v in table_counts.items()))
    if parquet:
        written = export_parquet(con, Path(parquet))
        print(f"wrote {len(written)} Parquet files to {parquet}")
    con.close()
    return status


def _check_manifests(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> int:
    """Every record a folder's manifest reports as written is in the database."""
    status = 0
    for folder in (p for p in paths if p.is_dir()):
        expected = manifest_ok_records(folder)
        if expected is None:
            continue
        names = [Path(r).name for r in expected]
        found = con.execute(
            "SELECT count(DISTINCT record) FROM documents WHERE record IN (SELECT unnest(?))",
            [names],
        ).fetchone()
        have = int(found[0]) if found else 0
        if have != len(set(names)):
            print(
                f"{folder}: the manifest lists {len(set(names))} records, the database holds"
                f" {have} of them",
                file=sys.stderr,
            )
            status = 1
        else:
            print(f"{folder}: all {have} records of the manifest are in the database")
    return status


def filters_from(args: argparse.Namespace) -> Filters:
    return Filters(
        provinces=[p for v in args.province or [] for p in v.split(",") if p.strip()],
        levels=list(args.level or []),
        years=parse_years(args.years),
        indicators=[i.strip() for v in args.indicator or [] for i in v.split(",") if i.strip()],
        scoped=args.scoped,
        all_copies=args.all_copies,
    )


def compare_command(args: argparse.Namespace) -> int:
    from pipeline.corpus.excel import write_workbook
    from pipeline.corpus.html import write_html

    try:
        filters = filters_from(args)
        con = open_source(Path(args.source))
    except (ValueError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 2
    result = compare(con, filters, source=str(args.source))
    con.close()
    if result.plans.empty:
        print(f"no plans in {args.source} match: {filters.describe()}", file=sys.stderr)
        return 2
    sys.stdout.write(render(result, rows=args.rows))
    if args.xlsx:
        print(f"wrote {write_workbook(result, Path(args.xlsx))}")
    if args.html:
        print(f"wrote {write_html(result, Path(args.html))}")
    return 0
