"""Plain text and Markdown: paragraphs split on blank lines, tab or ``|`` rows become tables."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex

from pipeline.model.source import Block, Source, table_block
from pipeline.readers.celllines import cell_line_tables
from pipeline.readers.guard import utf16_order
from pipeline.readers.webcells import has_web_cells, repair_literal_breaks, web_cell_blocks

EMPHASIS = regex.compile(r"(\*{1,3}|_{2,3})(?=\S)(.{1,400}?)(?<=\S)\1", regex.DOTALL)
HEADING = regex.compile(r"(?m)^#{1,6}\s+")
HARD_BREAK = regex.compile(r"(?m)[ \t]+$")
CELL_SEPARATOR_LINE = regex.compile(r"^\s*\|\s*$")
RULE_LINE = regex.compile(r"^\s*(?:-{3,}|_{3,}|={3,}|\|?\s*:?-{3,}.*\|)\s*$")


VIETNAMESE_MARKED = regex.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.IGNORECASE
)
WORD = regex.compile(r"\p{L}{2,}")
LEGACY_FONTS = ("tcvn3", "vni", "viscii")


@dataclass
class Decoded:
    text: str
    encoding: str | None  # what is not plain UTF-8: utf-16-le, utf-8-sig, cp1258, tcvn3 ...
    warnings: list[str]


def _vietnamese(text: str) -> bool:
    words = WORD.findall(unicodedata.normalize("NFC", text))
    return bool(words) and sum(1 for w in words if VIETNAMESE_MARKED.search(w)) > 0.2 * len(words)


def _legacy_font(latin: str) -> str | None:
    """TCVN3 / VNI / VISCII bytes (read as Latin-1, as viparse's tables are) by their letters."""
    from viparse.normalize.detector import detect_encoding_by_content
    from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS

    found = detect_encoding_by_content(latin[:6000], AUTO_DETECT_CHARMAPS)
    return found.encoding if found and found.encoding in LEGACY_FONTS else None


def decode_text(data: bytes) -> Decoded:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (with or without BOM), then the 8-bit
    encodings of Vietnamese text: TCVN3, VNI and VISCII (repaired later by normalisation),
    Windows-1258; what still decodes badly is a warning."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig", [])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        marked = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _checked(data[2:].decode(marked, errors="replace"), marked)
    order = utf16_order(data[:4096])
    if order:
        return _checked(data.decode(order, errors="replace"), order)
    try:
        return Decoded(data.decode("utf-8"), None, [])
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    font = _legacy_font(latin)
    if font:
        return Decoded(latin, font, [])
    try:
        text = data.decode("cp1258")
        if _vietnamese(text):
            return Decoded(unicodedata.normalize("NFC", text), "cp1258", [])
    except UnicodeDecodeError:
        pass
    return _checked(data.decode("cp1252", errors="replace"), None, always=True)


def _checked(text: str, encoding: str | None, always: bool = False) -> Decoded:
    bad = text.count("\ufffd")
    if bad or always:
        return Decoded(
            text,
            encoding,
            [f"the text decodes badly ({bad} undecodable characters): check its encoding"],
        )
    return Decoded(text, encoding, [])


def decode(data: bytes) -> str:
    return decode_text(data).text


def strip_markdown(text: str) -> str:
    text = HEADING.sub("", text)
    for _ in range(2):
        text = EMPHASIS.sub(lambda m: m.group(2), text)
    return HARD_BREAK.sub("", text)


def _cells(line: str) -> list[str] | None:
    if "\t" in line.strip("\t "):
        return [c.strip() for c in line.split("\t")]
    stripped = line.strip()
    if stripped.count("|") >= 2 and stripped.startswith("|"):
        return [c.strip() for c in stripped.strip("|").split("|")]
    return None


def blocks_from_lines(lines: list[str]) -> list[Block]:
    """Group lines into paragraph and table blocks; ``|`` alone or a rule ends a block. Text copied
    from a web page whose header cells end with ``|`` is read cell by cell (``webcells``); a table
    copied one cell per paragraph is put back together (``celllines``)."""
    if has_web_cells(lines):
        return cell_line_tables(web_cell_blocks(lines, _plain_blocks))
    return cell_line_tables(_plain_blocks(lines))


def _plain_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", "\n".join(para)))
            para.clear()
        if rows:
            blocks.append(table_block(rows))
            rows.clear()

    for line in lines:
        if not line.strip() or CELL_SEPARATOR_LINE.match(line) or RULE_LINE.match(line):
            flush()
            continue
        cells = _cells(line)
        if cells is not None and len([c for c in cells if c]) >= 1 and len(cells) >= 2:
            if para:
                blocks.append(Block("paragraph", "\n".join(para)))
                para.clear()
            rows.append(cells)
        else:
            if rows:
                flush()
            para.append(line)
    flush()
    return blocks


def read_text(path: Path) -> Source:
    decoded = decode_text(path.read_bytes())
    text = repair_literal_breaks(decoded.text)
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    if fmt == "md" or "**" in text:
        text = strip_markdown(text)
    return Source(
        path=str(path),
        format=fmt,
        blocks=blocks_from_lines(text.splitlines()),
        legacy_encoding=decoded.encoding,
        warnings=decoded.warnings,
    )
