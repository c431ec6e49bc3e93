"""Legacy Word 97-2003 (.doc): LibreOffice headless converts a copy to DOCX, then the DOCX
reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.model.source import ReadError, Source
from pipeline.readers.docx import read_docx

INSTALL_HINT = (
    "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) to read .doc files"
)


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, outdir: Path, timeout: int = 180) -> Path:
    binary = soffice_binary()
    if binary is None:
        raise ReadError(f"cannot read .doc: LibreOffice not found; {INSTALL_HINT}")
    profile = outdir / "lo-profile"
    cmd = [
        binary,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(path),
    ]
    try:
        subprocess.run(
            cmd,
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "HOME": str(outdir)},
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError(f"LibreOffice timed out after {timeout}s converting {path.name}") from exc
    out = outdir / (path.stem + ".docx")
    if not out.is_file():
        raise ReadError(
            f"LibreOffice could not convert {path.name} (not a Word document, or damaged)"
        )
    return out


def read_doc(path: Path) -> Source:
    with tempfile.TemporaryDirectory(prefix="vnplan-doc-") as tmp:
        converted = convert_to_docx(path.resolve(), Path(tmp))
        source = read_docx(converted, fmt="doc")
    source.path = str(path)
    return source
