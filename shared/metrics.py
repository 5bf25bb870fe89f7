"""Prometheus metrics shared by the services. Labels never carry personal data."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_LATENCY = Histogram(
    "pacars_http_request_duration_seconds",
    "HTTP request latency by route template",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_PUBLISHED = Counter("pacars_events_published_total", "Events published", ["type"])
EVENTS_CONSUMED = Counter(
    "pacars_events_consumed_total", "Events consumed by outcome", ["type", "outcome"]
)
EVENT_PROCESSING = Histogram(
    "pacars_event_processing_seconds", "Time to process one consumed event", ["type"]
)
INBOX_DUPLICATES = Counter("pacars_inbox_duplicates_total", "Redelivered events skipped")
OUTBOX_PENDING = Gauge("pacars_outbox_pending", "Outbox rows not yet confirmed by the broker")
OUTBOX_LAG = Gauge("pacars_outbox_lag_seconds", "Age of the oldest unpublished outbox row")
DELIVERY_ATTEMPTS = Counter(
    "pacars_delivery_attempts_total", "Deliveries to forces by outcome", ["force", "outcome"]
)
DELIVERY_LATENCY = Histogram(
    "pacars_delivery_latency_seconds", "Force endpoint answer time", ["force"]
)
# Queue figures as dispatch samples them (management API, else AMQP), labelled by the
# queue's name without the bus namespace. Ready and parked are always known; unacked only
# from the management API (absent otherwise rather than a made-up zero).
QUEUE_READY = Gauge("pacars_queue_messages_ready", "Messages ready for delivery", ["queue"])
QUEUE_UNACKED = Gauge(
    "pacars_queue_messages_unacked", "Messages delivered and not yet acked", ["queue"]
)
QUEUE_CONSUMERS = Gauge("pacars_queue_consumers", "Consumers attached to a queue", ["queue"])
QUEUE_PARKED = Gauge(
    "pacars_queue_parked_messages", "Messages in a queue's parking queue", ["queue"]
)
QUEUE_SAMPLES = Counter(
    "pacars_queue_samples_total", "Queue figures sampled, by where they came from", ["source"]
)
# The circuit breaker per force as this dispatch process sees it: 0 closed, 1 half-open,
# 2 open (see services.dispatch.delivery.circuit.STATE_VALUES).
CIRCUIT_STATE = Gauge("pacars_circuit_state", "Circuit breaker per force", ["force"])
