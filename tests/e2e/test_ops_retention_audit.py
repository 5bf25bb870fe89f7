"""Retention deletes closed cases everywhere and leaves the statistics as they were; the
audit log records staff and force actions, and `pacars audit verify` finds tampering."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from typing import Any

import httpx
import pytest

from tests.dispatch.feed import ADMIN_HEADERS, force_key
from tests.e2e.helpers import routed_reports, wait_for_deliveries
from tests.stack import ADMIN_TOKEN, ROOT, Stack, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]


def pacars(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as an operator runs it, pointed at this stack's dispatch and databases."""
    env = {
        **os.environ,
        "PACARS_TOKEN": ADMIN_TOKEN,
        "DISPATCH_URL": stack["dispatch"].url,
        "COLUMNS": "200",
        **{f"{n.upper()}_DATABASE_URL": url for n, url in stack.database_urls.items()},
    }
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_retention_erases_closed_cases_everywhere_and_the_statistics_stay(
    stack: Stack,
) -> None:
    # Kept for a fraction of a second after closing, so the test need not wait a year.
    stack.configure(
        "dispatch", DISPATCH_RETENTION_MONTHS="0.0000001", DISPATCH_RETENTION_EVERY_HOURS="1000"
    )
    await stack.start()
    intake, dispatch = stack["intake"].url, stack["dispatch"].url
    async with httpx.AsyncClient(timeout=30) as client:
        receipts: dict[str, str] = {}
        for body, _ in routed_reports(3):
            answer = await client.post(f"{intake}/v1/reports", json={**body, "follow_up": True})
            assert answer.status_code == 202, answer.text
            receipts[answer.json()["reference"]] = answer.json()["receipt"]
        seen = await wait_for_deliveries(client, stack, 3)
        packages = [d for d in seen["deliveries"] if d["type"] == "intelligence.package"]

        # Two cases close (a final outcome); the third stays with its force (only received).
        closed, still_open = packages[:2], packages[2]
        for delivery in closed:
            key = await force_key(client, stack, delivery["force"])
            outcome = await client.post(
                f"{dispatch}/v1/intelligence/{delivery['package_id']}/acknowledgements",
                headers=key,
                json={"outcome": "no_further_action"},
            )
            assert outcome.status_code == 201, outcome.text

        async def counted() -> dict[str, Any] | None:
            figures = (await client.get(f"{dispatch}/v1/stats", headers=ADMIN_HEADERS)).json()
            return figures if figures["no_further_action"] == 2 else None

        before = await wait_for(counted, timeout=30, message="outcomes counted")
        assert before["contacts"]["online"] == 3 and before["disseminated"] == 3

        # The cases become due a fraction of a second after each closes: poll the dry run
        # until both are (it must then name exactly the two closed cases, not the open one).
        async def due() -> subprocess.CompletedProcess[str] | None:
            dry = await asyncio.to_thread(pacars, stack, "retention", "run", "--dry-run")
            assert dry.returncode == 0, dry.stderr
            not_yet = ("would delete 0 reports", "would delete 1 reports")
            return None if any(text in dry.stdout for text in not_yet) else dry

        dry = await wait_for(due, timeout=30, interval=0.5, message="closed cases due")
        assert "would delete 2 reports, 2 packages" in dry.stdout
        for delivery in packages:  # a dry run deletes nothing
            answer = await client.get(
                f"{dispatch}/v1/intelligence/{delivery['package_id']}", headers=ADMIN_HEADERS
            )
            assert answer.status_code == 200

        run = await asyncio.to_thread(pacars, stack, "retention", "run")
        assert run.returncode == 0, run.stderr
        assert "deleted 2 reports, 2 packages" in run.stdout
        for delivery in closed:
            gone = await client.get(
                f"{dispatch}/v1/intelligence/{delivery['package_id']}", headers=ADMIN_HEADERS
            )
            assert gone.status_code == 404
        kept = await client.get(
            f"{dispatch}/v1/intelligence/{still_open['package_id']}", headers=ADMIN_HEADERS
        )
        assert kept.status_code == 200

        # Intake deletes its reports too: their receipts open nothing any more.
        erased = {d["report_reference"] for d in closed}

        async def receipts_dead() -> bool:
            for reference in erased:
                view = await client.get(
                    f"{intake}/v1/followup",
                    headers={"Authorization": f"Receipt {receipts[reference]}"},
                )
                if view.status_code != 401:
                    return False
            return True

        await wait_for(receipts_dead, timeout=30, message="intake erased the closed reports")
        open_receipt = receipts[still_open["report_reference"]]
        alive = await client.get(
            f"{intake}/v1/followup", headers={"Authorization": f"Receipt {open_receipt}"}
        )
        assert alive.status_code == 200

        async def triage_erased() -> bool:
            with sqlite3.connect(stack.database_urls["triage"].split("///", 1)[1]) as db:
                return db.execute("select count(*) from assessments").fetchone()[0] == 1

        await wait_for(triage_erased, timeout=30, message="triage erased the closed reports")

        # The anonymous aggregates are untouched: the figures are exactly as they were.
        after = (await client.get(f"{dispatch}/v1/stats", headers=ADMIN_HEADERS)).json()
        assert after == before

        # Each service's audit log says a deletion happened, by count, not which reports.
        with sqlite3.connect(stack.database_urls["dispatch"].split("///", 1)[1]) as db:
            rows = db.execute(
                "select actor, action, target, detail from audit_log where action like 'retention%'"
            ).fetchall()
        assert rows == [("bootstrap administrator", "retention.erase", "reports", rows[0][3])]
        assert '"reports": 2' in rows[0][3]
        for reference in erased:
            assert reference not in rows[0][3]


async def test_staff_and_force_actions_are_audited_and_tampering_is_detected(
    stack: Stack,
) -> None:
    # Every service, so `pacars audit verify` finds each one's chain (intake's and triage's
    # are empty here, and an empty chain is intact).
    await stack.start()
    dispatch = stack["dispatch"].url
    async with httpx.AsyncClient(timeout=30) as client:
        issued = await client.post(
            f"{dispatch}/v1/tokens",
            headers=ADMIN_HEADERS,
            json={"role": "ops", "name": "night ops", "expires_in_days": 1},
        )
        ops = {"authorization": f"Bearer {issued.json()['token']}"}
        changed = await client.put(
            f"{dispatch}/v1/forces/kent",
            headers=ADMIN_HEADERS,
            json={"endpoint_url": None, "active": True},
        )
        assert changed.status_code == 200
        from tests.dispatch.feed import Feed

        async with Feed(stack) as feed:
            await feed.triaged(force="kent")
        key = await force_key(client, stack, "kent")

        async def pulled() -> list[dict[str, Any]] | None:
            found = (
                await client.get(f"{dispatch}/v1/intelligence?status=undelivered", headers=key)
            ).json()
            return found or None

        package_id = (await wait_for(pulled, timeout=30, message="a package"))[0]["webhook_id"]
        read = await client.get(f"{dispatch}/v1/intelligence/{package_id}", headers=ops)
        assert read.status_code == 200
        ack = await client.post(
            f"{dispatch}/v1/intelligence/{package_id}/acknowledgements",
            headers=key,
            json={"outcome": "wrong_force", "redirect_to": "essex"},
        )
        assert ack.status_code == 201

        entries = (await client.get(f"{dispatch}/v1/audit", headers=ADMIN_HEADERS)).json()
        seen = [(e["actor"], e["role"], e["action"], e["target"]) for e in reversed(entries)]
        assert (
            "bootstrap administrator",
            "admin",
            "token.issue",
            issued.json()["token_id"],
        ) in seen
        assert ("bootstrap administrator", "admin", "force.update", "kent") in seen
        assert ("night ops", "ops", "package.read", package_id) in seen
        assert ("kent", "force", "package.redirect", package_id) in seen
        assert (await client.get(f"{dispatch}/v1/audit", headers=ops)).status_code == 403

    intact = await asyncio.to_thread(pacars, stack, "audit", "verify")
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "BROKEN" not in intact.stdout and "intact" in intact.stdout

    # Someone with database access rewrites history: the chain no longer adds up.
    with sqlite3.connect(stack.database_urls["dispatch"].split("///", 1)[1]) as db:
        db.execute("update audit_log set actor = 'someone else' where action = 'package.read'")
    broken = await asyncio.to_thread(pacars, stack, "audit", "verify")
    assert broken.returncode == 1
    assert "BROKEN" in broken.stdout and "this entry was changed" in broken.stdout
