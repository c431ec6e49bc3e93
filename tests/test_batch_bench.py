"""The batch benchmark runs and writes its JSON (at a smoke-test size; the figures themselves are
``make bench``'s business, never a test's)."""

import json

from tests.benchmark import batch_bench


def test_the_batch_benchmark_writes_comparable_json(tmp_path):
    results = tmp_path / "batch.json"
    sizes = batch_bench.Sizes(speedup_docs=3, growth=(3,), doc_files=2)
    batch_bench.main(quick=True, results=results, sizes=sizes)
    report = json.loads(results.read_text(encoding="utf-8"))
    assert set(report) == {"quick", "cores", "speedup", "growth", "doc_conversion"}
    assert report["speedup"]["one_worker"]["documents"] == 3
    assert report["growth"][0]["errors"] == 0
    assert report["growth"][0]["peak_worker_mb"] > 0
    assert report["doc_conversion"]["converted_in_one_call"] == 2
