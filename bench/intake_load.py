"""Helpers for the intake benchmark (python -m bench intake): a wrk run with the CPU the
server spent per request, what the server was built on, the outbox left behind, and the
cost of the receipt hash on its own; and two the other parts use too (a process's CPU
time, waiting for a server to answer)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

CONNECTIONS = 64


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def broker_pid() -> int | None:
    """The RabbitMQ node's process (beam.smp), when the broker runs on this machine."""
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "beam.smp":
                return int(comm.parent.name)
        except OSError:  # the process ended while we looked
            continue
    return None


class CpuMeter:
    """CPU time each named process spends from now on, per item. Besides the processes
    named, it counts the broker (when it runs on this machine) and this process, which
    drives the load (or is the relay): on two cores they all share the same CPU, so their
    sum per item is what a rate costs, and 2 cores / that sum is the most the rate can be."""

    def __init__(self, pids: dict[str, int], *, this_process: str = "load generator") -> None:
        self.pids = {**pids, this_process: os.getpid()}
        broker = broker_pid()
        if broker is not None:
            self.pids["broker"] = broker
        self.before = {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def ms_per_item(self, items: int) -> dict[str, float]:
        return {
            name: (cpu_seconds(pid) - self.before[name]) * 1000 / items
            for name, pid in self.pids.items()
        }


async def wait_http(url: str, timeout: float = 30) -> None:
    """Until a server answers at url at all (any status)."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                await client.get(url)
                return
            except httpx.HTTPError:
                await asyncio.sleep(0.1)
    raise TimeoutError(url)


def server_stack(pid: int) -> str:
    """Which event loop and HTTP parser a uvicorn process runs on (from its mapped libraries),
    so the baseline and intake are seen to be served alike."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    loop = "uvloop" if "/uvloop/" in maps else "asyncio"
    http = "httptools" if "/httptools/" in maps else "h11"
    return f"{loop}+{http}"


def wrk(url: str, body: str, *, duration: str, pid: int, timeout: str = "10s") -> dict[str, Any]:
    """POST body at 64 connections for duration; per second, p50/p99, errors and the server's
    CPU microseconds per request (all its threads). wrk's timeout is raised from 2 s so that
    slow answers (receipts) are measured rather than dropped."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(body)}\n"
        )
    cpu_before, started = cpu_seconds(pid), time.monotonic()
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{duration}",
                f"--timeout={timeout}",
                "--latency",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    cpu = cpu_seconds(pid) - cpu_before
    elapsed = time.monotonic() - started

    def latency(pct: str) -> float:
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "per_second": rps,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
        "socket_errors": sum(int(g) for g in socket.groups()) if socket else 0,
        "requests": total,
        "cpu_us_per_request": cpu / max(total, 1) * 1e6,
        "cpu_cores_used": cpu / elapsed,
    }


def outbox_pending(database_url: str) -> int:
    """Outbox rows not yet published and deleted."""
    if database_url.startswith("sqlite"):
        import sqlite3

        path = database_url.split(":///", 1)[1]
        with sqlite3.connect(path, timeout=30) as conn:
            return int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])
    import psycopg2

    conn = psycopg2.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM outbox")
            return int(cur.fetchone()[0])
    finally:
        conn.close()


def drain_seconds(database_url: str, *, timeout: float = 120) -> float:
    """How long the relay takes to empty the outbox after the load stopped."""
    started = time.monotonic()
    while outbox_pending(database_url) and time.monotonic() - started < timeout:
        time.sleep(0.05)
    return time.monotonic() - started


def receipt_hash_cost() -> dict[str, float]:
    """One receipt hash on its own (median of 7) with intake's settings, and hashes per
    second on one core and on all of them (threads: argon2 releases the GIL)."""
    from services.intake.reports.receipts import ReceiptHasher, new_receipt, normalise_receipt
    from services.intake.settings import IntakeSettings

    settings = IntakeSettings()
    hasher = ReceiptHasher(
        pepper="bench",
        memory_kib=settings.receipt_hash_memory_kib,
        time_cost=settings.receipt_hash_time_cost,
    )
    receipts = [normalise_receipt(new_receipt()) or "" for _ in range(64)]
    times = []
    for receipt in receipts[:7]:
        started = time.perf_counter()
        hasher.hash(receipt)
        times.append(time.perf_counter() - started)
    one = statistics.median(times)
    cores = os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=cores) as pool:
        started = time.perf_counter()
        list(pool.map(hasher.hash, receipts[: 8 * cores]))
        all_cores = 8 * cores / (time.perf_counter() - started)
    return {
        "memory_kib": settings.receipt_hash_memory_kib,
        "time_cost": settings.receipt_hash_time_cost,
        "one_hash_ms": one * 1000,
        "per_second_one_core": 1 / one,
        "per_second_all_cores": all_cores,
        "cores": cores,
    }
