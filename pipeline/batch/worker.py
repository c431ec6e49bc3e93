"""The worker process (``python -m pipeline.batch.worker FD``): imports the readers and
extractors once, then runs the tasks its supervisor sends over the socket ``FD`` until told to
stop or the supervisor goes away."""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import signal
import sys
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path

from pipeline.batch.version import extractor_version
from pipeline.batch.work import run_task

WARM_UP_TEXT = "ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố: 1/KH-UBND\n\nKẾ HOẠCH\nGiảm nghèo năm 2022\n"
PR_SET_PDEATHSIG = 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    _die_with_parent()
    logging.disable(logging.WARNING)  # library chatter (pdfminer) is not the batch's business
    conn = Connection(int(args[0]))
    workdir = Path(tempfile.mkdtemp(prefix="vnplan-worker-"))
    try:
        warm_up(workdir)
        conn.send(("ready", os.getpid(), str(workdir), extractor_version()))
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return 0
            if message[0] == "stop":
                return 0
            _, items, limits, batch_docs = message
            run_task(items, limits, workdir, batch_docs, conn.send)
            conn.send(("done",))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def warm_up(workdir: Path) -> None:
    """Import every reader and run the whole pipeline once on a tiny plan, so that no file of
    the batch pays for imports (vietnamadminunits alone costs 0.3 s)."""
    from pipeline.assemble import build_record
    from pipeline.readers import doc, docx, html, pdf, text  # noqa: F401

    sample = workdir / "warm-up.txt"
    sample.write_text(WARM_UP_TEXT, encoding="utf-8")
    try:
        build_record(sample, strict=False)
    except Exception:  # a warm-up is an optimisation; the real files report their own errors
        pass
    sample.unlink()


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its supervisor dies (a killed batch leaves no
    worker running on)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        pass


if __name__ == "__main__":
    sys.exit(main())
