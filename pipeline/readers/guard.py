"""What a file is before any parser sees it, and the limits a reader keeps (issue 12: bounded,
closed to the outside). A file is judged by its first bytes (its magic), not by its name, so
random bytes named ``.pdf`` or an HTML page named ``.doc`` get a clear error or the right reader.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

from pipeline.model.source import ReadError

MAX_FILE_BYTES = 200 * 1024 * 1024  # a 500-page scan is ~150 MB
# A DOCX holds text and a few images: its parts unpacked stay far below this; a zip bomb does not.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 200  # unpacked / packed size of one large member; text XML packs ~10:1
RATIO_FLOOR = 10 * 1024 * 1024  # the ratio is only checked on members unpacking past this

Kind = Literal["empty", "pdf", "zip", "ole2", "rtf", "html", "text", "binary"]
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> Kind:
    """The kind of a file by its first bytes."""
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE2):
        return "ole2"
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    low = head.replace(b"\x00", b"").lower()
    if any(tag in low for tag in (b"<html", b"<!doctype html", b"<body", b"<head", b"<meta")):
        return "html"
    if b"\x00" in head and utf16_order(head) is None:
        return "binary"
    return "text"


def utf16_order(head: bytes) -> str | None:
    """UTF-16 text with or without a byte-order mark: NULs in every other byte (the high byte of
    ASCII and of most Vietnamese letters' neighbours) and printable bytes between them."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    for zeros, other, order in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        printable = sum(1 for b in other if b >= 0x20 or b in (9, 10, 13))
        if zeros.count(0) > 0.3 * len(zeros) and other.count(0) < 0.05 * len(other):
            if printable > 0.9 * len(other):
                return order
    return None


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"too large: {size:,} bytes (limit {MAX_FILE_BYTES:,})")


def check_docx_package(path: Path) -> None:
    """Refuse a DOCX that is not a ZIP, would unpack past the limits (a zip bomb), or whose XML
    declares a DTD (Word never writes one; entities are how XML reaches outside or explodes).
    The sizes are those the archive declares, which is all Python's zipfile will unpack."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ReadError(f"too large: DOCX with {len(members):,} parts")
            total = sum(m.file_size for m in members)
            if total > MAX_UNPACKED_BYTES:
                raise ReadError(
                    f"too large: DOCX unpacks to {total:,} bytes (limit {MAX_UNPACKED_BYTES:,})"
                )
            for m in members:
                packed = max(m.compress_size, 1)
                if m.file_size > RATIO_FLOOR and m.file_size / packed > MAX_RATIO:
                    raise ReadError(
                        f"too large: DOCX part {m.filename} unpacks {m.file_size // packed}:1"
                    )
            for m in members:
                if m.filename.endswith((".xml", ".rels")):
                    with archive.open(m) as part:
                        if b"<!DOCTYPE" in part.read(4096).upper():
                            raise ReadError(f"corrupt DOCX: {m.filename} declares a DTD")
    except zipfile.BadZipFile as exc:
        raise ReadError(f"corrupt DOCX (not a ZIP package: {exc})") from exc
