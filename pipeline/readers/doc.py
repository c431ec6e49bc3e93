"""Legacy Word 97-2003 (.doc) and RTF: LibreOffice headless converts a copy to DOCX, then the
DOCX reader.

LibreOffice runs only on files whose magic says Word 97-2003 (OLE2) or RTF (``readers.by_content``)
and is closed to the outside: it runs in a network namespace of its own (``unshare``: no
interface but its own loopback, so a linked image cannot be fetched), and its fresh profile blocks
links from untrusted documents, never updates links and never runs macros."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from pipeline.model.source import ReadError, Source
from pipeline.readers.docx import read_docx

INSTALL_HINT = (
    "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) to read .doc files"
)


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# The profile's settings: block links of untrusted documents, never update links, no macros.
REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
</oor:items>
"""


@cache
def network_isolation() -> tuple[str, ...]:
    """The command prefix that gives LibreOffice a network namespace of its own (as root, or as
    a user where user namespaces are allowed); empty where neither works."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    for prefix in ((unshare, "--net"), (unshare, "--map-root-user", "--net")):
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return ()


def _profile(outdir: Path) -> Path:
    profile = outdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
    return profile


def convert_to_docx(path: Path, outdir: Path, timeout: int = 180) -> Path:
    binary = soffice_binary()
    if binary is None:
        raise ReadError(f"cannot read .doc: LibreOffice not found; {INSTALL_HINT}")
    profile = _profile(outdir)
    cmd = [
        *network_isolation(),
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
