"""``make bench``, corpus part: loading and comparing a synthetic corpus of up to 10,000 records.

The benchmark makes its own corpus: plans of the real 63 provinces and 696 districts (GSO's list
in ``vietnamadminunits``), each a short text whose sentences state its targets (poverty and
near-poverty rates with baselines and changes, counts, coverage), its legal bases, the agencies
leading programme items and a few checks. Provincial plans assign targets to named districts, so
the vertical view has work to do. Records go to JSON files, as ``vnplan extract`` writes them.

It prints, for 1,250 to 10,000 records, the seconds to load the folder into a new database and
to run every comparison view, and the seconds per 1,000 records (flat when growth is linear).
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pipeline.corpus.compare import Filters, compare, indicator_table
from pipeline.corpus.database import connect, counts
from pipeline.corpus.load import load_paths
from schemas.models import PlanRecord

T = TypeVar("T")

SIZES = (1250, 2500, 5000, 10000)
QUICK_SIZES = (250, 1000)  # CI
REPEATS = 3  # comparisons are timed best of three
KEYS = {"load_s": "load", "indicator_s": "indicator table", "compare_s": "every view"}
PROGRAMME_ITEMS = ["DA1", "DA2", "DA3.TDA1", "DA3.TDA2", "DA4.TDA1", "DA4.TDA3", "DA5", "DA6"]
AGENCIES = [
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Xây dựng",
    "Sở Thông tin và Truyền thông",
    "Ngân hàng Chính sách xã hội",
    "Phòng Lao động - Thương binh và Xã hội",
]


@dataclass(frozen=True)
class District:
    name: str
    type: str
    code: str
    province: str
    province_code: str


def districts() -> list[District]:
    """Every district of the 63-province list, in GSO order."""
    from vietnamadminunits.database import query

    rows = query(
        "SELECT DISTINCT districtShort, districtType, districtCode, provinceShort, provinceCode"
        " FROM admin_units_legacy ORDER BY districtCode"
    )
    return [
        District(
            r["districtShort"],
            r["districtType"].lower(),
            r["districtCode"],
            r["provinceShort"],
            r["provinceCode"],
        )
        for r in rows
    ]


class Text:
    """A record's text, built sentence by sentence; figures get their spans as they are put."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def put(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def line(self, *pieces: str) -> list[tuple[int, int]]:
        spans = [self.put(p) for p in pieces]
        self.put("\n")
        return spans

    def value(self) -> str:
        return "".join(self.parts)


def vn(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def target(text: str, span: tuple[int, int], **fields: object) -> dict:
    return {"text": text, "span": {"start": span[0], "end": span[1]}, "page": 1, **fields}


def synthetic_record(i: int, units: list[District], rng: random.Random) -> PlanRecord:
    """Plan ``i``: every twelfth a provincial plan, the others district plans."""
    unit = units[i % len(units)]
    provincial = i % 12 == 0
    year = 2016 + i % 10
    place = f"tỉnh {unit.province}" if provincial else f"{unit.type} {unit.name}"
    issuer = f"Ủy ban nhân dân {place}"
    number = f"{i + 1}/KH-UBND"
    text = Text()
    text.line(f"ỦY BAN NHÂN DÂN {place.upper()}")
    number_span = text.line(f"Số: {number}")[0]
    date_span = text.line(f"{unit.province}, ngày 15 tháng 3 năm {year}")[0]
    text.line("KẾ HOẠCH")
    text.line(f"Thực hiện công tác giảm nghèo bền vững năm {year} trên địa bàn {place}")
    refs: list[tuple[str, str, str | None, str, str, tuple[int, int]]] = []
    basis = text.line(
        "Căn cứ ",
        "Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ",
        "; Căn cứ ",
        "Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ",
        ";",
    )
    refs.append(("Quyết định", "90/QĐ-TTg", "2022-01-18", "90/QĐ-TTG@2022", "basis", basis[1]))
    refs.append(("Nghị định", "07/2021/NĐ-CP", "2021-01-27", "07/2021/NĐ-CP", "basis", basis[3]))
    if not provincial and rng.random() < 0.5:
        cited = f"{i - i % 12 + 1}/KH-UBND"
        key = f"{cited.upper()}@{year}@{unit.province}"
        span = text.line("Thực hiện ", f"Kế hoạch số {cited} của UBND tỉnh", ";")[1]
        refs.append(("Kế hoạch", cited, None, key, "implements", span))
    base, goal = round(rng.uniform(1, 12), 2), 0.0
    goal = round(base - rng.uniform(0.2, 2.5), 2)
    near_base = round(rng.uniform(2, 10), 2)
    near_goal = round(near_base - rng.uniform(0.1, 1.5), 2)
    targets = []
    spans = text.line(
        f"- Đến cuối năm {year}, tỷ lệ hộ nghèo còn ",
        f"{vn(goal)}%",
        " (giảm ",
        f"{vn(base - goal)}%",
        f" so với đầu năm, từ {vn(base)}%).",
    )
    targets.append(
        target(
            f"{vn(goal)}%",
            spans[1],
            indicator="poverty_rate",
            label="tỷ lệ hộ nghèo",
            value=goal,
            unit="%",
            kind="level",
            baseline=base,
            year=year,
        )
    )
    targets.append(
        target(
            f"{vn(base - goal)}%",
            spans[3],
            indicator="poverty_rate",
            label="tỷ lệ hộ nghèo",
            value=round(base - goal, 2),
            unit="%",
            kind="change",
            direction="giảm",
            year=year,
        )
    )
    spans = text.line(
        "- Tỷ lệ hộ cận nghèo giảm còn ", f"{vn(near_goal)}%", f", từ {vn(near_base)}%."
    )
    targets.append(
        target(
            f"{vn(near_goal)}%",
            spans[1],
            indicator="near_poverty_rate",
            label="tỷ lệ hộ cận nghèo",
            value=near_goal,
            unit="%",
            kind="level",
            baseline=near_base,
            year=year,
        )
    )
    exits = rng.randint(20, 900)
    spans = text.line("- Giảm ", f"{exits} hộ", " nghèo trong năm.")
    targets.append(
        target(
            f"{exits} hộ",
            spans[1],
            indicator="poor_households_exit",
            label="hộ nghèo",
            value=exits,
            unit="hộ",
            kind="change",
            direction="giảm",
            year=year,
        )
    )
    spans = text.line("- ", "100%", " người thuộc hộ nghèo được cấp thẻ bảo hiểm y tế.")
    targets.append(
        target(
            "100%",
            spans[1],
            indicator="health_insurance_coverage",
            label="bảo hiểm y tế",
            value=100,
            unit="%",
            kind="coverage",
            year=year,
        )
    )
    if provincial:
        for d in [u for u in units if u.province_code == unit.province_code][:3]:
            rate = round(rng.uniform(2, 8), 2)
            spans = text.line(f"- {d.type.capitalize()} {d.name} giảm ", f"{vn(rate)}%/năm", ".")
            targets.append(
                target(
                    f"{vn(rate)}%/năm",
                    spans[1],
                    indicator="poverty_rate",
                    label="tỷ lệ hộ nghèo",
                    value=rate,
                    unit="%",
                    kind="change",
                    direction="giảm",
                    per_year=True,
                    year=year,
                    scope=f"{d.type} {d.name}",
                )
            )
    responsibilities = []
    for k, item in enumerate(rng.sample(PROGRAMME_ITEMS, 4)):
        agency = AGENCIES[(i + k) % len(AGENCIES)]
        span = text.line(f"{k + 1}. {agency}: chủ trì thực hiện Dự án {item}.")[0]
        responsibilities.append(
            {
                "agency": agency,
                "role": "lead" if k % 3 else "support",
                "tasks": ["thực hiện"],
                "programme_items": [item],
                "span": {"start": span[0], "end": span[1]},
                "page": 2,
            }
        )
    table_start = text.length
    rows = [
        [str(r + 1), f"Xã {r + 1}", str(rng.randint(500, 3000)), vn(rng.uniform(0, 5))]
        for r in range(5)
    ]
    text.line("TT\tĐơn vị\tSố hộ\tTỷ lệ hộ nghèo (%)")
    for row in rows:
        text.line("\t".join(row))
    table_end = text.length
    checks = [
        {
            "id": "rate_vs_count",
            "status": "fail" if i % 10 == 0 else "pass",
            "message": f"Xã 1: {rows[0][2]} households against the total",
            "span": {"start": table_start, "end": table_end},
            "evidence": [{"start": table_start, "end": table_end}],
        }
    ]
    body = text.value()
    sha = hashlib.sha256(f"synthetic-{i}".encode()).hexdigest()
    locality = {
        "name": unit.province if provincial else unit.name,
        "type": "tỉnh" if provincial else unit.type,
        "province": unit.province,
        "code": unit.province_code if provincial else unit.code,
        "province_code": unit.province_code,
        "successor_2025": {"province": unit.province, "province_code": unit.province_code},
    }
    return PlanRecord.model_validate(
        {
            "source": {"path": f"synthetic/{i}.txt", "sha256": sha, "format": "txt"},
            "text": body,
            "metadata": {
                "doc_type": "Kế hoạch",
                "number": {
                    "value": number,
                    "number": number.split("/")[0],
                    "type_code": "KH",
                    "issuer_code": "UBND",
                    "grammar": "state",
                    "span": {"start": number_span[0], "end": number_span[1]},
                },
                "issuer": {
                    "name": issuer,
                    "kind": "state",
                    "level": "province" if provincial else "district",
                },
                "locality": locality,
                "place": unit.province,
                "date": {
                    "value": f"{year}-03-15",
                    "precision": "day",
                    "span": {"start": date_span[0], "end": date_span[1]},
                },
                "title": f"Thực hiện công tác giảm nghèo bền vững năm {year}",
                "period": {"start": year, "end": year},
            },
            "references": [
                {
                    "text": body[s:e],
                    "doc_type": t,
                    "number": n,
                    "date": d,
                    "relation": rel,
                    "key": key,
                    "span": {"start": s, "end": e},
                }
                for t, n, d, key, rel, (s, e) in refs
            ],
            "targets": targets,
            "tables": [
                {
                    "id": "t1",
                    "caption": "Biểu chỉ tiêu",
                    "header": [["TT", "Đơn vị", "Số hộ", "Tỷ lệ hộ nghèo (%)"]],
                    "rows": rows,
                    "span": {"start": table_start, "end": table_end},
                }
            ],
            "responsibilities": responsibilities,
            "checks": checks,
        }
    )


def write_corpus(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """``n`` records as ``folder/<i>.json``."""
    rng = random.Random(seed)
    units = districts()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i:05d}.json"
        path.write_text(synthetic_record(i, units, rng).model_dump_json(), encoding="utf-8")
        paths.append(path)
    return paths


def best_of(n: int, run: Callable[..., T], *args: Any) -> tuple[float, float, T]:
    """Wall and CPU seconds (all threads) of the fastest of ``n`` runs: the run least disturbed
    by other work on the machine."""
    best, cpu, result = float("inf"), 0.0, None
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run(*args)
        wall = time.perf_counter() - t0
        if wall < best:
            best, cpu = wall, time.process_time() - c0
    assert result is not None
    return best, cpu, result


def bench(sizes: tuple[int, ...] = SIZES) -> list[dict[str, float]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="vnplan-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        paths = write_corpus(root / "all", max(sizes))
        print(f"made {len(paths)} synthetic records in {time.perf_counter() - t0:.1f} s")
        for n in sizes:
            folder = root / f"n{n}"
            folder.mkdir()
            for p in paths[:n]:
                (folder / p.name).symlink_to(p)
            con = connect(root / f"n{n}.duckdb")
            t0 = time.perf_counter()
            loaded = load_paths(con, [folder])
            load_s = time.perf_counter() - t0
            assert loaded.loaded == n, (loaded.loaded, n)
            rows = counts(con)
            indicator_s, indicator_cpu, table = best_of(REPEATS, indicator_table, con, Filters())
            compare_s, compare_cpu, result = best_of(REPEATS, compare, con, Filters())
            con.close()
            results.append(
                {
                    "records": n,
                    "targets": rows["targets"],
                    "load_s": load_s,
                    "indicator_s": indicator_s,
                    "indicator_cpu": indicator_cpu,
                    "compare_s": compare_s,
                    "compare_cpu": compare_cpu,
                    "indicator_rows": len(table),
                    "vertical_rows": len(result.vertical),
                }
            )
    return results


def report(results: list[dict[str, float]]) -> str:
    lines = [
        "\ncorpus scale (synthetic records): load a folder into a new database, then compare"
        f" (comparisons best of {REPEATS}; load average {os.getloadavg()[0]:.1f} on"
        f" {os.cpu_count()} CPUs)",
        f"{'records':>8} {'targets':>8} {'load s':>8} {'s/1000':>7} {'indicator s':>12}"
        f" {'(cpu)':>6} {'all views s':>12} {'(cpu)':>6} {'s/1000':>7} {'rows':>7}",
    ]
    for r in results:
        k = r["records"] / 1000
        lines.append(
            f"{r['records']:8.0f} {r['targets']:8.0f} {r['load_s']:8.2f} {r['load_s'] / k:7.2f}"
            f" {r['indicator_s']:12.3f} {r['indicator_cpu']:6.2f} {r['compare_s']:12.3f}"
            f" {r['compare_cpu']:6.2f} {r['compare_s'] / k:7.3f} {r['indicator_rows']:7.0f}"
        )
    first, last = results[0], results[-1]
    if len(results) > 1:
        per = {k: (last[k] / last["records"]) / (first[k] / first["records"]) for k in KEYS}
        lines.append(
            f"time per record at {last['records']:.0f} / at {first['records']:.0f} records"
            " (1.0 = linear): " + ", ".join(f"{name} {per[key]:.2f}" for key, name in KEYS.items())
        )
    for key, name in (("indicator_s", "indicator table"), ("compare_s", "every view")):
        verdict = "under" if last[key] < 1.0 else "OVER"
        lines.append(
            f"{name} over {last['records']:.0f} records: {last[key]:.3f} s ({verdict} 1 s)"
        )
    return "\n".join(lines)


def run(quick: bool) -> dict[str, Any]:
    """The ``compare`` section of ``make bench``."""
    sizes = QUICK_SIZES if quick else SIZES
    return {"sizes": list(sizes), "results": bench(sizes)}


def show(result: dict[str, Any]) -> None:
    print(report(result["results"]))


def main(argv: list[str] | None = None) -> int:
    sizes = tuple(int(a) for a in (argv or [])) or SIZES
    print(report(bench(sizes)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
