"""Triage alone, in its own process: reports classified per second on one core, and memory.

The rate is counted against this process's CPU time (it is single-threaded, so that is one
core's time), which other work on a busy machine does not inflate; the wall-clock rate is
printed beside it. Run by `make bench`; prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from pathlib import Path

from services.triage.classify import input_from_record
from services.triage.engine import MemoryReportStore, TriageEngine

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "triage_dev.jsonl"
ROUNDS = 10
PASSES = 3


def main() -> None:
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    engine = TriageEngine()
    load_seconds = time.perf_counter() - started
    records = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    inputs = [input_from_record(r) for r in records]
    # Three passes, each with a store of its own growing over the rounds as a real store
    # does; the median pass is the figure (this virtual machine's speed varies by a quarter
    # from one run to the next), the slowest and fastest beside it.
    rates: list[float] = []
    walls: list[float] = []
    n = 0
    for pass_ in range(PASSES):
        store = MemoryReportStore()
        started = time.perf_counter()
        cpu_started = time.process_time()
        n = 0
        for round_ in range(ROUNDS):
            for i, inp in enumerate(inputs):
                engine.classify(inp, store=store, report_id=f"{pass_}-{round_}-{i}")
                n += 1
        rates.append(n / (time.process_time() - cpu_started))
        walls.append(n / (time.perf_counter() - started))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "reports": n,
                "per_second": statistics.median(rates),
                "slowest_per_second": min(rates),
                "fastest_per_second": max(rates),
                "wall_per_second": statistics.median(walls),
                "load_seconds": load_seconds,
                "peak_rss_mb": peak_kib / 1024,
                "engine_and_store_mb": (peak_kib - baseline_kib) / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
