"""Every bad input: a clear JSON error with the right status, nothing stored or published."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.helpers import execute_sql
from tests.stack import Stack

pytestmark = pytest.mark.e2e

VALID = {"what_happened": "PC 4521 at Kent Police takes cash from dealers.", "follow_up": False}


def _row_counts(stack: Stack) -> tuple[int, int]:
    [(reports, outbox)] = execute_sql(
        stack, "intake", "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM outbox)"
    )
    return reports, outbox


CASES = [
    ("malformed JSON", {"content": b'{"what_happened": "PC 45', "json_ct": True}, 422),
    ("missing required field", {"json": {"subject": {"name": "PC Smith"}}}, 422),
    ("too short", {"json": {**VALID, "what_happened": "too short"}}, 422),
    ("oversized field", {"json": {**VALID, "what_happened": "x" * 20001}}, 422),
    ("unknown channel", {"json": {**VALID, "channel": "fax"}}, 422),
    ("unknown field", {"json": {**VALID, "ip_address": "1.2.3.4"}}, 422),
    ("unknown force", {"json": {**VALID, "force_hint": "atlantis"}}, 422),
    ("wrong type", {"json": {**VALID, "follow_up": "yes please"}}, 422),
    ("a list, not an object", {"json": [VALID]}, 422),
    ("wrong content type", {"content": b"what_happened=hello", "ct": "text/plain"}, 415),
    (
        "form encoding",
        {"content": b"what_happened=hello", "ct": "application/x-www-form-urlencoded"},
        415,
    ),
    (
        "body over the limit",
        {"content": b'{"what_happened": "' + b"x" * 1_100_000 + b'"}', "json_ct": True},
        413,
    ),
    ("phone without a call handler token", {"json": {**VALID, "channel": "phone"}}, 401),
    (
        "phone with a bad token",
        {"json": {**VALID, "channel": "phone"}, "auth": "Bearer not-a-token"},
        401,
    ),
]


@pytest.mark.parametrize(("case", "request_kw", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_bad_input_is_refused_and_changes_nothing(
    stack: Stack,
    case: str,
    request_kw: dict,
    expected: int,  # type: ignore[type-arg]
) -> None:
    if not stack["intake"].proc:
        await stack.start("intake")
    before = _row_counts(stack)
    headers = {}
    if request_kw.get("json_ct"):
        headers["content-type"] = "application/json"
    if "ct" in request_kw:
        headers["content-type"] = request_kw["ct"]
    if "auth" in request_kw:
        headers["authorization"] = request_kw["auth"]
    async with httpx.AsyncClient(timeout=30) as client:
        answer = await client.post(
            f"{stack['intake'].url}/v1/reports",
            json=request_kw.get("json"),
            content=request_kw.get("content"),
            headers=headers,
        )
    assert answer.status_code == expected, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["code"] and error["message"]
    assert "Traceback" not in answer.text
    assert _row_counts(stack) == before


async def test_a_call_handler_token_lets_phone_reports_in(stack: Stack) -> None:
    """Tokens issued by dispatch reach intake as events; revoked ones stop working there."""
    from tests.stack import ADMIN_TOKEN, wait_for

    await stack.start("intake", "dispatch")
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(timeout=30) as client:
        issued = (
            await client.post(
                f"{stack['dispatch'].url}/v1/tokens",
                headers=admin,
                json={"role": "call_handler", "name": "Desk 4"},
            )
        ).json()
        handler = {"authorization": f"Bearer {issued['token']}"}
        phone = {**VALID, "channel": "phone"}

        async def accepted() -> bool:
            answer = await client.post(
                f"{stack['intake'].url}/v1/reports", json=phone, headers=handler
            )
            return answer.status_code == 202

        await wait_for(accepted, timeout=30, message="the token to reach intake")

        analyst = (
            await client.post(
                f"{stack['dispatch'].url}/v1/tokens",
                headers=admin,
                json={"role": "analyst", "name": "A. Analyst"},
            )
        ).json()

        async def refused_for_analyst() -> bool:
            answer = await client.post(
                f"{stack['intake'].url}/v1/reports",
                json=phone,
                headers={"authorization": f"Bearer {analyst['token']}"},
            )
            return answer.status_code == 403

        await wait_for(refused_for_analyst, timeout=30, message="403 for the wrong role")

        revoked = await client.delete(
            f"{stack['dispatch'].url}/v1/tokens/{issued['token_id']}", headers=admin
        )
        assert revoked.status_code == 204

        async def refused() -> bool:
            answer = await client.post(
                f"{stack['intake'].url}/v1/reports", json=phone, headers=handler
            )
            return answer.status_code == 401

        await wait_for(refused, timeout=30, message="the revocation to reach intake")
