from __future__ import annotations

import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.dispatch.delivery.signing import signature_header
from services.dispatch.forces.service import new_signing_secret

pytestmark = pytest.mark.unit


def _headers(secrets: list[str], body: bytes, msg_id: str = "pkg-1") -> dict[str, str]:
    ts = int(time.time())
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": signature_header(secrets, msg_id, ts, body),
    }


def test_our_signature_verifies_with_the_reference_library() -> None:
    secret = new_signing_secret()
    body = b'{"type": "intelligence.package"}'
    Webhook(secret).verify(body, _headers([secret], body))


def test_during_rotation_either_secret_verifies() -> None:
    new, old = new_signing_secret(), new_signing_secret()
    body = b"{}"
    headers = _headers([new, old], body)
    Webhook(new).verify(body, headers)
    Webhook(old).verify(body, headers)


def test_a_tampered_body_or_another_secret_does_not_verify() -> None:
    secret = new_signing_secret()
    headers = _headers([secret], b'{"a": 1}')
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(b'{"a": 2}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_signing_secret()).verify(b'{"a": 1}', headers)
