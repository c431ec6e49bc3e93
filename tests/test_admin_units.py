"""The table of administrative units answers exactly as vietnamadminunits does, and spares a
process the library's import when every name it looks up is in the table."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.resolve import admin_units
from pipeline.resolve.admin_units import TABLE, build_table, old_style, parse, successor
from tests.conftest import ROOT, SAMPLES


def test_table_holds_the_installed_librarys_answers():
    stored = json.loads(TABLE.read_text(encoding="utf-8"))
    assert stored == json.loads(admin_units.dump(build_table())), (
        "regenerate with: python -m pipeline.resolve.admin_units"
    )


def test_old_style_tone_marks_are_looked_up_too():
    assert old_style("Hòa Bình") == "Hoà Bình"
    assert old_style("Thủy Nguyên") == "Thuỷ Nguyên"
    assert old_style("Quý Châu") == "Quý Châu"  # "qu" + ý is not the syllable uy
    assert parse("Hoà Bình", "LEGACY", 1) == parse("Hòa Bình", "LEGACY", 1)


def test_a_name_spelled_otherwise_goes_to_the_library():
    import vietnamadminunits as vau

    found = parse("Yen Bai", "LEGACY", 1)
    expected = vau.parse_address("Yen Bai", mode="LEGACY", level=1)
    assert found is not None and found.province_code == expected.province_code == "15"
    new = successor("Yên Bái")
    assert new is not None and new.short_province == "Lào Cai"


def test_a_record_resolves_its_locality_without_importing_the_library():
    code = (
        "import sys; from pathlib import Path; from pipeline.assemble import build_record; "
        f"r = build_record(Path({str(SAMPLES / '002_e96895803e866879.txt')!r})); "
        "assert r.metadata.locality.code == '15', r.metadata.locality; "
        "assert r.metadata.locality.successor_2025.province == 'Lào Cai'; "
        "assert 'vietnamadminunits' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
