"""Source -> Document: legacy-encoding repair, NFC, whitespace, re-joined hard-wrapped lines.

Every step goes through ``MappedText`` so spans in the result still map back to the raw text.
"""

from __future__ import annotations

import unicodedata

import regex

from pipeline.model.document import DocBlock, Document
from pipeline.model.grammar import (
    OCR_CODE,
    OCR_NUMBER,
    OCR_PROVINCE,
    OCR_TABLE_VOCABULARY,
    OCR_VOCABULARY,
    repair_ocr_code,
    repair_ocr_number,
    repair_ocr_province,
    repair_ocr_table_term,
    repair_ocr_term,
)
from pipeline.model.layout import should_join
from pipeline.model.mapped_text import MappedText
from pipeline.model.source import Source
from pipeline.model.syllables import SYLLABLE, respell
from pipeline.model.vietnamese import fold_text

ZERO_WIDTH = regex.compile(r"[\u200b-\u200d\u2060\ufeff]")
SOFT_HYPHEN = regex.compile(r"\u00ad")
# pdfium reports a hyphen that ends a line as U+FFFE; the code it splits goes on after the break.
LINE_END_HYPHEN = regex.compile(r"\ufffe\s*")
CLUSTER = regex.compile(r"\P{M}\p{M}+")
ODD_SPACE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
CR = regex.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
PARA_SPACES = regex.compile(r"[ \t]{2,}|\t")
CELL_SPACES = regex.compile(r" {2,}| *\t *")
EDGE_SPACES = regex.compile(r"(?m)^ +| +$")
MANY_NEWLINES = regex.compile(r"\n{3,}")
LINE_BREAK = regex.compile(r"\n")

HYPHEN_BREAK = regex.compile(r"\S-$")
# Word-segmented copies (NLP corpora, VnCoreNLP-style output) join the syllables of a word with
# "_" ("Sở_Lao_động"); a text where that is common gets its syllables back, character for character.
SEGMENT_JOIN = regex.compile(r"(?<=\p{L})_(?=\p{L})")
WORD = regex.compile(r"\S+")
LEGACY_FONTS = ("tcvn3", "vni", "viscii", "vps")  # 8-bit fonts viparse repairs
# Anything the hyphen, zero-width, control, line-separator, combining-mark and odd-space steps
# would change (a text without any of these comes out of all of them unchanged).
RARE = regex.compile(
    r"\ufffe|[\u200b-\u200d\u2060\ufeff]|[\x00-\x08\x0e-\x1f\x7f]|[\r\u2028\u2029\x0b\x0c]"
    r"|\p{M}|[\u00a0\u2000-\u200a\u202f\u205f\u3000]"
)


def _legacy_encoding(source: Source) -> str | None:
    """Detect TCVN3/VNI once per document from a sample, as viparse advises."""
    from viparse.normalize.detector import detect_encoding_by_content
    from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS

    sample = "\n".join(b.text for b in source.blocks)[:6000]
    if len(sample.strip()) < 200:
        return None
    detection = detect_encoding_by_content(sample, AUTO_DETECT_CHARMAPS)
    return detection.encoding if detection and detection.method == "content-frequency" else None


def _repair_legacy(text: str, encoding: str) -> str:
    from viparse.normalize.encodings import CHARMAPS
    from viparse.normalize.tables import convert

    return convert(text, CHARMAPS[encoding], "NFC")


def _nfc_cluster(m: regex.Match) -> str:
    return unicodedata.normalize("NFC", m.group())


def _wrap_width(lines: list[str]) -> int | None:
    """Typical width of a hard-wrapped block: its 80th-percentile line length."""
    lengths = sorted(len(x) for x in lines if len(x) > 20)
    if len(lengths) < 5:
        return None
    return lengths[int(len(lengths) * 0.8) - 1]


def unwrap_lines(mt: MappedText) -> MappedText:
    """Join hard-wrapped lines: the newline becomes a space (or vanishes after ``2024-``)."""
    lines = mt.text.split("\n")
    if len(lines) < 2:
        return mt
    width = _wrap_width(lines)
    joins: dict[int, str] = {}
    pos = 0
    for i in range(len(lines) - 1):
        pos += len(lines[i])
        if should_join(lines[i], lines[i + 1], width):
            joins[pos] = "" if HYPHEN_BREAK.search(lines[i].rstrip()) else " "
        pos += 1
    if not joins:
        return mt
    return mt.sub(LINE_BREAK, lambda m: joins.get(m.start(), "\n"))


def repair_ocr(mt: MappedText) -> MappedText:
    """OCR text: the fixed vocabulary (type names, heads of bodies, positions, mottos, header
    words, issuer codes, province names) back in its spelling when OCR dropped or changed its
    marks; letters read for digits inside a number back to digits; then other syllables whose
    marks OCR got wrong, by their neighbours (``pipeline.model.syllables``)."""
    mt = mt.sub(OCR_VOCABULARY, repair_ocr_term).sub(OCR_CODE, repair_ocr_code)
    mt = mt.sub(OCR_PROVINCE, repair_ocr_province).sub(OCR_NUMBER, repair_ocr_number)
    respelt = respell(mt.text)
    return mt.sub(SYLLABLE, lambda m: respelt.get(m.start(), m.group())) if respelt else mt


def repair_ocr_table(mt: MappedText) -> MappedText:
    """An OCR'd table's text: ``repair_ocr`` and the words of table headers ("Tỷ lê")."""
    return repair_ocr(mt).sub(OCR_TABLE_VOCABULARY, repair_ocr_table_term)


def word_segmented(texts: list[str]) -> bool:
    """Whether joined syllables are the text's habit (≥ 5% of its words), not a stray name."""
    joins = sum(len(SEGMENT_JOIN.findall(t)) for t in texts)
    return joins >= 20 and joins >= 0.05 * sum(len(WORD.findall(t)) for t in texts)


def normalise_block(
    text: str, kind: str, legacy: str | None, ocr: bool = False, segmented: bool = False
) -> MappedText:
    mt = MappedText(text)
    if legacy:
        repaired = _repair_legacy(text, legacy)
        n = max(len(text), 1)
        mt = MappedText(
            repaired, [min(i * n // max(len(repaired), 1), n - 1) for i in range(len(repaired))]
        )
    else:
        mt = mt.sub(SOFT_HYPHEN, "")
    if legacy or RARE.search(mt.text):  # most blocks hold none of these: one scan, not seven
        mt = (
            mt.sub(LINE_END_HYPHEN, "-")
            .sub(ZERO_WIDTH, "")
            .sub(CONTROL, "")
            .sub(CR, "\n")
            .sub(CLUSTER, _nfc_cluster)
        )
        mt = mt.sub(ODD_SPACE, " ")
    if segmented:
        mt = mt.sub(SEGMENT_JOIN, " ")
    if ocr:
        mt = repair_ocr_table(mt) if kind == "table" else repair_ocr(mt)
    mt = mt.sub(CELL_SPACES if kind == "table" else PARA_SPACES, "\t" if kind == "table" else " ")
    mt = mt.sub(EDGE_SPACES, "")
    if kind != "table":
        mt = unwrap_lines(mt)
    return mt.sub(MANY_NEWLINES, "\n\n")


def _repaired_rows(rows: list[list[str]]) -> list[list[str]]:
    """The cells of an OCR'd table repaired as its text is."""
    return [[repair_ocr_table(MappedText(cell)).text for cell in row] for row in rows]


def normalise(source: Source) -> Document:
    """Build the canonical text; blocks are separated by a blank line."""
    found = source.legacy_encoding or _legacy_encoding(source)
    source.legacy_encoding = found
    legacy = found if found in LEGACY_FONTS else None  # cp1258 or UTF-16 are decoded already
    parts: list[str] = []
    origins: list[int] = []
    raw_parts: list[str] = []
    blocks: list[DocBlock] = []
    raw_pos = 0
    pos = 0
    segmented = word_segmented([b.text for b in source.blocks])
    for block in source.blocks:
        mt = normalise_block(block.text, block.kind, legacy, source.ocr, segmented)
        text = mt.text.strip("\n")
        lead = len(mt.text) - len(mt.text.lstrip("\n"))
        if text:
            if parts:
                parts.append("\n\n")
                origins.extend([max(raw_pos - 1, 0)] * 2)
                pos += 2
            parts.append(text)
            origins.extend(map(raw_pos.__add__, mt.origins[lead : lead + len(text)]))
            blocks.append(
                DocBlock(
                    block.kind,
                    pos,
                    pos + len(text),
                    block.page,
                    _repaired_rows(block.rows) if source.ocr and block.rows else block.rows,
                    block.bbox,
                    block.layer,
                )
            )
            pos += len(text)
        raw_parts.append(block.text)
        raw_pos += len(block.text) + 2
    text = "".join(parts)
    return Document(
        source=source,
        text=text,
        fold=fold_text(text),
        blocks=blocks,
        raw_text="\n\n".join(raw_parts),
        origins=origins,
    )
