"""`make bench`: PACARS beside its baselines, measured in the same run.

1. Intake: reports accepted per second and p50/p99 latency at 64 connections (wrk), beside a
   bare FastAPI endpoint validating the same model, both one uvicorn worker; the ratio.
2. Triage: reports classified per second on one core, and memory.
3. Raw relay: three aio-pika hops with confirms on the same broker (the pipeline's ceiling),
   and the skeleton (bench/skeleton.py): the contract's shape, an HTTP request in, two hops,
   a signed webhook out and an acknowledgement back, with the owner's libraries and no
   work, in four processes; what this stack allows before any of our own work.
4. End to end: reports from intake's 202 to the force simulator receiving them, as fast as
   they come (throughput, p50/p99, ratio to the relay) and at half that rate (p99);
   peak RSS of each service.
5. Cost growth: the same pipeline with 1,000, 5,000 and 20,000 reports already stored
   (bench/growth.py); throughput at each and its change from the first.
Figures are printed as a table and written to var/bench.json; `python -m bench intake` (or
`triage`, `pipeline`, `growth`) runs one part. BENCH_E2E_REPORTS (5000),
BENCH_GROWTH_REPORTS (1000), BENCH_GROWTH_ROUNDS (3) and BENCH_DURATION (10s) shorten or
lengthen a run;
BENCH_PIPELINE_BACKEND=postgresql runs the pipeline on PostgreSQL (SQLite by default).
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.growth import measure
from bench.intake_load import CpuMeter, wait_http
from tests.e2e.helpers import routed_reports
from tests.stack import ROOT, Stack, free_port, peak_rss_mb

CONNECTIONS = 64
DURATION = os.environ.get("BENCH_DURATION", "10s")
E2E_REPORTS = int(os.environ.get("BENCH_E2E_REPORTS", "5000"))
PIPELINE_BACKEND = os.environ.get("BENCH_PIPELINE_BACKEND", "sqlite")
SERVICES = ("intake", "triage", "dispatch", "forcesim")
PIPELINE_GOAL = 0.3  # of the relay's rate (issue 7)
RELAY_MESSAGES = int(os.environ.get("BENCH_RELAY_MESSAGES", "5000"))
BODY = json.dumps(
    {
        "what_happened": "PC 4521 at Kent Police takes cash from local dealers to warn them "
        "before raids; it has gone on for months at the station in Margate.",
        "subject": {"name": "", "role": "police_officer", "number": "4521", "station": "Margate"},
        "location": "Margate CT9",
        "when": "last month",
        "follow_up": False,
    }
)
# The same report asking for a receipt (an argon2id hash each).
BODY_WITH_RECEIPT = json.dumps({**json.loads(BODY), "follow_up": True})


async def bench_intake(workdir: Path) -> dict[str, Any]:
    """Intake beside the bare endpoint, one after the other in the same run, each one uvicorn
    worker served alike (shared.server.serve; the event loop and parser are recorded). For
    intake: reports without a receipt (the goal), then with one (argon2id per report, on a
    bounded thread pool), with the outbox left behind and the time the relay took to empty
    it, on SQLite (and PostgreSQL with BENCH_INTAKE_POSTGRES=1). CPU per request counts all
    of the server's threads."""
    from bench.intake_load import (
        drain_seconds,
        outbox_pending,
        receipt_hash_cost,
        server_stack,
        wrk,
    )

    port = free_port()
    bare = subprocess.Popen(
        [sys.executable, "-m", "bench.bare_app"],
        cwd=ROOT,
        env={**os.environ, "BARE_PORT": str(port), "LOG_LEVEL": "WARNING"},
    )
    try:
        await wait_http(f"http://127.0.0.1:{port}/docs")
        baseline = wrk(f"http://127.0.0.1:{port}/v1/reports", BODY, duration=DURATION, pid=bare.pid)
        baseline["server"] = server_stack(bare.pid)
    finally:
        bare.terminate()
        bare.wait()
    result: dict[str, Any] = {"bare_fastapi": baseline}
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("BENCH_INTAKE_POSTGRES") else [])
    for backend in backends:
        stack = Stack(backend=backend, workdir=workdir / f"intake-{backend}")
        stack.configure("intake", LOG_LEVEL="WARNING")
        try:
            await stack.start("intake")
            intake, database = stack["intake"], stack.database_urls["intake"]
            assert intake.proc is not None
            runs: dict[str, Any] = {}
            for name, body in (("no_receipt", BODY), ("receipt", BODY_WITH_RECEIPT)):
                run = wrk(f"{intake.url}/v1/reports", body, duration=DURATION, pid=intake.proc.pid)
                run["outbox_left"] = outbox_pending(database)
                run["drain_seconds"] = drain_seconds(database)
                run["server"] = server_stack(intake.proc.pid)
                runs[name] = run
        finally:
            await stack.aclose()
        key = "intake" if backend == "sqlite" else f"intake_{backend}"
        result[key] = runs["no_receipt"]
        result[f"{key}_receipt"] = runs["receipt"]
    result["ratio"] = result["intake"]["per_second"] / baseline["per_second"]
    result["receipt_ratio"] = result["intake_receipt"]["per_second"] / baseline["per_second"]
    if "intake_postgresql" in result:
        result["postgresql_ratio"] = (
            result["intake_postgresql"]["per_second"] / baseline["per_second"]
        )
    result["receipt_hash"] = receipt_hash_cost()
    return result


async def bench_pipeline(
    workdir: Path, count: int, rate: float | None, *, backend: str = "sqlite"
) -> dict[str, Any]:
    """count reports through all services; as fast as possible, or at a steady rate."""
    stack = Stack(backend=backend, workdir=workdir / f"pipeline-{backend}-{rate or 'max'}")
    for name in SERVICES:
        stack.configure(name, LOG_LEVEL="WARNING")
    stack.configure("triage", TRIAGE_REVIEW_THRESHOLD="0")  # measure the pipeline, not review
    try:
        await stack.start()
        meter = CpuMeter({name: stack[name].proc.pid for name in SERVICES})  # type: ignore[union-attr]
        figures = await measure(
            stack["intake"].url,
            stack["forcesim"].url,
            routed_reports(count),
            rate,
            connections=CONNECTIONS,
        )
        figures["cpu_ms_per_report"] = meter.ms_per_item(count)
        rss = {
            name: peak_rss_mb(stack[name].proc.pid)  # type: ignore[union-attr]
            for name in SERVICES
        }
        return {**figures, "peak_rss_mb": rss}
    finally:
        await stack.aclose()


def bench_triage() -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.triage_speed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


PARTS = ("intake", "triage", "pipeline", "growth")


def _print_table(result: dict[str, Any]) -> None:
    rows: list[tuple[str, dict[str, Any] | None]] = []
    if "intake" in result:
        intake = result["intake"]
        bare, ours, receipt = intake["bare_fastapi"], intake["intake"], intake["intake_receipt"]
        hashed = intake["receipt_hash"]

        def cpu(fig: dict[str, Any]) -> str:
            return f"{fig['cpu_us_per_request']:.0f} us CPU/request, {fig['server']}"

        def outbox(fig: dict[str, Any]) -> str:
            return f"outbox left {fig['outbox_left']}, emptied in {fig['drain_seconds']:.1f}s"

        rows += [
            ("intake POST /v1/reports, no receipt (64 conns, 1 worker)", ours),
            (f"  {cpu(ours)}; {outbox(ours)}", None),
            ("  bare FastAPI, same model (baseline)", bare),
            (f"  {cpu(bare)}", None),
            (f"  ratio intake / bare: {intake['ratio']:.2f}", None),
            (
                "  CPU per request, bare / intake (steadier on a shared machine): "
                f"{bare['cpu_us_per_request'] / ours['cpu_us_per_request']:.2f}",
                None,
            ),
            ("intake POST /v1/reports, with a receipt", receipt),
            (f"  {cpu(receipt)}; {outbox(receipt)}", None),
            (f"  ratio with receipt / bare: {intake['receipt_ratio']:.2f}", None),
            (
                f"  argon2id ({hashed['memory_kib']} KiB, t={hashed['time_cost']}): one hash "
                f"{hashed['one_hash_ms']:.0f} ms alone; {hashed['per_second_one_core']:.0f}/s "
                f"on one core, {hashed['per_second_all_cores']:.0f}/s on {hashed['cores']}",
                None,
            ),
        ]
        if "intake_postgresql" in intake:
            rows += [
                ("intake on PostgreSQL, no receipt", intake["intake_postgresql"]),
                (f"  {outbox(intake['intake_postgresql'])}", None),
                (f"  ratio PostgreSQL intake / bare: {intake['postgresql_ratio']:.2f}", None),
                ("intake on PostgreSQL, with a receipt", intake["intake_postgresql_receipt"]),
            ]
    if "triage" in result:
        triage = result["triage"]
        rows += [
            (f"triage classify, one core, median of 3 passes of {triage['reports']}", triage),
            (
                f"  CPU-time rate; slowest pass {triage['slowest_per_second']:.0f}, fastest "
                f"{triage['fastest_per_second']:.0f}",
                None,
            ),
            (
                f"  memory: peak RSS {triage['peak_rss_mb']:.0f} MB, engine+store "
                f"{triage['engine_and_store_mb']:.0f} MB, load {triage['load_seconds']:.2f}s",
                None,
            ),
        ]
    if "pipeline" in result:
        relay, relay_half = result["relay"], result["relay_half_rate"]
        pipeline, half = result["pipeline"], result["pipeline_half_rate"]
        skeleton = result["skeleton"]

        def cpu_split(fig: dict[str, Any], what: str = "report") -> str:
            parts = fig["cpu_ms_per_report"]
            return (
                f"  CPU ms per {what}: "
                + ", ".join(f"{k} {v:.1f}" for k, v in parts.items())
                + f"; {sum(parts.values()):.1f} in all"
            )

        # On this machine every process shares the same cores, so a rate is at most
        # cores / (CPU per report, all processes): what the goal's rate leaves per report.
        goal_rate = PIPELINE_GOAL * relay["per_second"]
        budget_ms = 1000 * (os.cpu_count() or 1) / goal_rate
        spent_ms = sum(pipeline["cpu_ms_per_report"].values())

        rows += [
            (f"raw 3-hop relay, {relay['messages']} msgs (baseline)", relay),
            (cpu_split(relay, "message"), None),
            (f"  relay at half rate ({relay_half['messages']} msgs)", relay_half),
            (f"skeleton: contract shape, no work, {skeleton['reports']} reports", skeleton),
            (cpu_split(skeleton), None),
            (f"  ratio skeleton / relay: {result['skeleton_to_relay_ratio']:.2f}", None),
            (f"pipeline 202 -> force, {pipeline['reports']} reports", pipeline),
            (cpu_split(pipeline), None),
            (f"  ratio pipeline / relay: {result['pipeline_to_relay_ratio']:.2f}", None),
            (f"  ratio pipeline / skeleton: {result['pipeline_to_skeleton_ratio']:.2f}", None),
            (
                f"  the goal, {PIPELINE_GOAL} of the relay ({goal_rate:.0f}/s), leaves "
                f"{budget_ms:.1f} ms of CPU per report in all on {os.cpu_count()} cores; the "
                f"pipeline spends {spent_ms:.1f} ({spent_ms / budget_ms:.1f} times as much)",
                None,
            ),
            (f"  pipeline at half rate ({half['reports']} reports)", half),
            (
                "  peak RSS MB: "
                + ", ".join(f"{k} {v:.0f}" for k, v in pipeline["peak_rss_mb"].items()),
                None,
            ),
        ]
    if "growth" in result:
        growth = result["growth"]
        rows.append(
            (
                f"cost growth: {growth['measured_reports']} new reports, offered at once, "
                f"medians of {growth['rounds']}",
                None,
            )
        )
        rows += [
            (
                f"  {row['stored']:,} stored: rate {row['change'] * 100:+.0f}% "
                f"(spread {row['spread'] * 100:.0f}%), CPU/report "
                f"{row['cpu_ms_per_report']:.1f} ms {row['cpu_change'] * 100:+.0f}%; "
                f"relative to the simulator's {row['control_change'] * 100:+.0f}%",
                row,
            )
            for row in growth["sizes"]
        ]
    print(f"\nmachine: {result['machine']}\n")
    print(f"{'benchmark':58s} {'per second':>11s} {'p50 ms':>9s} {'p99 ms':>9s}")
    for label, fig in rows:
        if fig is None:
            print(label)
        elif "p50_ms" in fig:
            print(
                f"{label:58s} {fig['per_second']:11.0f} {fig['p50_ms']:9.1f} {fig['p99_ms']:9.1f}"
            )
        else:
            print(f"{label:58s} {fig['per_second']:11.0f}")
    for key in ("intake", "intake_receipt", "intake_postgresql", "intake_postgresql_receipt"):
        fig = result.get("intake", {}).get(key)
        if fig and (fig["errors"] or fig["socket_errors"]):
            print(
                f"warning: {key} answered {fig['errors']:.0f} non-2xx, "
                f"{fig['socket_errors']} socket errors"
            )


async def main(parts: list[str]) -> None:
    """Run the chosen parts (all by default): `python -m bench intake pipeline`."""
    from bench.relay import run_relay
    from bench.skeleton import run_skeleton
    from tests.stack import AMQP_URL

    unknown = set(parts) - set(PARTS)
    if unknown:
        sys.exit(f"unknown benchmark {sorted(unknown)}; choose from {', '.join(PARTS)}")
    chosen = parts or list(PARTS)
    result: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if "intake" in chosen:
            result["intake"] = await bench_intake(workdir)
        if "triage" in chosen:
            result["triage"] = bench_triage()
        if "pipeline" in chosen:
            meter = CpuMeter({}, this_process="relay")
            relay = await run_relay(AMQP_URL, RELAY_MESSAGES)
            relay["cpu_ms_per_report"] = meter.ms_per_item(RELAY_MESSAGES)
            result["relay"] = relay
            result["relay_half_rate"] = await run_relay(
                AMQP_URL, RELAY_MESSAGES // 2, rate=relay["per_second"] / 2
            )
            result["skeleton"] = await run_skeleton(
                AMQP_URL, routed_reports(E2E_REPORTS), connections=CONNECTIONS
            )
            pipeline = await bench_pipeline(workdir, E2E_REPORTS, None, backend=PIPELINE_BACKEND)
            result["pipeline"] = pipeline
            # A quarter as many reports at half the rate: as long again would double the
            # benchmark for a p99 that 1,000+ reports already give.
            result["pipeline_half_rate"] = await bench_pipeline(
                workdir,
                max(1000, E2E_REPORTS // 4),
                pipeline["per_second"] / 2,
                backend=PIPELINE_BACKEND,
            )
            result["pipeline_to_relay_ratio"] = pipeline["per_second"] / relay["per_second"]
            result["skeleton_to_relay_ratio"] = (
                result["skeleton"]["per_second"] / relay["per_second"]
            )
            result["pipeline_to_skeleton_ratio"] = (
                pipeline["per_second"] / result["skeleton"]["per_second"]
            )
        if "growth" in chosen:
            from bench.growth import bench_growth

            result["growth"] = await bench_growth(workdir, connections=CONNECTIONS)
    _print_table(result)
    out = ROOT / "var" / ("bench.json" if not parts else f"bench-{'-'.join(chosen)}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
