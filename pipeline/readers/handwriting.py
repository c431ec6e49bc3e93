"""The header's handwritten slots: the number after "Số:" and the day and month after "ngày",
"tháng", filled in by pen or stamp when the signed copy is registered, re-read by a line
recogniser constrained to digits.

Why a second recogniser: Tesseract's Vietnamese model reads print well and handwriting badly
("996" as "đÓ6", "20" as "@0"). PaddleOCR's PP-OCRv6 line model, shipped inside the ``rapidocr``
wheel and run here with onnxruntime, reads pen digits far better: on the 19 scans of the corpus
the numbers came out right 15 times and the dates 18 (Tesseract alone: 3 and 3). Tesseract with
a digit whitelist on the slot was tried and read fewer.

Why our own decoding instead of ``rapidocr``'s text: its CTC output is decoded here under the
grammar of the header (national format, Nghị định 30/2020): the slot between "Số:" and "/" holds
digits, the day is 1-31 and the month 1-12. Decoding a slot over digits only turns a pen "1" read
as "A" into "1" and picks the likeliest valid day ("45" → "15"). Only the slots change; the
printed words around them stay as Tesseract read them (it keeps the Vietnamese marks).
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import regex
from PIL import Image

from pipeline.model.source import BBox, union

if TYPE_CHECKING:
    import onnxruntime

    from pipeline.readers.ocr import OcrPage, Piece

T = TypeVar("T")
MODEL = "PP-OCRv6_rec_small.onnx"
LINE_HEIGHT = 48  # the model's input height in pixels
# A header line sits in the top part of page one.
HEADER_PART = 0.45
# Each line is read in several crops and the value most crops read wins: the model drops or adds
# a pen digit differently in each. Vertical margins (above, below), in line heights: pen digits
# rise above and drop below the printed line, and a wide margin takes in the line above.
# Horizontal stretches: the model gives a time step to every 8 pixels of a 48-pixel-high line,
# and a narrow pen "1" can fall between two, so the line is also read 1.5 and 2 times wider.
# Measured on the 19 corpus scans: the 3 margins at the line's own width read 13 numbers and 18
# dates right, with the 3 widths 15 and 19 (7 margins at one width: 14 and 19).
MARGINS = ((0.25, 0.25), (0.5, 0.5), (0.15, 0.6))
STRETCHES = (1.0, 1.5, 2.0)
MIN_CONFIDENCE = 0.1  # a slot read with less (product of its digits' probabilities) is left
SEPARATORS = frozenset("-–.")  # printed between the parts of a number: "02-02/26/PT-NC"

LABEL = regex.compile(r"(?i)\W{0,2}s\S{0,2}?\s*[:;.]\s*|\W{0,2}s\S{0,2}\s+")
# Tesseract's "Số:" ("Só:", "Sô:", "S6:"), first on its piece.
NUMBER_LABEL = regex.compile(r"^\W{0,2}S[\p{L}6]?\s*[:;.]|^\W{0,2}S[ốôoóồổỗộơớờ6]\s")
# The date's words as the line model reads them ("ngà", "thang", "nm"), each starting a word.
DAY_WORD = regex.compile(r"(?i)(?<!\p{L})ng[aàáảãạ]y?(?!\p{L})")
MONTH_WORD = regex.compile(r"(?i)(?<!\p{L})(?:th?\p{L}{0,2}ng|th\p{L}{2})(?!\p{L})")
YEAR_WORD = regex.compile(r"(?i)(?<!\p{L})n\p{L}?m(?!\p{L})")
# The printed symbol after the number: "/KH-UBND", a party's "-KH/TU", or a code whose slash
# the pen covered ("493TTr-CAT").
SYMBOL_START = regex.compile(r"/|[-–](?=\p{Lu})|(?<=\S)\p{Lu}\p{L}*[-/(]")
# The symbol in Tesseract's line: its slash, or a party number's hyphen before the type code.
PRINTED_SYMBOL = regex.compile(r"/|(?<=^[^/]*\d[^/\p{L}]*)[-–](?=\p{Lu}+/)")
DATE_LABEL = regex.compile(r"(?i)ng[aàáảãạ]y")
# A date line: "ngày" with "tháng" or "năm 2025" on its line.
DATE_LINE = regex.compile(r"(?i)th\w{0,2}ng|n\w?m\s*\d{4}")


@dataclass
class Reading:
    """The recogniser's output for one line image: per time step, a probability per label."""

    probs: np.ndarray  # time steps × labels (0 is CTC's blank)
    text: str  # greedy decoding
    steps: list[int]  # the time step of each character of ``text``


@dataclass
class Slot:
    value: str
    confidence: float


class LineRecogniser:
    """PP-OCRv6's line model, loaded on first use, one thread per call (pages run in parallel)."""

    _lock = threading.Lock()
    _session: onnxruntime.InferenceSession | None = None
    _labels: list[str] = []
    _digits: np.ndarray = np.zeros(0, dtype=np.int64)

    @classmethod
    def available(cls) -> bool:
        try:
            return cls._load() is not None
        except (ImportError, OSError, RuntimeError):
            return False

    @classmethod
    def _load(cls) -> onnxruntime.InferenceSession:
        with cls._lock:
            if cls._session is None:
                import onnxruntime

                spec = find_spec("rapidocr")  # the wheel's folder, without importing its code
                if spec is None or spec.origin is None:
                    raise ImportError("rapidocr is not installed")
                path = Path(spec.origin).parent / "models" / MODEL
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                session = onnxruntime.InferenceSession(
                    str(path), options, providers=["CPUExecutionProvider"]
                )
                meta = session.get_modelmeta().custom_metadata_map
                cls._labels = ["", *meta["character"].splitlines(), " "]
                cls._digits = np.array(
                    [i for i, c in enumerate(cls._labels) if c in "0123456789" and c]
                )
                cls._session = session
            return cls._session

    @classmethod
    def read(cls, image: Image.Image, stretch: float = 1.0) -> Reading:
        """The line image scaled to the model's height, as PaddleOCR feeds it (-1..1)."""
        session = cls._load()
        width = max(LINE_HEIGHT // 4, round(stretch * image.width * LINE_HEIGHT / image.height))
        pixels = np.asarray(image.convert("RGB").resize((width, LINE_HEIGHT)), dtype=np.float32)
        tensor = ((pixels.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5)[None]
        return cls.decode(session.run(None, {session.get_inputs()[0].name: tensor})[0][0])

    @classmethod
    def decode(cls, probs: np.ndarray) -> Reading:
        """CTC's greedy decoding: each step's likeliest label, repeats and blanks dropped."""
        text, steps = [], []
        previous = 0
        for step, label in enumerate(probs.argmax(axis=1)):
            if label and label != previous:
                text.append(cls._labels[label])
                steps.append(step)
            previous = label
        return Reading(probs, "".join(text), steps)

    @classmethod
    def digit_label(cls, index: int) -> str:
        return cls._labels[cls._digits[index]]


def _slot_digits(reading: Reading, start: int, end: int) -> list[np.ndarray | str]:
    """The characters of time steps ``start``..``end``, each as its probabilities over the ten
    digits (summing to 1). Where a character stands is the model's own call (a run of one label
    other than blank and space, or a digit likelier than blank); which digit it is, the slot's
    grammar decides: a pen "1" the model reads as "A" or "l" is the digit it most resembles.
    A printed separator ("02-02", "12.3") is kept as itself, not made a digit."""
    digits = LineRecogniser._digits
    space = len(reading.probs[0]) - 1
    found: list[np.ndarray | str] = []
    previous = -1
    for step in range(max(start, 0), min(end, len(reading.probs))):
        row = reading.probs[step]
        top = int(row.argmax())
        if top in (0, space) and row[digits].max() <= row[0]:
            previous = -1
            continue
        label = top if top not in (0, space) else int(digits[row[digits].argmax()])
        if label == previous:
            last = found[-1]
            if not isinstance(last, str):
                found[-1] = np.maximum(last, row[digits])
        elif LineRecogniser._labels[label] in SEPARATORS:
            found.append(LineRecogniser._labels[label])
        else:
            found.append(row[digits].copy())
        previous = label
    while found and isinstance(found[0], str):
        found.pop(0)
    while found and isinstance(found[-1], str):
        found.pop()
    return [p if isinstance(p, str) else p / p.sum() for p in found]


def _best_value(slot: list[np.ndarray | str], valid: range | None) -> Slot | None:
    """The likeliest digit string (each character among its three best digits) whose value lies
    in ``valid``. Separators stay in a number; a day, month or year has none."""
    if valid is not None:
        slot = [c for c in slot if not isinstance(c, str)]
    chars = [c for c in slot if not isinstance(c, str)]
    if not chars or len(chars) > 6:
        return None
    best: Slot | None = None
    for combo in itertools.product(*(np.argsort(-c)[:3] for c in chars)):
        picked = iter(combo)
        value = "".join(
            c if isinstance(c, str) else LineRecogniser.digit_label(int(next(picked))) for c in slot
        )
        if valid is not None and int(value) not in valid:
            continue
        score = float(np.prod([c[i] for c, i in zip(chars, combo, strict=True)]))
        if best is None or score > best.confidence:
            best = Slot(value, score)
        if valid is None:
            break  # the first combination is each character's best digit
    return best


def _step_after(reading: Reading, char_end: int) -> int:
    """The first time step after the character ``char_end - 1`` and its repeats."""
    if char_end <= 0:
        return 0
    step = reading.steps[char_end - 1]
    label = reading.probs[step].argmax()
    while step + 1 < len(reading.probs) and reading.probs[step + 1].argmax() == label:
        step += 1
    return step + 1


def read_number(reading: Reading) -> tuple[Slot, str] | None:
    """The digits between "Số:" and the printed symbol (``""`` when the slot is blank), and the
    symbol's code as read."""
    label = LABEL.match(reading.text)
    if label is None:
        return None
    symbol = SYMBOL_START.search(reading.text, label.end())
    if symbol is None:
        return None
    chars = _slot_digits(reading, _step_after(reading, label.end()), reading.steps[symbol.start()])
    code = reading.text[symbol.start() :].lstrip("/-–")
    if not chars:  # the label and the symbol with nothing between: a blank, and a vote for it
        return Slot("", 1.0), code
    slot = _best_value(chars, None)
    return (slot, code) if slot else None


def read_date(reading: Reading) -> tuple[Slot, Slot, Slot] | None:
    """Day, month and year between "ngày", "tháng", "năm" and the line's end."""
    day_word = DAY_WORD.search(reading.text)
    month_word = day_word and MONTH_WORD.search(reading.text, day_word.end())
    year_word = month_word and YEAR_WORD.search(reading.text, month_word.end())
    if not (day_word and month_word and year_word):
        return None
    steps = reading.steps
    day = _best_value(
        _slot_digits(reading, _step_after(reading, day_word.end()), steps[month_word.start()]),
        range(1, 32),
    )
    month = _best_value(
        _slot_digits(reading, _step_after(reading, month_word.end()), steps[year_word.start()]),
        range(1, 13),
    )
    year = _best_value(
        _slot_digits(reading, _step_after(reading, year_word.end()), len(reading.probs)),
        range(1945, 2101),
    )
    if day is None or month is None or year is None:
        return None
    return day, month, year


def _band(anchor: Piece, pieces: list[Piece]) -> list[Piece]:
    """The pieces on the anchor's line: their middle within its height (pen strokes make lines
    taller than their print)."""
    height = anchor.top - anchor.bottom
    low, high = anchor.bottom - 0.3 * height, anchor.top + 0.3 * height
    return [p for p in pieces if low <= (p.top + p.bottom) / 2 <= high]


def _readings(
    image: Image.Image, box: tuple[float, float, float, float], scale: float, page_height: float
) -> list[Reading]:
    """The line in ``box`` (points: left, bottom, right, top) read with each of ``MARGINS``."""
    left, bottom, right, top = box
    height = top - bottom
    readings = []
    for (above, below), stretch in itertools.product(MARGINS, STRETCHES):
        crop = image.crop(
            (
                max(0, round((left - height) * scale)),
                max(0, round((page_height - top - above * height) * scale)),
                min(image.width, round((right + height) * scale)),
                min(image.height, round((page_height - bottom + below * height) * scale)),
            )
        )
        if crop.width > 0 and crop.height > 0:
            readings.append(LineRecogniser.read(crop, stretch))
    return readings


def _box(pieces: list[Piece]) -> BBox:
    return union((p.left, p.bottom, p.right, p.top) for p in pieces)


def _vote(
    found: list[T], value: Callable[[T], Hashable], confidence: Callable[[T], float]
) -> T | None:
    """The value most crops read, ties to the surest; ``None`` when it is not sure enough or
    when fewer than half the crops that read the slot agree on it (a pen number the model reads
    as "5", "51" and "54" in turn is not known, and a wrong number is worse than none)."""
    if not found:
        return None
    votes = Counter(value(f) for f in found)
    best = max(found, key=lambda f: (votes[value(f)], confidence(f)))
    if 2 * votes[value(best)] < len(found):
        return None
    return best if confidence(best) >= MIN_CONFIDENCE else None


def _printed_symbol(after: str, code: str) -> int | None:
    """Where the printed symbol starts in Tesseract's text after "Số:": the slash (or a party
    number's hyphen) followed by the text most like the code the line model read. The first
    slash is not always it: Tesseract reads pen strokes as slashes ("5// /TTr-CAT")."""
    starts = [m.start() for m in PRINTED_SYMBOL.finditer(after)]
    if not starts:
        hyphen = SYMBOL_START.search(after)
        return hyphen.start() if hyphen and hyphen.group() in ("-", "–") else None
    if not code:
        return starts[0]

    def likeness(start: int) -> float:
        printed = after[start + 1 : start + 1 + len(code)]
        return SequenceMatcher(None, printed.casefold(), code.casefold()).ratio()

    return max(starts, key=lambda start: (likeness(start), -start))


def _number_text(printed: str, readings: list[Reading]) -> str | None:
    """``Số: 996/KH-TCTLNTW-C04`` from Tesseract's line and the best reading of the slot."""
    found = [number for r in readings if (number := read_number(r)) is not None]
    chosen = _vote(found, lambda f: f[0].value, lambda f: f[0].confidence)
    if chosen is None or not chosen[0].value:
        return None  # unsure, or most crops see the slot blank
    slot, code = chosen
    label = NUMBER_LABEL.search(printed)
    after = printed[label.end() :] if label else printed
    start = _printed_symbol(after, code)
    if start is not None:
        if after[:start].strip() == slot.value:
            return None  # Tesseract read it so too
        rest = after[start:]
    else:  # the pen covered the slash: the printed code, as Tesseract spelt it if it did
        printed_code = regex.search(regex.escape(code), after, regex.IGNORECASE) if code else None
        rest = "/" + (after[printed_code.start() :] if printed_code else code)
    return f"Số: {slot.value}{rest.rstrip()}"  # the label as the grammar spells it


def _date_text(printed: str, readings: list[Reading]) -> str | None:
    """``Hà Nội, ngày 24 tháng 02 năm 2026``: Tesseract's place, the read day, month and year."""
    found = [slots for r in readings if (slots := read_date(r)) is not None]
    chosen = _vote(
        found,
        lambda f: tuple(int(s.value) for s in f),
        lambda f: min(f[0].confidence, f[1].confidence),
    )
    if chosen is None:
        return None
    day, month, year = chosen
    label = DATE_LABEL.search(printed)
    place = printed[: label.start()] if label else ""
    text = f"ngày {day.value} tháng {month.value} năm {year.value}"
    if label and " ".join(printed[label.start() :].split()) == text:
        return None  # Tesseract read it so too
    return place + text


def _date_anchor(header: list[Piece]) -> Piece | None:
    for piece in header:
        if DATE_LABEL.search(piece.text):
            if DATE_LINE.search(" ".join(p.text for p in _band(piece, header))):
                return piece
    return None


def _number_anchor(header: list[Piece], date: Piece | None) -> Piece | None:
    """The piece that starts with "Số:"; if OCR lost the label, the left piece on the date's
    line (the national format puts the number and the date on one line)."""
    label = next((p for p in header if NUMBER_LABEL.search(p.text)), None)
    if label is None and date is not None:
        label = next((p for p in _band(date, header) if p.right < date.left), None)
    return label


def reread_header(page: OcrPage, image: Image.Image, dpi: float, page_height: float) -> list[str]:
    """Re-read the handwritten number and date of page one's header in ``page.pieces`` (in
    place). Returns what was re-read, for the record's warnings."""
    scale = dpi / 72
    header = [p for p in page.pieces if p.top > page_height * (1 - HEADER_PART)]
    date = _date_anchor(header)
    number = _number_anchor(header, date)
    lines: list[tuple[str, list[Piece], Callable[[str, list[Reading]], str | None]]] = []
    if number is not None:
        same_line = date is not None and date in _band(number, header)
        limit = date.left if same_line and date else image.width / scale / 2
        left = [p for p in _band(number, header) if number.left - 1 <= p.left < limit]
        lines.append(("number", left, _number_text))
    if date is not None:
        right = [p for p in _band(date, header) if p.left >= date.left - 1]
        lines.append(("date", right, _date_text))
    notes: list[str] = []
    for what, line, compose in lines:
        line.sort(key=lambda p: p.left)
        printed = " ".join(p.text for p in line)
        text = compose(printed, _readings(image, _box(line), scale, page_height))
        if text is None:
            continue
        x0, y0, x1, y1 = _box(line)
        merged = replace(line[0], text=text, left=x0, bottom=y0, right=x1, top=y1)
        dropped = {id(p) for p in line[1:]}
        page.pieces = [merged if p is line[0] else p for p in page.pieces if id(p) not in dropped]
        notes.append(f"page 1: the header's {what} re-read by the digit recogniser: {text!r}")
    return notes
