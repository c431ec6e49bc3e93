"""Broken and hostile input files, made by the tests (nothing of the kind is kept in the repo)."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from viparse.normalize.encodings import CHARMAPS

SAMPLE = (
    "ủy ban nhân dân tỉnh yên bái ban hành kế hoạch thực hiện chương trình mục tiêu quốc gia "
    "giảm nghèo bền vững giai đoạn 2022-2025 trên địa bàn tỉnh, hộ nghèo giảm 1,5%.\n"
) * 6
TONES = "\u0300\u0301\u0303\u0309\u0323"


def legacy_font(text: str, name: str) -> bytes:
    """Text in an 8-bit Vietnamese font encoding (TCVN3, VNI, VISCII), from viparse's tables."""
    reverse = {uni: legacy for legacy, uni in CHARMAPS[name].pairs}
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text)).encode(
        "latin-1"
    )


def windows_1258(text: str) -> bytes:
    """Windows-1258: precomposed vowels where the code page has them, tone marks combining."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


ENCODED = {
    "utf-8-sig": b"\xef\xbb\xbf" + SAMPLE.encode(),
    "utf-16-le": SAMPLE.encode("utf-16"),  # with its byte-order mark
    "utf-16-le-no-bom": SAMPLE.encode("utf-16-le"),
    "utf-16-be-no-bom": SAMPLE.encode("utf-16-be"),
    "tcvn3": legacy_font(SAMPLE, "tcvn3"),
    "vni": legacy_font(SAMPLE, "vni"),
    "viscii": legacy_font(SAMPLE, "viscii"),
    "cp1258": windows_1258(SAMPLE),
}


def _pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def pdf_with_a_broken_page() -> bytes:
    """Three pages; the second is not a page at all (its object is a number)."""

    def page(content: int) -> bytes:
        return (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
            + f"{content} 0 R".encode()
            + b" /Resources << /Font << /F1 9 0 R >> >> >>"
        )

    def stream(text: str) -> bytes:
        data = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
        return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
            page(6),
            b"42",
            page(8),
            stream("Page one says KE HOACH number one of the plan, read me please"),
            b"null",
            stream("Page three says the plan goes on after the broken page, read me"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def zip_bomb_docx(path: Path, unpacked_mb: int = 320) -> Path:
    """A DOCX whose document part unpacks to ``unpacked_mb`` MB of zeros (a few hundred KB)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(unpacked_mb):
                part.write(chunk)
    return path


def docx_with_external_entity(template: Path, path: Path) -> Path:
    """A real DOCX whose document part declares an external entity (XXE) and uses it."""
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = (
                    head
                    + b'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
                    + rest.replace(b"<w:t>", b"<w:t>&xxe;", 1)
                )
            dst.writestr(item, data)
    return path
