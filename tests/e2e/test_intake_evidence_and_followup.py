"""Intake's public API end to end: evidence reaches only the force that owns the package
(metadata gone), refused files leave nothing behind, a retried submission is one report,
clients are rate limited, and a force and an anonymous reporter talk through the receipt.

SQLite only: the anonymity test covers both backends; these are about behaviour."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
import time
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.e2e.helpers import received
from tests.stack import ADMIN_TOKEN, Stack, peak_rss_mb, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]

KENT = (
    "PC 7781 of Kent Police takes envelopes of cash from a local dealer and warns him "
    "before every raid on the estate."
)


def phone_photo() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Jane Reporter"
    exif[0x8825] = {1: "N", 2: (51.0, 16.0, 12.0), 3: "E", 4: (0.0, 31.0, 4.0)}
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 10)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def count_rows(stack: Stack, table: str) -> int:
    with sqlite3.connect(stack.workdir / "data" / "intake.db") as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def multipart(report: dict[str, Any]) -> dict[str, str]:
    return {"report": json.dumps(report)}


async def delivery_of(client: httpx.AsyncClient, stack: Stack, reference: str) -> dict[str, Any]:
    async def found() -> dict[str, Any] | None:
        for d in (await received(client, stack))["deliveries"]:
            if d["report_reference"] == reference and d["type"] == "intelligence.package":
                return d  # type: ignore[no-any-return]
        return None

    return await wait_for(found, timeout=60, message=f"{reference} delivered")  # type: ignore[no-any-return]


async def api_key(client: httpx.AsyncClient, stack: Stack, force: str) -> str:
    return (await client.get(f"{stack['forcesim'].url}/credentials/{force}")).json()["api_key"]  # type: ignore[no-any-return]


async def test_evidence_reaches_only_its_force_without_metadata(stack: Stack) -> None:
    stack.configure(
        "dispatch", INTAKE_URL=stack["intake"].url, DISPATCH_PUBLIC_URL=stack["dispatch"].url
    )
    stack.configure("intake", INTAKE_SUBMISSIONS_PER_CLIENT="3")
    await stack.start()
    intake = stack["intake"].url
    async with httpx.AsyncClient(timeout=30) as client:
        # Anything but JPEG, PNG, PDF or text: 415, and nothing at all is stored.
        reports_before = count_rows(stack, "reports")
        refused = await client.post(
            f"{intake}/v1/reports",
            data=multipart({"what_happened": KENT}),
            files=[
                ("attachments", ("notes.txt", b"fine on its own", "text/plain")),
                ("attachments", ("photo.jpg", b"MZ\x90\x00 a program renamed", "image/jpeg")),
            ],
        )
        assert refused.status_code == 415, refused.text
        assert refused.json()["error"]["code"] == "unsupported_media_type"
        assert count_rows(stack, "reports") == reports_before
        assert count_rows(stack, "attachments") == 0

        six = [("attachments", (f"{i}.txt", b"note %d" % i, "text/plain")) for i in range(6)]
        too_many = await client.post(
            f"{intake}/v1/reports", data=multipart({"what_happened": KENT}), files=six
        )
        assert too_many.status_code == 422 and count_rows(stack, "attachments") == 0

        accepted = await client.post(
            f"{intake}/v1/reports",
            data=multipart({"what_happened": KENT, "follow_up": False}),
            files=[
                ("attachments", ("IMG_0001.JPG", phone_photo(), "image/jpeg")),
                ("attachments", ("dates.txt", b"12 March, 19 April, 2 May", "text/plain")),
            ],
        )
        assert accepted.status_code == 202, accepted.text
        assert "receipt" not in accepted.json()

        delivery = await delivery_of(client, stack, accepted.json()["reference"])
        links = delivery["data"]["attachments"]
        assert sorted(a["media_type"] for a in links) == ["image/jpeg", "text/plain"]
        assert "Jane Reporter" not in delivery["body"]  # links, not files, in the message
        photo = next(a for a in links if a["media_type"] == "image/jpeg")
        assert photo["url"].startswith(stack["dispatch"].url)

        kent = {"authorization": f"Bearer {await api_key(client, stack, 'kent')}"}
        fetched = await client.get(photo["url"], headers=kent)
        assert fetched.status_code == 200, fetched.text
        assert fetched.headers["content-type"] == "image/jpeg"
        assert b"Jane Reporter" not in fetched.content
        with Image.open(io.BytesIO(fetched.content)) as image:
            assert len(image.getexif()) == 0 and image.size == (32, 32)

        essex = {"authorization": f"Bearer {await api_key(client, stack, 'essex')}"}
        assert (await client.get(photo["url"], headers=essex)).status_code == 404
        assert (await client.get(photo["url"])).status_code == 401
        unlisted = photo["url"].rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
        assert (await client.get(unlisted, headers=kent)).status_code == 404
        # Intake's own endpoint answers only to our services.
        internal = f"{intake}/internal/attachments/{photo['attachment_id']}"
        assert (await client.get(internal)).status_code == 401
        assert (await client.get(internal, headers=kent)).status_code == 401

    # Idempotency, and the per-client limit, from an address that is not exempt.
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.9")
    async with httpx.AsyncClient(transport=transport, timeout=30) as client:
        body = {"what_happened": KENT, "follow_up": True}
        key = {"Idempotency-Key": "retry-me-1"}
        first = await client.post(f"{intake}/v1/reports", json=body, headers=key)
        again = await client.post(f"{intake}/v1/reports", json=body, headers=key)
        assert first.status_code == again.status_code == 202
        assert again.json() == first.json()  # the same reference and receipt
        other = await client.post(
            f"{intake}/v1/reports", json={**body, "location": "Dover"}, headers=key
        )
        assert other.status_code == 409
        assert other.json()["error"]["code"] == "idempotency_conflict"
        with sqlite3.connect(stack.workdir / "data" / "intake.db") as db:
            refs = db.execute(
                "SELECT count(*) FROM reports WHERE reference = ?", (first.json()["reference"],)
            ).fetchone()[0]
        assert refs == 1

        limited = await client.post(f"{intake}/v1/reports", json=body)
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "rate_limited"
        assert int(limited.headers["retry-after"]) > 0


async def test_reports_with_the_most_evidence_at_once_stay_within_intake_memory(
    stack: Stack,
) -> None:
    """Three reports sent at once, each with five files of almost 10 MB: all stored, and
    intake's peak memory grows by less than their sealed copies alone (200 MB), as the
    reports take turns. It grew by 760 MB when each request held its whole body, its
    files, their cleaned and their sealed copies at once, and the C library kept the peak."""
    await stack.start("intake")
    intake = stack["intake"]
    assert intake.proc is not None
    before = peak_rss_mb(intake.proc.pid)
    evidence = (b"12 March, 19 April, 2 May: the same car outside the station.\n" * 170_000)[
        :9_900_000
    ]
    files = [("attachments", (f"notes{i}.txt", evidence, "text/plain")) for i in range(5)]
    async with httpx.AsyncClient(base_url=intake.url, timeout=120) as client:
        answers = await asyncio.gather(
            *[
                client.post("/v1/reports", data=multipart({"what_happened": KENT}), files=files)
                for _ in range(3)
            ]
        )
    assert [a.status_code for a in answers] == [202] * 3, answers[0].text
    assert count_rows(stack, "attachments") == 15
    growth = peak_rss_mb(intake.proc.pid) - before
    assert growth < 200, f"intake's peak grew by {growth:.0f} MB"


async def test_a_force_and_an_anonymous_reporter_talk_through_the_receipt(stack: Stack) -> None:
    stack.configure("intake", INTAKE_RECEIPT_FAILURES_PER_PREFIX="3")
    await stack.start()
    intake = stack["intake"].url
    async with httpx.AsyncClient(timeout=30) as client:
        made = await client.post(f"{intake}/v1/reports", json={"what_happened": KENT})
        assert made.status_code == 202
        receipt = made.json()["receipt"]
        assert len(receipt.replace("-", "")) == 20
        auth = {"Authorization": f"Receipt {receipt}"}
        # Forgiving of case and spacing, as a receipt read over the phone would be.
        sloppy = {"Authorization": f"Receipt {receipt.lower().replace('-', ' ')}"}

        delivery = await delivery_of(client, stack, made.json()["reference"])
        kent = {"authorization": f"Bearer {await api_key(client, stack, 'kent')}"}
        package_id = delivery["package_id"]

        async def acknowledged() -> dict[str, Any] | None:
            view = (await client.get(f"{intake}/v1/followup", headers=sloppy)).json()
            return view if view["status"] == "acknowledged" else None

        view = await wait_for(acknowledged, timeout=60, message="status acknowledged")
        assert view["force"] == "kent" and view["force_name"]

        asked = await client.post(
            f"{stack['dispatch'].url}/v1/intelligence/{package_id}/messages",
            json={"text": "Which estate, and roughly what time of day?"},
            headers=kent,
        )
        assert asked.status_code == 202, asked.text

        async def question() -> list[dict[str, Any]]:
            view = (await client.get(f"{intake}/v1/followup", headers=auth)).json()
            return [m for m in view["messages"] if m["from"] == "force"]

        seen = await wait_for(question, timeout=30, message="the force's question")
        assert seen[0]["text"] == "Which estate, and roughly what time of day?"

        answer = await client.post(
            f"{intake}/v1/followup/messages",
            json={"text": "The Holborough estate, usually after 10pm."},
            headers=auth,
        )
        assert answer.status_code == 201, answer.text

        async def answered() -> bool:
            for d in (await received(client, stack))["deliveries"]:
                if d["type"] == "reporter.message" and "Holborough" in d["body"]:
                    return True
            return False

        await wait_for(answered, timeout=60, message="reporter.message at Kent")

        # A wrong receipt: 401 after the same delay as a right one.
        started = time.monotonic()
        right = await client.get(f"{intake}/v1/followup", headers=auth)
        right_took = time.monotonic() - started
        wrong_receipt = receipt[:-4] + ("0000" if receipt[-4:] != "0000" else "1111")
        started = time.monotonic()
        wrong = await client.get(
            f"{intake}/v1/followup", headers={"Authorization": f"Receipt {wrong_receipt}"}
        )
        wrong_took = time.monotonic() - started
        assert right.status_code == 200 and wrong.status_code == 401
        assert wrong.json()["error"]["code"] == "unauthorized"
        assert right_took >= 0.5 and wrong_took >= 0.5
        assert abs(right_took - wrong_took) < 0.25
        garbage = await client.get(f"{intake}/v1/followup", headers={"Authorization": "Receipt ?"})
        assert garbage.status_code == 401
        assert (await client.get(f"{intake}/v1/followup")).status_code == 401

        # Repeated wrong guesses at one receipt are limited (nothing about who guessed).
        for _ in range(2):
            await client.get(
                f"{intake}/v1/followup", headers={"Authorization": f"Receipt {wrong_receipt}"}
            )
        limited = await client.get(
            f"{intake}/v1/followup", headers={"Authorization": f"Receipt {wrong_receipt}"}
        )
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0

        # Phone reports need a call handler's token.
        phone = {"what_happened": KENT, "channel": "phone"}
        assert (await client.post(f"{intake}/v1/reports", json=phone)).status_code == 401
        issued = await client.post(
            f"{stack['dispatch'].url}/v1/tokens",
            json={"role": "call_handler", "name": "Desk 4"},
            headers={"authorization": f"Bearer {ADMIN_TOKEN}"},
        )
        token = issued.json()["token"]
        handler = {"authorization": f"Bearer {token}"}

        async def phone_accepted() -> bool:
            answer = await client.post(f"{intake}/v1/reports", json=phone, headers=handler)
            return answer.status_code == 202

        await wait_for(phone_accepted, timeout=30, message="the token reaching intake")
