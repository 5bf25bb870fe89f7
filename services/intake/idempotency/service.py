"""Idempotency-Key: the same key and body within the window get the first answer; the same
key with another body is a conflict. The answer's row is inserted in the report's own
transaction, so a report and its remembered answer exist together or not at all."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select

from services.intake.idempotency.models import IdempotentAnswer
from services.intake.reports.schemas import ReportAccepted
from shared.db import Database
from shared.errors import Conflict, Unprocessable

IDEMPOTENCY = IdempotentAnswer.__table__  # type: ignore[attr-defined]


class IdempotencyKey:
    """A client's key, kept only as a keyed hash; it also derives the answer's seal."""

    def __init__(self, raw: str, *, pepper: bytes) -> None:
        if not (1 <= len(raw) <= 200) or not raw.isascii() or not raw.isprintable():
            raise Unprocessable(
                "Idempotency-Key must be 1 to 200 printable ASCII characters.",
                code="invalid_idempotency_key",
            )
        self.hash = hmac.new(pepper, b"key:" + raw.encode(), hashlib.sha256).hexdigest()
        self._aead = AESGCM(hmac.new(pepper, b"seal:" + raw.encode(), hashlib.sha256).digest())

    def seal(self, answer: ReportAccepted) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, answer.model_dump_json().encode(), b"idempotency")
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, sealed: str) -> ReportAccepted:
        raw = base64.urlsafe_b64decode(sealed)
        return ReportAccepted.model_validate_json(
            self._aead.decrypt(raw[:12], raw[12:], b"idempotency")
        )


def _is_key(key: IdempotencyKey) -> Any:
    return IDEMPOTENCY.c.key_hash == key.hash


def body_hash(canonical: bytes) -> str:
    return hashlib.sha256(canonical).hexdigest()


async def first_answer(
    *, db: Database, key: IdempotencyKey, body: str, now: datetime, window_hours: int
) -> ReportAccepted | None:
    """The remembered answer for this key and body, None if there is none (or it expired);
    409 if the key was used with a different body."""
    async with db.reader() as session:
        row = (
            await session.execute(select(IdempotentAnswer).where(_is_key(key)))
        ).scalar_one_or_none()
    if row is None:
        return None
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=now.tzinfo)
    if now - created > timedelta(hours=window_hours):
        async with db.transaction() as session:
            await session.execute(delete(IdempotentAnswer).where(_is_key(key)))
        return None
    if not hmac.compare_digest(row.body_hash, body):
        raise Conflict(
            "This Idempotency-Key was already used with a different report.",
            code="idempotency_conflict",
        )
    try:
        return key.open(row.sealed_answer)
    except (InvalidTag, ValueError) as exc:  # cannot happen unless the row was altered
        raise Conflict(
            "This Idempotency-Key cannot be reused.", code="idempotency_conflict"
        ) from exc


def answer_row(
    *, key: IdempotencyKey, body: str, answer: ReportAccepted, now: datetime
) -> dict[str, object]:
    return {
        "key_hash": key.hash,
        "body_hash": body,
        "status_code": 202,
        "sealed_answer": key.seal(answer),
        "created_at": now,
    }
