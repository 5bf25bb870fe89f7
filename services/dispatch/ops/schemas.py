from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field


class ParkedPackage(BaseModel):
    package_id: UUID
    force: str
    priority: str
    attempts: int
    last_error: str | None
    parked_at: datetime | None


class QueueInfo(BaseModel):
    name: str
    # Management API: ready + unacked. Over AMQP: the ready count (all a declare tells).
    messages: int
    consumers: int
    parked: int
    # Added by issue 6; the fields above keep their meaning.
    source: Literal["management", "amqp"] = Field(
        "amqp",
        description="management: every figure from RabbitMQ's management API, rates its "
        "own. amqp: passive declares; unacked unknown (null); publish rate counted by "
        "dispatch from a tap on the exchange, deliver rate = published minus the growth of "
        "the ready count, both over rate_window_seconds.",
    )
    messages_ready: int | None = None
    messages_unacked: int | None = Field(None, description="null when not known (amqp)")
    publish_rate: float | None = Field(
        None, description="messages per second; null until two samples exist"
    )
    deliver_rate: float | None = Field(None, description="messages per second")
    rate_window_seconds: float | None = Field(
        None, description="the span the amqp rates were computed over"
    )
    sampled_at: datetime | None = None


class MessageDeath(BaseModel):
    """One x-death entry: where and why the broker dead-lettered the message."""

    queue: str
    reason: str
    count: int
    at: datetime | None


class ParkedMessage(BaseModel):
    """A message in a parking queue: ids, keys and broker headers; never its body."""

    queue: str  # the queue it was parked from
    event_id: str | None
    type: str | None
    routing_key: str  # as first published
    correlation_id: str | None
    reason: str | None  # the first death's: rejected | delivery_limit | expired | maxlen
    first_death_at: datetime | None
    deaths: list[MessageDeath]
    size_bytes: int


class MessagesReplayed(BaseModel):
    queue: str
    replayed: int
    event_ids: list[str | None]
    # Event ids asked for that were not in the parking queue (replayed meanwhile?).
    not_found: list[str] = []
    # Set when the broker failed part-way: those listed were replayed, the rest stay parked.
    incomplete: str | None = None


class OverduePackage(BaseModel):
    package_id: UUID
    force: str
    priority: str
    status: str
    # What the force has not done in time: acknowledgement | outcome
    overdue: str
    due_at: datetime
    created_at: datetime
    acknowledged_at: datetime | None
    outcome: str | None
    reminders_sent: int
    last_reminder_at: datetime | None
