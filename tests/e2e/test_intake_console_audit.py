"""A report a call handler takes is stored together with the audit entry that says who took
it: never one without the other, whatever fails between them."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.helpers import execute_sql
from tests.stack import ADMIN_TOKEN, Stack

pytestmark = pytest.mark.e2e

ACCOUNT = (
    "PC 4521 at Kent Police takes cash from local dealers to warn them before raids; "
    "the caller saw it twice in March at Margate station."
)


def _stored(stack: Stack) -> tuple[int, int]:
    """Reports, and phone-submission audit entries (the report's event is written in the
    report's transaction: no report, no event)."""
    counts = execute_sql(
        stack,
        "intake",
        "SELECT (SELECT count(*) FROM reports), "
        "(SELECT count(*) FROM audit_log WHERE action = 'report.phone_submit')",
    )
    return counts[0]  # type: ignore[return-value]


async def test_a_phone_report_is_stored_only_with_its_audit_entry(stack: Stack) -> None:
    await stack.start("intake")
    console = f"{stack['intake'].url}/console/report"
    form = {"staff_token": ADMIN_TOKEN, "what_happened": ACCOUNT, "location": "Margate"}
    async with httpx.AsyncClient(timeout=30) as client:
        page = await client.post(console, data=form)
        assert page.status_code == 200, page.text[:300]
        assert _stored(stack) == (1, 1)
        reference = execute_sql(stack, "intake", "SELECT reference FROM reports")[0][0]
        entry = execute_sql(
            stack,
            "intake",
            "SELECT actor, target FROM audit_log WHERE action = 'report.phone_submit'",
        )
        assert entry == [("bootstrap administrator", reference)]

        # The audit log cannot be written (here: moved away under the service's feet):
        # the call handler is told it failed, and the report is not kept.
        execute_sql(stack, "intake", "ALTER TABLE audit_log RENAME TO audit_log_away")
        try:
            page = await client.post(console, data=form)
        finally:
            execute_sql(stack, "intake", "ALTER TABLE audit_log_away RENAME TO audit_log")
        assert page.status_code >= 500
        assert _stored(stack) == (1, 1)

        # The same through the API, for a call handler's own system.
        api = f"{stack['intake'].url}/v1/reports"
        phone = {"what_happened": ACCOUNT, "channel": "phone", "follow_up": False}
        staff = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        answer = await client.post(api, json=phone, headers=staff)
        assert answer.status_code == 202, answer.text[:300]
        assert _stored(stack) == (2, 2)
        execute_sql(stack, "intake", "ALTER TABLE audit_log RENAME TO audit_log_away")
        try:
            answer = await client.post(api, json=phone, headers=staff)
        finally:
            execute_sql(stack, "intake", "ALTER TABLE audit_log_away RENAME TO audit_log")
        assert answer.status_code >= 500
        assert answer.headers["content-type"].startswith("application/json")
        # The server closes the connection after such an answer, and says so, so a client
        # does not send its next request down it (that one would fail without reaching us).
        assert answer.headers["connection"] == "close"
        assert _stored(stack) == (2, 2)
