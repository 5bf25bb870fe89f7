"""schemathesis against every service's OpenAPI document, as each kind of caller.

Property-based requests, valid and invalid, built from our own schemas: no answer may be
a 5xx, an undocumented status, a wrong content type or a body that breaks its schema.
Bounded (a few seconds per run) so it runs in every CI build.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import pytest

from tests.stack import ADMIN_TOKEN, Stack, wait_for

pytestmark = pytest.mark.e2e

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)
# Which callers exercise which service: every role where it has something to reach.
RUNS = [
    ("intake", "anonymous"),
    ("intake", "call_handler"),
    ("triage", "analyst"),
    ("triage", "ops"),
    ("dispatch", "anonymous"),
    ("dispatch", "admin"),
    ("dispatch", "ops"),
    ("dispatch", "force"),
]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_no_generated_request_breaks_any_service(stack: Stack) -> None:
    await stack.start()
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(timeout=30) as client:
        tokens = {"anonymous": None, "admin": ADMIN_TOKEN}
        for role in ("call_handler", "analyst", "ops"):
            tokens[role] = (
                await client.post(
                    f"{stack['dispatch'].url}/v1/tokens",
                    headers=admin,
                    json={"role": role, "name": role},
                )
            ).json()["token"]
        creds = (await client.get(f"{stack['forcesim'].url}/credentials/kent")).json()
        tokens["force"] = creds["api_key"]

        async def known() -> bool:  # staff tokens reach intake and triage as events
            answer = await client.get(
                f"{stack['triage'].url}/v1/review",
                headers={"authorization": f"Bearer {tokens['analyst']}"},
            )
            return answer.status_code == 200

        await wait_for(known, timeout=30, message="tokens to reach triage")

    # Two runs at a time: each mostly waits on Hypothesis or on a service, and one after
    # another they took the longest test in the suite.
    turns = asyncio.Semaphore(2)

    async def run(service: str, caller: str) -> str | None:
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            f"{stack[service].url}/openapi.json",
            "--checks",
            CHECKS,
            "--phases",
            "coverage,fuzzing",
            "--max-examples",
            "10",
            "--max-time",
            "12",
            "--seed",
            "20261122",
            # One worker: Hypothesis compiling strategies on two threads meets CPython
            # 3.11.7's "AST constructor recursion depth mismatch" race now and then.
            "--workers",
            "1",
            "--no-color",
            "--request-timeout",
            "15",
        ]
        if tokens[caller]:
            command += ["--header", f"Authorization: Bearer {tokens[caller]}"]
        async with turns:
            process = await asyncio.create_subprocess_exec(
                *command,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                cwd=stack.workdir,
            )
            raw, _ = await asyncio.wait_for(process.communicate(), timeout=120)
        if process.returncode == 0:
            return None
        stdout = raw.decode(errors="replace")
        start = stdout.find("FAILURES")
        return (
            f"--- {service} as {caller} ---\n"
            f"{stdout[start : start + 3000] if start >= 0 else stdout[-3000:]}"
        )

    results = await asyncio.gather(*(run(service, caller) for service, caller in RUNS))
    failures = [failure for failure in results if failure is not None]
    assert not failures, "\n".join(failures)
