"""Broken and hostile inputs, made by the tests (no binary is committed): what archives hold
and what a batch must account for without a crash, a stall or a leak."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from pathlib import Path

from tests.conftest import SAMPLES

SEED_TEXT = SAMPLES / "004_abbd3a2678e50d31.txt"
SEED_PDF = SAMPLES / "002_e96895803e866879.pdf"
SEED_DOCX = SAMPLES / "004_abbd3a2678e50d31.docx"
# Latin-1 bytes of "kế_hoạch" as an old Windows share would write them: not UTF-8.
UNDECODABLE_NAME = b"k\xea_ho\xe1ch.txt"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
PASSWD_LINE = "root:x:0:0"
FIGURE_SENTENCE = (
    "Phấn đấu đến năm 2025 tỷ lệ hộ nghèo giảm 3,5% mỗi năm, 1.200 hộ thoát nghèo theo Quyết định"
    " số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ; "
)


def make_broken_files(folder: Path) -> dict[str, str]:
    """Files a reader must refuse or survive; returns name -> what it is."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}
    rng = _bytes(5000)
    for ext in ("pdf", "doc", "docx"):
        (folder / f"random.{ext}").write_bytes(rng)
        made[f"random.{ext}"] = "random bytes"
    for ext in ("pdf", "doc", "docx", "txt", "html"):
        (folder / f"empty.{ext}").write_bytes(b"")
        made[f"empty.{ext}"] = "empty file"
    pdf = SEED_PDF.read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    made["truncated.pdf"] = "the first half of a PDF"
    text = SEED_TEXT.read_text(encoding="utf-8")
    (folder / "utf16-no-bom.txt").write_bytes(text.encode("utf-16-le"))
    made["utf16-no-bom.txt"] = "UTF-16 without a byte-order mark"
    (folder / "windows-1258.txt").write_bytes(to_cp1258(text))
    made["windows-1258.txt"] = "Windows-1258"
    (folder / os.fsdecode(UNDECODABLE_NAME)).write_text(text, encoding="utf-8")
    made[os.fsdecode(UNDECODABLE_NAME)] = "a name that is not UTF-8"
    return made


def make_hostile_links(folder: Path) -> dict[str, str]:
    """Links that go nowhere, in circles, or out of the folder; a folder that is not a file
    tree at all (a named pipe, which blocks a reader forever)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dangling.pdf").symlink_to(folder / "gone.pdf")
    (folder / "loop-a.pdf").symlink_to(folder / "loop-b.pdf")
    (folder / "loop-b.pdf").symlink_to(folder / "loop-a.pdf")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc")
    (folder / "here").symlink_to(folder)
    os.mkfifo(folder / "pipe.txt")
    return {
        "dangling.pdf": "dangling link",
        "loop-a.pdf": "link loop",
        "loop-b.pdf": "link loop",
        "self.txt": "link to itself",
        "passwd.txt": "link out of the folder",
        "etc": "link to a folder outside",
        "here": "link to its own folder",
        "pipe.txt": "named pipe",
    }


def zip_bomb_docx(path: Path, decompressed_mb: int = 600) -> None:
    """A valid DOCX whose document.xml inflates from about 1 MB to ``decompressed_mb`` of tiny
    paragraphs (each a few hundred bytes in memory once parsed)."""
    with zipfile.ZipFile(SEED_DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
        head, _, _ = src.read("word/document.xml").partition(b"<w:body>")
        with dst.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head + b"<w:body>")
            chunk = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30_000
            for _ in range(decompressed_mb * 2**20 // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")


def one_line_text(path: Path, size: int) -> None:
    """Whole target sentences dense with figures and no line break at all, to at least ``size``
    bytes (the targets stage was super-linear in the length of a line: 100,000 characters took
    54 s; now 0.2 s, and a whole record of 3 million characters ~50 CPU-s)."""
    sentence = FIGURE_SENTENCE.encode("utf-8")
    path.write_bytes(sentence * (size // len(sentence) + 1))


def big_text(path: Path, size: int) -> None:
    """A plan repeated to at least ``size`` bytes, with its line breaks."""
    seed = SEED_TEXT.read_bytes()
    with path.open("wb") as fh:
        for _ in range(size // len(seed) + 1):
            fh.write(seed)


def to_cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters precomposed, tones combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            tones = "".join(c for c in parts if c in TONE_MARKS)
            out.append((base + tones).encode("cp1258", errors="replace"))
    return b"".join(out)


def _bytes(n: int) -> bytes:
    """Random-looking bytes that are the same every run (a failing case can be replayed)."""
    state, out = 12345, bytearray()
    while len(out) < n:
        state = (state * 1103515245 + 12345) % 2**31
        out.append(state >> 16 & 0xFF)
    return bytes(out)
