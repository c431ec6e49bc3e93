"""Where a comparison reads from: a corpus database file, or a folder of records loaded into an
in-memory database for the occasion (the same tables, so the same views)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.corpus.database import connect
from pipeline.corpus.load import load_paths

DB_SUFFIXES = (".duckdb", ".db")


def is_database(path: Path) -> bool:
    return path.suffix.lower() in DB_SUFFIXES


def open_source(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the corpus at ``path`` (a ``.duckdb`` file or a folder of records)."""
    if is_database(path):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such database (make one with `vnplan load`)")
        return connect(path)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: neither a .duckdb file nor a folder of records")
    con = connect(None)
    load_paths(con, [path])
    return con
