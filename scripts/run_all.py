"""`make run`: intake, triage, dispatch and the force simulator in the foreground.

Checks the broker first and says in one line how to start one if it is not there.
Ctrl-C stops everything it started; if one service dies, the others are stopped too.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
from typing import IO

SERVICES = [
    ("intake", "services.intake"),
    ("triage", "services.triage"),
    ("dispatch", "services.dispatch"),
    ("forcesim", "services.forcesim"),
]


async def broker_reachable(url: str) -> str | None:
    import aio_pika

    # The libraries' own connection errors would add lines; ours says it in one.
    for name in ("aiormq", "aio_pika"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

    try:
        connection = await aio_pika.connect(url, timeout=5)
        await connection.close()
        return None
    except Exception as exc:
        return type(exc).__name__


def _forward(name: str, stream: IO[bytes]) -> None:
    for line in iter(stream.readline, b""):
        sys.stdout.write(f"{name:9s}| {line.decode(errors='replace')}")
        sys.stdout.flush()


def main() -> int:
    url = os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672/")
    shown = url.split("@")[-1]
    problem = asyncio.run(broker_reachable(url))
    if problem:
        print(
            f"RabbitMQ is not reachable at {shown} ({problem}): start one with "
            "`docker-compose up -d rabbitmq` (or `docker compose up -d rabbitmq`), or install "
            "Debian's rabbitmq-server and run `rabbitmq-server -detached`, then try again.",
            file=sys.stderr,
        )
        return 1
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    for name, module in SERVICES:
        proc = subprocess.Popen(
            [sys.executable, "-m", module], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert proc.stdout is not None
        threading.Thread(target=_forward, args=(name, proc.stdout), daemon=True).start()
        procs.append((name, proc))
    print(
        "PACARS is starting: intake http://127.0.0.1:8000, triage :8001, dispatch :8002, "
        "force simulator :8003. Ctrl-C stops everything.",
        flush=True,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    code = 0
    try:
        while not stopping.is_set():
            for name, proc in procs:
                if proc.poll() is not None:
                    print(
                        f"{name} stopped (exit {proc.returncode}); stopping the rest.",
                        file=sys.stderr,
                    )
                    code = 1
                    stopping.set()
                    break
            stopping.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for _, proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for _, proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
