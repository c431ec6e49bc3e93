"""Legacy Word 97-2003 (.doc) and RTF: LibreOffice headless converts a copy to DOCX, then the
DOCX reader.

LibreOffice runs only on files whose magic says Word 97-2003 (OLE2) or RTF (``readers.by_content``)
and is closed to the outside: it runs in a network namespace of its own (``unshare``: no
interface but its own loopback, so a linked image cannot be fetched), and its fresh profile blocks
links from untrusted documents, never updates links and never runs macros.

LibreOffice costs a second or more to start, so a batch converts several files per call
(``convert_many_to_docx``) with one profile per worker, and hands each result to ``read_doc``."""

from __future__ import annotations

import os
import shutil
import signal
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


def _prepare_profile(profile: Path) -> Path:
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
    return profile


def _run_soffice(files: list[Path], outdir: Path, profile: Path, timeout: float) -> None:
    """One LibreOffice call converting ``files`` into ``outdir``; on timeout its whole process
    group is killed (``soffice`` is a script that starts ``soffice.bin``)."""
    binary = soffice_binary()
    if binary is None:
        raise ReadError(f"cannot read .doc: LibreOffice not found; {INSTALL_HINT}")
    _prepare_profile(profile)
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
        *(str(f) for f in files),
    ]
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(profile.parent)},
        start_new_session=True,
    )
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        names = ", ".join(f.name for f in files)
        raise ReadError(f"LibreOffice timed out after {timeout:g}s converting {names}") from exc


def convert_to_docx(path: Path, outdir: Path, timeout: int = 180) -> Path:
    _run_soffice([path], outdir, outdir / "lo-profile", timeout)
    out = outdir / (path.stem + ".docx")
    if not out.is_file():
        raise ReadError(
            f"LibreOffice could not convert {path.name} (not a Word document, or damaged)"
        )
    return out


def convert_many_to_docx(
    paths: list[Path], workdir: Path, profile: Path, timeout: float
) -> dict[Path, Path]:
    """Convert several files in one LibreOffice call; returns the DOCX of each file that
    converted. Inputs are linked under numbered names, so equal stems cannot collide."""
    staging = Path(tempfile.mkdtemp(prefix="convert-", dir=workdir))
    links = []
    for i, path in enumerate(paths):
        link = staging / f"{i}.doc"
        link.symlink_to(path.resolve())
        links.append(link)
    try:
        _run_soffice(links, staging / "out", profile, timeout)
    except ReadError:
        pass  # files left unconverted go through ``read_doc`` one by one
    return {
        path: staging / "out" / f"{i}.docx"
        for i, path in enumerate(paths)
        if (staging / "out" / f"{i}.docx").is_file()
    }


def read_doc(path: Path, converted: Path | None = None) -> Source:
    """``converted``: the DOCX a batch conversion already made of ``path``."""
    if converted is not None:
        source = read_docx(converted, fmt="doc")
    else:
        with tempfile.TemporaryDirectory(prefix="vnplan-doc-") as tmp:
            source = read_docx(convert_to_docx(path.resolve(), Path(tmp)), fmt="doc")
    source.path = str(path)
    return source
