"""The deliveries a force receives, in the OpenAPI document (FastAPI's webhooks).

These functions are never called: they describe what dispatch POSTs to a force's
endpoint, so a force's engineers get the bodies and headers from the same document as
the API they call back.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Header

from services.dispatch.delivery.schemas import ReminderEnvelope, ReporterMessageEnvelope
from services.dispatch.packages.schemas import WebhookEnvelope

_SIGNING = """

Standard Webhooks headers on every delivery: `webhook-id` (the same on every attempt of
one delivery: deduplicate on it), `webhook-timestamp` (unix seconds, fresh on each
attempt; reject if more than 5 minutes off), `webhook-signature` (space-separated
`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, two of them while a rotated
secret's 24-hour overlap lasts). Verify with the `standardwebhooks` library. Answer any
2xx once the delivery is stored; 5xx, 408, 429 (with Retry-After) and timeouts are
retried with backoff; other 4xx park the delivery for an operator.
"""

WebhookId = Annotated[str, Header(alias="webhook-id")]
WebhookTimestamp = Annotated[str, Header(alias="webhook-timestamp")]
WebhookSignature = Annotated[str, Header(alias="webhook-signature")]


def document_webhooks(app: FastAPI) -> None:
    @app.webhooks.post(
        "intelligence.package",
        summary="An intelligence package for the force",
        description="A sanitised report for this force to assess. `webhook-id` is the "
        "package id. Acknowledge it with POST /v1/intelligence/{package_id}/acknowledgements."
        + _SIGNING,
        status_code=204,
    )
    def intelligence_package(
        body: WebhookEnvelope,
        webhook_id: WebhookId,
        webhook_timestamp: WebhookTimestamp,
        webhook_signature: WebhookSignature,
    ) -> None: ...

    @app.webhooks.post(
        "intelligence.reminder",
        summary="A package's acknowledgement or outcome is overdue",
        description="Sent when a package has not been acknowledged within the acknowledgement "
        "deadline (7 days by default), or has no outcome within the outcome deadline (about "
        "3 months), and again each day it stays overdue. Each reminder has its own "
        "`webhook-id` (`data.reminder_id`)." + _SIGNING,
        status_code=204,
    )
    def intelligence_reminder(
        body: ReminderEnvelope,
        webhook_id: WebhookId,
        webhook_timestamp: WebhookTimestamp,
        webhook_signature: WebhookSignature,
    ) -> None: ...

    @app.webhooks.post(
        "reporter.message",
        summary="A message from the anonymous reporter",
        description="The reporter's message about one of the force's packages (an answer "
        "to the force's question, or more information). `webhook-id` is `data.message_id`. "
        "Reply with POST /v1/intelligence/{package_id}/messages." + _SIGNING,
        status_code=204,
    )
    def reporter_message(
        body: ReporterMessageEnvelope,
        webhook_id: WebhookId,
        webhook_timestamp: WebhookTimestamp,
        webhook_signature: WebhookSignature,
    ) -> None: ...
