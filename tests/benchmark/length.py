"""Cost against document length: one document of each format made 1x, 4x and 16x as long (pages
of a PDF repeated, the body of a DOCX repeated, a text repeated; and a text whose line breaks are
gone, one paragraph growing), timed per stage. Linear cost keeps seconds per unit flat; the
exponent fitted from the first to the last size is ~1 for linear and ~2 for quadratic steps."""

from __future__ import annotations

import copy
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.benchmark.files import SAMPLES
from tests.benchmark.stages import FileTiming, time_file

FULL_SIZES = (1, 4, 16)
QUICK_SIZES = (1, 2, 4)
REPEAT = 3  # each size timed three times, the fastest kept


def repeat_pdf(src: Path, times: int, out: Path) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    new = pdfium.PdfDocument.new()
    try:
        for _ in range(times):
            new.import_pages(pdf)
        new.save(str(out))
    finally:
        new.close()
        pdf.close()
    return out


def repeat_docx(src: Path, times: int, out: Path) -> Path:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(src))
    body = document.element.body
    content = [el for el in body if el.tag != qn("w:sectPr")]
    anchor = body.find(qn("w:sectPr"))
    for _ in range(times - 1):
        for el in content:
            clone = copy.deepcopy(el)
            if anchor is not None:
                anchor.addprevious(clone)
            else:
                body.append(clone)
    document.save(str(out))
    return out


def repeat_text(src: Path, times: int, out: Path) -> Path:
    text = src.read_text(encoding="utf-8").strip("\n")
    out.write_text("\n\n".join([text] * times) + "\n", encoding="utf-8")
    return out


def one_paragraph(src: Path, times: int, out: Path) -> Path:
    """The text with its line breaks gone: one paragraph that grows (a PDF text layer without line
    breaks reads like this)."""
    text = " ".join(src.read_text(encoding="utf-8").split())
    out.write_text(" ".join([text] * times) + "\n", encoding="utf-8")
    return out


Maker = Callable[[Path, int, Path], Path]
FULL_CASES: list[tuple[str, Path, Maker]] = [
    ("pdf", SAMPLES / "000_3dc63f02c7a2b475.pdf", repeat_pdf),
    ("docx", SAMPLES / "002_e96895803e866879.docx", repeat_docx),
    ("txt", SAMPLES / "002_e96895803e866879.txt", repeat_text),
    ("txt, one paragraph", SAMPLES / "003_b3c289cca53b4e1f.txt", one_paragraph),
]
QUICK_CASES: list[tuple[str, Path, Maker]] = [
    ("pdf", SAMPLES / "003_b3c289cca53b4e1f.pdf", repeat_pdf),
    ("txt", SAMPLES / "003_b3c289cca53b4e1f.txt", repeat_text),
    ("txt, one paragraph", SAMPLES / "004_abbd3a2678e50d31.txt", one_paragraph),
]


def exponent(t_small: float, t_large: float, ratio: float) -> float | None:
    """``k`` in ``t ~ size**k`` between two sizes; None when a time is too small to tell."""
    if t_small < 2e-3 or t_large <= 0:
        return None
    return math.log(t_large / t_small) / math.log(ratio)


def run(quick: bool) -> dict:
    sizes = QUICK_SIZES if quick else FULL_SIZES
    cases = QUICK_CASES if quick else FULL_CASES
    out: dict = {"sizes": list(sizes), "cases": {}}
    with tempfile.TemporaryDirectory(prefix="vnplan-bench-") as tmp:
        for label, src, make in cases:
            timings: list[FileTiming] = []
            for k in sizes:
                path = make(src, k, Path(tmp) / f"x{k}{src.suffix}")
                time_file(path)  # warm the caches of the first size the same as the others
                runs = [time_file(path) for _ in range(REPEAT)]
                timings.append(min(runs, key=lambda t: t.total))  # noise only adds time
            stages = sorted({s for t in timings for s in t.stages}, key=_stage_order(timings))
            first, last = timings[0], timings[-1]
            out["cases"][label] = {
                "source": src.name,
                "pages": [t.pages for t in timings],
                "total": [t.total for t in timings],
                "stages": {s: [t.stages.get(s, 0.0) for t in timings] for s in stages},
                "exponent": {
                    s: exponent(
                        first.stages.get(s, 0.0), last.stages.get(s, 0.0), sizes[-1] / sizes[0]
                    )
                    for s in stages
                }
                | {"total": exponent(first.total, last.total, sizes[-1] / sizes[0])},
            }
    return out


def _stage_order(timings: list[FileTiming]) -> Callable[[str], float]:
    return lambda s: -timings[-1].stages.get(s, 0.0)


def show(result: dict) -> None:
    sizes = result["sizes"]
    print("\nCost against document length (CPU seconds; exponent 1 = linear, 2 = quadratic)")
    for label, case in result["cases"].items():
        pages = " / ".join(f"{p:.0f}" for p in case["pages"])
        print(f"\n  {label} ({case['source']}; {pages} pages)")
        head = "".join(f"{f'{k}x':>9}" for k in sizes)
        print(f"    {'stage':16}{head} {'exponent':>9}")
        rows = [("total", case["total"])] + list(case["stages"].items())
        for name, values in rows:
            exp = case["exponent"].get(name)
            cells = "".join(f"{v:9.3f}" for v in values)
            print(f"    {name:16}{cells} {'' if exp is None else f'{exp:9.2f}'}")
