"""A minimal force-side receiver for PACARS deliveries: verify, deduplicate, acknowledge.

    FORCE_SIGNING_SECRET=whsec_... FORCE_API_KEY=pfk_... \
    PACARS_DISPATCH_URL=https://dispatch.example PORT=9000 \
    python docs/examples/force_receiver.py

    python docs/examples/force_receiver.py --pull   # no endpoint: pull and acknowledge

Needs `fastapi`, `uvicorn`, `httpx` and `standardwebhooks` (pip install them). Seen
webhook-ids are kept in a SQLite file (RECEIVER_DB, default ./receiver.db) so a repeat
after a restart is still recognised. A real force would hand the package to its case
system where this logs it, and acknowledge only once it is stored there.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import sys
from typing import Any

import httpx
import uvicorn
from fastapi import BackgroundTasks, FastAPI, Request, Response
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

log = logging.getLogger("force_receiver")

DISPATCH_URL = os.environ.get("PACARS_DISPATCH_URL", "http://127.0.0.1:8002").rstrip("/")
API_KEY = os.environ.get("FORCE_API_KEY", "")
# During a rotation, list the new secret and the old one, separated by commas.
SECRETS = [s for s in os.environ.get("FORCE_SIGNING_SECRET", "").split(",") if s]
DB = sqlite3.connect(os.environ.get("RECEIVER_DB", "receiver.db"), check_same_thread=False)
DB.execute("CREATE TABLE IF NOT EXISTS seen (webhook_id TEXT PRIMARY KEY, type TEXT, body TEXT)")
DB.commit()


def verify(body: bytes, headers: dict[str, str]) -> dict[str, Any] | None:
    """The payload if a current secret signed it (and its timestamp is fresh), else None."""
    for secret in SECRETS:
        try:
            return Webhook(secret).verify(body, headers)  # type: ignore[no-any-return]
        except WebhookVerificationError:
            continue
    return None


def first_time(webhook_id: str, kind: str, body: bytes) -> bool:
    """Store the delivery; False if this webhook-id was seen before (a retry)."""
    try:
        with DB:
            DB.execute("INSERT INTO seen VALUES (?, ?, ?)", (webhook_id, kind, body.decode()))
        return True
    except sqlite3.IntegrityError:
        return False


async def acknowledge(package_id: str, outcome: str = "received") -> None:
    async with httpx.AsyncClient(base_url=DISPATCH_URL, timeout=10) as client:
        for attempt in range(5):
            answer = await client.post(
                f"/v1/intelligence/{package_id}/acknowledgements",
                headers={"authorization": f"Bearer {API_KEY}"},
                json={"outcome": outcome, "force_reference": f"CASE-{package_id[:8]}"},
            )
            if answer.status_code < 500:
                log.info("acknowledged %s: %s", package_id, answer.status_code)
                return
            await asyncio.sleep(2**attempt)


app = FastAPI(title="Example force receiver")


@app.post("/pacars/webhook")
async def webhook(request: Request, background: BackgroundTasks) -> Response:
    body = await request.body()
    headers = {k: v for k, v in request.headers.items() if k.startswith("webhook-")}
    payload = verify(body, headers)
    if payload is None:
        return Response(status_code=401)  # not signed by PACARS: parked there, not retried
    if not first_time(headers["webhook-id"], payload["type"], body):
        return Response(status_code=204)  # a retry of something already stored
    data = payload["data"]
    if payload["type"] == "intelligence.package":
        log.info("package %s (%s)", data["report_reference"], data["priority"])
        background.add_task(acknowledge, data["package_id"])
    elif payload["type"] == "intelligence.reminder":
        log.warning("overdue %s for package %s", data["overdue"], data["package_id"])
    elif payload["type"] == "reporter.message":
        log.info("reporter's message about %s: %s", data["package_id"], data["text"])
    return Response(status_code=204)  # stored: 2xx is the delivery acknowledgement


async def pull_once() -> int:
    """For a force with no endpoint: fetch what is waiting, store it, acknowledge it."""
    async with httpx.AsyncClient(base_url=DISPATCH_URL, timeout=30) as client:
        answer = await client.get(
            "/v1/intelligence",
            params={"status": "undelivered"},
            headers={"authorization": f"Bearer {API_KEY}"},
        )
        answer.raise_for_status()
        waiting = answer.json()
    for item in waiting:
        first_time(item["webhook_id"], "intelligence.package", json.dumps(item).encode())
        await acknowledge(item["webhook_id"])
    return len(waiting)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if "--pull" in sys.argv:
        print(f"{asyncio.run(pull_once())} packages pulled and acknowledged")
    else:
        uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "9000")))
