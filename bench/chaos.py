"""`make chaos`: reports keep coming while every part of PACARS fails in turn.

Submits reports at a steady rate (a client retries, with the same Idempotency-Key, until it
gets its 202, as a real one would) while, in turn: SIGKILL and restart intake, triage and
dispatch; restart RabbitMQ (stop_app, then start_app); make every force endpoint fail for
a while; make the databases refuse connections for a few seconds (PostgreSQL backend).
Then waits and checks that every accepted report reached its force exactly once as seen by
a force that deduplicates on webhook-id, and that no report was delivered that the client
never got a 202 for; prints the raw repeats and a summary table.

    python -m bench.chaos [--reports 10000] [--rate 40] [--backend postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.helpers import routed_reports
from tests.stack import POSTGRES_DSN, Stack


@dataclass
class ChaosResult:
    accepted: int
    delivered_unique: int
    raw_deliveries: int
    lost: list[str]
    duplicated: list[str]
    misrouted: list[str]
    # Delivered reports the client never got a 202 for: a retry that made a second report.
    unknown: list[str]
    submit_retries: int
    steps: list[tuple[str, float, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.misrouted or self.unknown)

    def table(self) -> str:
        lines = [f"{'step':44s} {'at s':>6s}  result"]
        lines += [f"{name:44s} {at:6.1f}  {outcome}" for name, at, outcome in self.steps]
        lines += [
            "",
            f"reports accepted (202)            {self.accepted}",
            f"client retries before a 202       {self.submit_retries}",
            f"delivered, unique by webhook-id   {self.delivered_unique}",
            f"raw deliveries (repeats: {self.raw_deliveries - self.delivered_unique:>5d})   "
            f"{self.raw_deliveries}",
            f"lost                              {len(self.lost)}",
            f"delivered twice under two ids     {len(self.duplicated)}",
            f"misrouted                         {len(self.misrouted)}",
            f"delivered, never acknowledged 202 {len(self.unknown)}",
            f"verdict                           {'PASS' if self.ok else 'FAIL'}",
        ]
        return "\n".join(lines)


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=120)


def _set_connections(stack: Stack, allowed: bool) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{POSTGRES_DSN}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        for name in stack.databases:
            cur.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}')
            if not allowed:
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                )
    conn.close()


async def run_chaos(
    stack: Stack,
    *,
    reports: int,
    rate: float,
    fault_seconds: float,
    log: Callable[[str], None] = print,
) -> ChaosResult:
    stack.configure("triage", TRIAGE_REVIEW_THRESHOLD="0")
    await stack.start()
    bodies = routed_reports(reports)
    expected: dict[str, str] = {}
    retries = 0
    steps: list[tuple[str, float, str]] = []
    started = time.monotonic()
    client = httpx.AsyncClient(timeout=30)
    forces = sorted({force for _, force in bodies})

    async def submit(body: dict[str, Any], force: str) -> None:
        nonlocal retries
        delay = 0.2
        # A retry after a 202 that never arrived (intake killed between its commit and
        # its answer) must get the same report back, not make a second one.
        key = {"Idempotency-Key": str(uuid.uuid4())}
        while True:
            try:
                answer = await client.post(
                    f"{stack['intake'].url}/v1/reports", json=body, headers=key
                )
                if answer.status_code == 202:
                    expected[answer.json()["reference"]] = force
                    return
            except httpx.HTTPError:
                pass
            retries += 1
            await asyncio.sleep(delay)
            delay = min(delay * 2, 3.0)

    async def step(name: str, action: Callable[[], Awaitable[None]]) -> None:
        at = time.monotonic() - started
        try:
            await action()
            steps.append((name, at, "done"))
        except Exception as exc:  # a failed fault injection is reported, not hidden
            steps.append((name, at, f"could not inject: {type(exc).__name__}: {exc}"))
        log(f"[{at:6.1f}s] {name}")

    async def restart(name: str) -> None:
        stack[name].kill()
        await asyncio.sleep(1)
        stack[name].start()
        await stack[name].wait_ready(timeout=120)

    async def broker() -> None:
        await asyncio.to_thread(_rabbitmqctl, "stop_app")
        await asyncio.sleep(fault_seconds / 2)
        await asyncio.to_thread(_rabbitmqctl, "start_app")

    async def forces_fail() -> None:
        sim = stack["forcesim"].url
        for code in forces:
            await client.put(f"{sim}/control/{code}", json={"mode": "fail"})
        await asyncio.sleep(fault_seconds)
        for code in forces:
            await client.put(f"{sim}/control/{code}", json={"mode": "ok"})

    async def database() -> None:
        if stack.backend != "postgresql":
            raise RuntimeError("only with the PostgreSQL backend")
        await asyncio.to_thread(_set_connections, stack, False)
        await asyncio.sleep(min(fault_seconds, 5.0))
        await asyncio.to_thread(_set_connections, stack, True)

    faults: list[tuple[str, Callable[[], Awaitable[None]]]] = [
        ("SIGKILL intake, restart", lambda: restart("intake")),
        ("SIGKILL triage, restart", lambda: restart("triage")),
        ("SIGKILL dispatch, restart", lambda: restart("dispatch")),
        ("RabbitMQ stop_app / start_app", broker),
        (f"every force endpoint failing {fault_seconds:.0f}s", forces_fail),
        ("databases refuse connections", database),
    ]
    window = reports / rate

    async def injector() -> None:
        for n, (name, action) in enumerate(faults, start=1):
            target = started + window * n / (len(faults) + 1)
            await asyncio.sleep(max(0.0, target - time.monotonic()))
            await step(name, action)

    tasks = []
    chaos = asyncio.create_task(injector())
    for i, (body, force) in enumerate(bodies):
        await asyncio.sleep(max(0.0, started + i / rate - time.monotonic()))
        tasks.append(asyncio.create_task(submit(body, force)))
    await asyncio.gather(*tasks)
    await chaos
    log(f"all {len(expected)} reports accepted; waiting for delivery")

    # Until every accepted report has arrived (by reference: a count would also count a
    # delivery the client does not know of), or the deadline.
    deadline = time.monotonic() + max(300.0, reports / 5)
    while time.monotonic() < deadline:
        try:
            counts = (await client.get(f"{stack['forcesim'].url}/received/count")).json()
            if counts["unique"] >= len(expected):
                seen = (await client.get(f"{stack['forcesim'].url}/received")).json()
                arrived = {d["report_reference"] for d in seen["deliveries"]}
                if arrived >= set(expected):
                    break
        except httpx.HTTPError:
            pass
        await asyncio.sleep(1)
    await asyncio.sleep(3)  # let late repeats arrive, so they are counted
    seen = (await client.get(f"{stack['forcesim'].url}/received")).json()
    await client.aclose()

    ids_by_reference: dict[str, set[str]] = {}
    force_of: dict[str, str] = {}
    for delivery in seen["deliveries"]:
        ids_by_reference.setdefault(delivery["report_reference"], set()).add(delivery["webhook_id"])
        force_of[delivery["report_reference"]] = delivery["force"]
    return ChaosResult(
        accepted=len(expected),
        delivered_unique=seen["unique"],
        raw_deliveries=seen["raw"],
        lost=sorted(set(expected) - set(ids_by_reference)),
        duplicated=sorted(r for r, ids in ids_by_reference.items() if len(ids) > 1),
        misrouted=sorted(r for r, f in force_of.items() if expected.get(r) not in (None, f)),
        unknown=sorted(set(ids_by_reference) - set(expected)),
        submit_retries=retries,
        steps=steps,
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=40.0, help="reports per second")
    parser.add_argument("--fault-seconds", type=float, default=60.0)
    parser.add_argument("--backend", default="postgresql", choices=["postgresql", "sqlite"])
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(backend=args.backend, workdir=Path(tmp))
        for name in ("intake", "triage", "dispatch", "forcesim"):
            stack.configure(name, LOG_LEVEL="WARNING")
        try:
            result = await run_chaos(
                stack, reports=args.reports, rate=args.rate, fault_seconds=args.fault_seconds
            )
        finally:
            await stack.aclose()
    print()
    print(result.table())
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
