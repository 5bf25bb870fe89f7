"""The services as real processes, for end-to-end tests and benchmarks.

Each stack gets its own bus namespace (exchange and queue names), its own databases
(SQLite files in a temporary folder, or fresh PostgreSQL databases) and free ports,
so stacks never see each other's messages or rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import MetaData

from shared.db import Database

ROOT = Path(__file__).resolve().parent.parent
ADMIN_TOKEN = "test-admin-token-" + uuid.uuid4().hex
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
POSTGRES_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432")


def free_port() -> int:
    return free_ports(1)[0]


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_ports(n: int) -> list[int]:
    """n distinct free ports: every socket stays bound until all are chosen, so the system
    cannot hand the same port out twice (it did, and a test then reached the wrong
    service)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def create_postgres_database(name: str) -> str:
    import psycopg2

    conn = psycopg2.connect(f"{POSTGRES_DSN}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return f"postgresql+asyncpg://{POSTGRES_DSN.split('://', 1)[1]}/{name}"


def drop_postgres_database(name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{POSTGRES_DSN}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@contextlib.asynccontextmanager
async def scratch_database(
    backend: str, tmp_path: Path, metadata: MetaData, *, name: str
) -> AsyncIterator[Database]:
    """A fresh database on the backend with metadata's tables, dropped afterwards."""
    database_name = f"pacars_{name}_{uuid.uuid4().hex[:10]}"
    if backend == "postgresql":
        database = Database(create_postgres_database(database_name))
    else:
        database = Database(f"sqlite+aiosqlite:///{tmp_path}/{name}.db")
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    try:
        yield database
    finally:
        await database.dispose()
        if backend == "postgresql":
            drop_postgres_database(database_name)


async def schema_differences(db: Database, metadata: MetaData) -> list[Any]:
    """What Alembic finds between the database's tables and `metadata` (none: they match)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    async with db.engine.connect() as conn:
        return await conn.run_sync(  # type: ignore[no-any-return]
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), metadata
            )
        )


@dataclass
class ServiceProcess:
    name: str
    module: str
    port: int
    env: dict[str, str]
    log_dir: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, **overrides: str) -> None:
        self.env.update(overrides)
        self.starts += 1
        log = open(self.log_dir / f"{self.name}.{self.starts}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", self.module],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what a crash looks like."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    async def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.proc is not None and self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited: see {self.log_dir}")
                try:
                    if (await client.get(f"{self.url}/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError(f"{self.name} not ready in {timeout}s: see {self.log_dir}")

    def logs(self) -> str:
        return "".join(
            p.read_text(errors="replace") for p in sorted(self.log_dir.glob(f"{self.name}.*.log"))
        )


@dataclass
class Stack:
    backend: str
    workdir: Path
    namespace: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:10]}-")
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    databases: list[str] = field(default_factory=list)
    database_urls: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        logs = self.workdir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        base = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("INTAKE_", "TRIAGE_", "DISPATCH_", "FORCESIM_"))
            },
            "AMQP_URL": AMQP_URL,
            "BUS_NAMESPACE": self.namespace,
            "DATA_DIR": str(self.workdir / "data"),
            "ADMIN_TOKEN": ADMIN_TOKEN,
            "LOG_LEVEL": "DEBUG",
            "PYTHONUNBUFFERED": "1",
            # Tests and benchmarks submit from loopback far faster than a person would;
            # the rate-limit tests use another address.
            "INTAKE_RATE_LIMIT_EXEMPT": '["127.0.0.1", "::1"]',
        }
        for name in ("intake", "triage", "dispatch"):
            if self.backend == "postgresql":
                db = f"pacars_{self.namespace.rstrip('-')}_{name}"
                self.database_urls[name] = create_postgres_database(db)
                self.databases.append(db)
            else:
                self.database_urls[name] = (
                    f"sqlite+aiosqlite:///{self.workdir / 'data' / (name + '.db')}"
                )
        names = ("intake", "triage", "dispatch", "forcesim")
        ports = dict(zip(names, free_ports(len(names)), strict=True))
        for name in ("intake", "triage", "dispatch"):
            env = {
                **base,
                f"{name.upper()}_PORT": str(ports[name]),
                f"{name.upper()}_DATABASE_URL": self.database_urls[name],
            }
            self.services[name] = ServiceProcess(name, f"services.{name}", ports[name], env, logs)
        self.services["forcesim"] = ServiceProcess(
            "forcesim",
            "services.forcesim",
            ports["forcesim"],
            {
                **base,
                "FORCESIM_PORT": str(ports["forcesim"]),
                "FORCESIM_DISPATCH_URL": f"http://127.0.0.1:{ports['dispatch']}",
            },
            logs,
        )

    def __getitem__(self, name: str) -> ServiceProcess:
        return self.services[name]

    def configure(self, name: str, **env: str) -> None:
        self.services[name].env.update(env)

    async def start(self, *names: str) -> None:
        chosen = names or ("intake", "triage", "dispatch", "forcesim")
        for name in chosen:
            self.services[name].start()
        for name in chosen:
            await self.services[name].wait_ready()

    async def restart(self, name: str, **overrides: str) -> None:
        self.services[name].stop()
        self.services[name].start(**overrides)
        await self.services[name].wait_ready()

    async def aclose(self) -> None:
        for service in self.services.values():
            service.stop()
        for db in self.databases:
            drop_postgres_database(db)
        await delete_bus_namespace(self.namespace)


async def delete_bus_namespace(namespace: str) -> None:
    """Remove the stack's queues and exchanges from the shared broker (best effort)."""
    import aio_pika

    from shared.bus import EXCHANGE, PARKING_EXCHANGE, TOPOLOGY

    try:
        connection = await aio_pika.connect(AMQP_URL)
        async with connection:
            channel = await connection.channel()
            for spec in TOPOLOGY:
                for name in (spec.name, spec.parking):
                    await channel.queue_delete(namespace + name)
            for name in (EXCHANGE, PARKING_EXCHANGE):
                await channel.exchange_delete(namespace + name)
    except Exception:
        pass


def report(text: str, **fields: Any) -> dict[str, Any]:
    return {"what_happened": text, "follow_up": False, **fields}


async def wait_for(
    predicate: Any, *, timeout: float, interval: float = 0.25, message: str = "condition"
) -> Any:
    """Poll an async predicate until it returns something truthy (never a bare sleep)."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await predicate()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}; last: {last!r}")
