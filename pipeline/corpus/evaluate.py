"""``vnplan eval``: field-level accuracy (and precision / recall / F1 for lists) of predicted
records against hand-made gold annotations.

Gold files are JSON: ``{"files": [basenames], "text_layer": bool, "metadata": {...}}``; a key left
out is not annotated and is skipped, ``null`` means the document does not state it. Predictions
are matched to gold by the basename of ``source.path``. Results are split into documents whose
text layer was read, documents read by OCR, and documents that still need it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import regex

from pipeline.corpus.records import load_records
from pipeline.model.grammar import symbol_key
from pipeline.model.vietnamese import match_key
from schemas.models import RELATION_STRENGTH, PlanRecord, Reference, Section

SCALAR_FIELDS = [
    "doc_type",
    "number.value",
    "number.number",
    "number.year",
    "number.type_code",
    "number.issuer_code",
    "issuer.name",
    "issuer.parent",
    "issuer.kind",
    "issuer.level",
    "place",
    "date.value",
    "date.precision",
    "title",
    "period",
    "signer.name",
    "signer.position",
    "signer.authority",
    "locality.name",
    "locality.type",
]
# Attributes of a reference, scored on the references whose number matched the gold.
TARGET_FIELDS = ["target.indicator", "target.kind", "target.baseline", "target.year"]
REFERENCE_FIELDS = [
    "reference.doc_type",
    "reference.date",
    "reference.issuer",
    "reference.relation",
]
SECTION_FIELDS = ["section.heading", "section.level"]
DOC_TYPE_ALIASES = {"Chương trình hành động": "Chương trình", "Văn bản": "Công văn"}
HEADLINE = ["number.value", "date.value", "issuer.name", "place", "doc_type", "title"]
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _get(meta: dict, dotted: str) -> tuple[bool, object]:
    """(annotated?, value) for a dotted field path."""
    head, _, tail = dotted.partition(".")
    if head not in meta:
        return False, None
    value = meta[head]
    if not tail:
        return True, value
    if value is None:
        return True, None
    if not isinstance(value, dict) or tail not in value:
        return False, None
    return True, value[tail]


def _norm(fieldname: str, value: object) -> object:
    if value is None:
        return None
    if fieldname == "reference.doc_type":
        return match_key(DOC_TYPE_ALIASES.get(str(value), str(value)))
    if fieldname == "period":
        return (value.get("start"), value.get("end")) if isinstance(value, dict) else None
    if fieldname in {"number.value", "number.type_code", "number.issuer_code", "number.number"}:
        return regex.sub(r"\s", "", str(value))
    if isinstance(value, str):
        return match_key(value.translate(QUOTES)).strip(" .;")
    return value


@dataclass
class Tally:
    correct: int = 0
    total: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else float("nan")


@dataclass
class ListTally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        f = 2 * p * r / (p + r) if p == p and r == r and p + r else float("nan")
        return p, r, f


@dataclass
class Report:
    fields: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Tally))
    )
    lists: dict[str, dict[str, ListTally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(ListTally))
    )
    documents: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unmatched_gold: list[str] = field(default_factory=list)


HELD_OUT = ("test",)  # gold folders kept for the final measure: not read unless asked for


def load_gold(gold_dir: Path, exclude: tuple[str, ...] = HELD_OUT) -> dict[str, dict]:
    """Gold by document file name. Several gold files may annotate one document (header and
    references in one, sections and responsibilities in another): their keys are merged. Folders
    named in ``exclude`` (relative to ``gold_dir``) are skipped."""
    by_file: dict[str, dict] = {}
    for path in sorted(gold_dir.rglob("*.json")):
        if path.relative_to(gold_dir).parts[0] in exclude:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "files" not in data:
            continue
        for name in data["files"]:
            merged = by_file.setdefault(name, {"_gold_path": str(path)})
            for key, value in data.items():
                merged.setdefault(key, value)
    return by_file


def load_predictions(pred_dir: Path) -> dict[str, PlanRecord]:
    """Records by the basename of the file they were read from (gold is keyed so)."""
    return {Path(r.source.path).name: r for r in load_records(pred_dir).values()}


def subset_of(gold: dict, pred: PlanRecord) -> str:
    """``text`` (a text layer was read), ``ocr`` (pages were recognised) or ``needs_ocr``."""
    if pred.source.needs_ocr:
        return "needs_ocr"
    if pred.source.ocr:
        return "ocr"
    if gold.get("text_layer") is False:
        return "needs_ocr"
    return "text"


def _count(report: Report, groups: list[str], fname: str, ok: bool, error: str) -> None:
    """One scored value in every group it belongs to; the error is listed once, under ``all``."""
    for grp in groups:
        tally = report.fields[grp][fname]
        tally.total += 1
        tally.correct += ok
        if not ok and grp == "all":
            tally.errors.append(error)


def evaluate(gold_dir: Path, pred_dir: Path, exclude: tuple[str, ...] = HELD_OUT) -> Report:
    gold = load_gold(gold_dir, exclude)
    preds = load_predictions(pred_dir)
    report = Report()
    for name, pred in sorted(preds.items()):
        g = gold.get(name)
        if g is None:
            continue
        subset = subset_of(g, pred)
        groups = [subset, f"{subset}:{pred.source.format}", "all"]
        for grp in groups:
            report.documents[grp] += 1
        gmeta, pmeta = g.get("metadata") or {}, pred.metadata.model_dump(mode="json")
        for fname in SCALAR_FIELDS if "metadata" in g else []:
            annotated, gold_value = _get(gmeta, fname)
            if not annotated:
                continue
            _, pred_value = _get(pmeta, fname)
            ok = _norm(fname, gold_value) == _norm(fname, pred_value)
            _count(report, groups, fname, ok, f"{name}: gold={gold_value!r} pred={pred_value!r}")
        if subset != "needs_ocr":
            if "references" in g:
                _score_references(report, groups, name, g["references"], pred.references)
            if "targets" in g:
                _score_targets(
                    report, groups, name, g, [t.model_dump(mode="json") for t in pred.targets]
                )
            if "sections" in g:
                _score_sections(report, groups, name, g["sections"], pred.sections)
            if "responsibilities" in g:
                _score_responsibilities(report, groups, name, g, pred)
        if "recipients" in gmeta:
            gset = {_norm("r", x) for x in gmeta["recipients"] or []}
            pset = {_norm("r", x) for x in pred.metadata.recipients or []}
            _tally(report, groups, "recipients", gset, pset)
    matched = set(preds)
    report.unmatched_gold = sorted(
        {g["_gold_path"] for n, g in gold.items() if n not in matched}
        - {g["_gold_path"] for n, g in gold.items() if n in matched}
    )
    return report


def _tally(report: Report, groups: list[str], list_name: str, gold: set, pred: set) -> None:
    for grp in groups:
        lt = report.lists[grp][list_name]
        lt.tp += len(gold & pred)
        lt.fp += len(pred - gold)
        lt.fn += len(gold - pred)


def _gold_agency(entry: dict) -> str:
    """The lexicon body a gold responsibility names (read from its text as written, else from its
    canonical name); the canonical name itself when the lexicon has no such body."""
    from pipeline.model.agencies import agency_matcher

    for text in (entry.get("agency") or "", entry.get("canonical") or ""):
        found = agency_matcher().find(text)
        if found:
            return found[0].body or found[0].key
    return match_key(entry.get("canonical") or entry.get("agency") or "")


def _deadline_key(date: object, recurrence: object, month: object, day: object, text: str) -> tuple:
    """A deadline as parsed; by its words only when nothing could be parsed ("cuối năm 2023").
    A full date already states its month and day, so those are compared through the date."""
    if date:
        return (date, recurrence, None, None)
    if recurrence or month or day:
        return (date, recurrence, month, day)
    return (" ".join(match_key(text).split()),)


def _score_responsibilities(
    report: Report, groups: list[str], name: str, g: dict, pred: PlanRecord
) -> None:
    """(agency, level, role) pairs, the same with each programme item, the plan's programme items,
    and deadlines per agency; agencies compared as lexicon bodies."""
    gold = g["responsibilities"]
    gkeys = [(_gold_agency(r), r.get("level"), r["role"]) for r in gold]
    pkeys = [(r.agency_id or match_key(r.agency), r.level, r.role) for r in pred.responsibilities]
    _tally(report, groups, "responsibilities (agency, role)", set(gkeys), set(pkeys))
    gitems = {
        (*k, i) for k, r in zip(gkeys, gold, strict=True) for i in r.get("programme_items") or [""]
    }
    pitems = {
        (*k, i)
        for k, r in zip(pkeys, pred.responsibilities, strict=True)
        for i in r.programme_items or [""]
    }
    _tally(report, groups, "responsibilities (+item)", gitems, pitems)
    if "programme_items" in g:
        _tally(
            report,
            groups,
            "programme_items",
            set(g["programme_items"]),
            {p.id for p in pred.programme_items},
        )
    gdead = {
        (
            k[0],
            _deadline_key(
                d.get("date"), d.get("recurrence"), d.get("month"), d.get("day"), d["text"]
            ),
        )
        for k, r in zip(gkeys, gold, strict=True)
        for d in r.get("deadlines") or []
    }
    pdead = {
        (k[0], _deadline_key(d.date, d.recurrence, d.month, d.day, d.text))
        for k, r in zip(pkeys, pred.responsibilities, strict=True)
        for d in r.schedule
    }
    _tally(report, groups, "deadlines (agency, when)", gdead, pdead)
    if "all" in groups:
        errors = report.fields["all"]["responsibilities"].errors
        errors.extend(f"{name}: missed {k}" for k in sorted(set(gkeys) - set(pkeys), key=str))
        errors.extend(f"{name}: extra {k}" for k in sorted(set(pkeys) - set(gkeys), key=str))
        errors.extend(f"{name}: missed deadline {k}" for k in sorted(gdead - pdead, key=str))
        errors.extend(f"{name}: extra deadline {k}" for k in sorted(pdead - gdead, key=str))


def _heading_key(text: str) -> str:
    return match_key(text.translate(QUOTES))[:30]


def _score_sections(
    report: Report, groups: list[str], name: str, gold: list[dict], pred: list[Section]
) -> None:
    """Numbered sections by their path; on matched paths, heading (first 30 characters) and
    level."""
    gold_by = {g["number"]: g for g in gold if g.get("number")}
    pred_by = {p.number: p for p in pred if p.number}
    _tally(report, groups, "sections.number", set(gold_by), set(pred_by))
    if "all" in groups:
        errors = report.fields["all"]["sections.number"].errors
        errors.extend(
            f"{name}: missed {n} {gold_by[n]['heading'][:50]!r}"
            for n in sorted(gold_by.keys() - pred_by.keys())
        )
        errors.extend(
            f"{name}: extra {n} {pred_by[n].heading[:50]!r}"
            for n in sorted(pred_by.keys() - gold_by.keys())
        )
    for number in sorted(gold_by.keys() & pred_by.keys()):
        g, p = gold_by[number], pred_by[number]
        ok = _heading_key(g["heading"]) == _heading_key(p.heading)
        _count(
            report,
            groups,
            "section.heading",
            ok,
            f"{name}: {number}: gold={g['heading'][:60]!r} pred={p.heading[:60]!r}",
        )
        _count(
            report,
            groups,
            "section.level",
            g.get("level") == p.level,
            f"{name}: {number}: level {g.get('level')} vs {p.level}",
        )


def merge_mentions(mentions: list[Reference]) -> dict[str, dict]:
    """Predicted mentions grouped per cited number: the first non-empty value of each attribute
    and the strongest relation, as a reader would summarise the document."""
    merged: dict[str, dict] = {}
    for ref in mentions:
        if not ref.number:
            continue
        key = symbol_key(ref.number)
        cur = merged.setdefault(
            key, {"doc_type": None, "date": None, "issuer": None, "relation": "cites"}
        )
        for attr in ("doc_type", "date"):
            if cur[attr] is None and getattr(ref, attr):
                cur[attr] = getattr(ref, attr)
        if ref.issuer and len(ref.issuer) > len(cur["issuer"] or ""):
            cur["issuer"] = ref.issuer  # the fullest naming, as the gold takes it
        if RELATION_STRENGTH[ref.relation] > RELATION_STRENGTH[cur["relation"]]:
            cur["relation"] = ref.relation
    return merged


def _score_references(
    report: Report, groups: list[str], name: str, gold_refs: list[dict], pred_refs: list[Reference]
) -> None:
    gold = {symbol_key(r["number"]): r for r in gold_refs if r.get("number")}
    pred = merge_mentions(pred_refs)
    for grp in groups:
        lt = report.lists[grp]["references.number"]
        lt.tp += len(gold.keys() & pred.keys())
        lt.fp += len(pred.keys() - gold.keys())
        lt.fn += len(gold.keys() - pred.keys())
    if "all" in groups:
        for key in sorted(pred.keys() - gold.keys()):
            report.fields["all"]["references.number"].errors.append(f"{name}: extra {key}")
        for key in sorted(gold.keys() - pred.keys()):
            report.fields["all"]["references.number"].errors.append(f"{name}: missed {key}")
    for key in sorted(gold.keys() & pred.keys()):
        for fname in REFERENCE_FIELDS:
            attr = fname.split(".", 1)[1]
            g, p = gold[key].get(attr), pred[key].get(attr)
            ok = _norm(fname, g) == _norm(fname, p)
            _count(report, groups, fname, ok, f"{name}: {key}: gold={g!r} pred={p!r}")


def _target_key(t: dict) -> tuple:
    value = t.get("value")
    if value is None and t.get("kind") == "range":
        value = (t.get("min"), t.get("max"))
    return (round(value, 4) if isinstance(value, float | int) else value, t.get("unit"))


def _match_targets(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs with the same value and unit, in document order (multiset matching)."""
    pool: dict[tuple, list[dict]] = defaultdict(list)
    for p in pred:
        pool[_target_key(p)].append(p)
    pairs = []
    for g in gold:
        bucket = pool.get(_target_key(g))
        if bucket:
            pairs.append((g, bucket.pop(0)))
    return pairs


def _score_targets(
    report: Report, groups: list[str], name: str, gold_doc: dict, pred: list[dict]
) -> None:
    # An indicator table states the plan's own targets; per-unit tables are scored apart.
    text = [t for t in pred if not t.get("table") or t.get("table_row") == "indicator"]
    lists = {
        "targets": (
            gold_doc.get("targets") or [],
            [t for t in text if t.get("kind") != "baseline"],
        ),
    }
    if "baselines" in gold_doc:  # a gold that does not annotate baselines does not score them
        lists["baselines"] = (
            gold_doc["baselines"] or [],
            [t for t in text if t.get("kind") == "baseline"],
        )
    if "table_targets" in gold_doc:
        lists["table_targets"] = (
            gold_doc["table_targets"],
            [t for t in pred if t.get("table") and t.get("table_row") != "indicator"],
        )
    for lname, (gold, got) in lists.items():
        pairs = _match_targets(gold, got)
        prefix = "table_target" if lname == "table_targets" else "target"
        for grp in groups:
            lt = report.lists[grp][f"{lname} (value+unit)"]
            lt.tp += len(pairs)
            lt.fp += len(got) - len(pairs)
            lt.fn += len(gold) - len(pairs)
        if "all" in groups:
            matched_g = {id(g) for g, _ in pairs}
            matched_p = {id(p) for _, p in pairs}
            errors = report.fields["all"][f"{lname}.value"].errors
            errors.extend(
                f"{name}: missed {g.get('value')} {g.get('unit')} ({g.get('quote', '')[:70]})"
                for g in gold
                if id(g) not in matched_g
            )
            errors.extend(
                f"{name}: extra {p.get('value')} {p.get('unit')} ({p.get('text')})"
                for p in got
                if id(p) not in matched_p
            )
        if lname == "baselines":
            continue
        for g, p in pairs:
            for fname in TARGET_FIELDS:
                attr = fname.split(".", 1)[1]
                if attr not in g:
                    continue  # a gold that does not annotate the field does not score it
                ok = g.get(attr) == p.get(attr)
                error = (
                    f"{name}: {g.get('value')} {g.get('unit')}: gold={g.get(attr)!r}"
                    f" pred={p.get(attr)!r}"
                )
                _count(report, groups, fname.replace("target", prefix, 1), ok, error)


def format_report(report: Report, show_errors: bool = False) -> str:
    out: list[str] = []
    order = sorted(
        report.documents,
        key=lambda g: (g != "text", g != "ocr", g != "needs_ocr", g != "all", g),
    )
    for grp in order:
        out.append(f"\n== {grp}: {report.documents[grp]} documents")
        out.append(f"{'field':22} {'n':>4} {'accuracy':>9}")
        table_fields = [f.replace("target", "table_target", 1) for f in TARGET_FIELDS]
        for fname in (
            SCALAR_FIELDS + REFERENCE_FIELDS + TARGET_FIELDS + table_fields + SECTION_FIELDS
        ):
            tally = report.fields[grp].get(fname)
            if tally and tally.total:
                star = " *" if fname in HEADLINE else ""
                out.append(f"{fname:22} {tally.total:4d} {tally.accuracy:9.3f}{star}")
        for lname, lt in report.lists[grp].items():
            p, r, f = lt.prf()
            out.append(
                f"{lname:22} P={p:.3f} R={r:.3f} F1={f:.3f} (tp={lt.tp} fp={lt.fp} fn={lt.fn})"
            )
    if show_errors:
        out.append("\n== errors (all documents)")
        error_fields = [
            *SCALAR_FIELDS,
            "references.number",
            *REFERENCE_FIELDS,
            "targets.value",
            "baselines.value",
        ]
        for fname in [
            *error_fields,
            *TARGET_FIELDS,
            "sections.number",
            *SECTION_FIELDS,
            "responsibilities",
        ]:
            for err in report.fields["all"].get(fname, Tally()).errors:
                out.append(f"{fname}: {err}")
    out.append("\n* headline fields of the acceptance target")
    return "\n".join(out)


def report_json(report: Report) -> dict:
    return {
        grp: {
            "documents": report.documents[grp],
            "fields": {
                f: {"n": t.total, "accuracy": t.accuracy} for f, t in report.fields[grp].items()
            },
            "lists": {
                n: dict(zip(("precision", "recall", "f1"), lt.prf(), strict=True))
                for n, lt in report.lists[grp].items()
            },
        }
        for grp in report.documents
    }
