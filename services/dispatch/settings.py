from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import SharedSettings

DEV_DATA_KEYS = "dev:ZGV2LWRpc3BhdGNoLWRhdGEta2V5LWRvLW5vdC11c2UtaW4tcHJvZHVjdGlvbg=="


class DispatchSettings(SharedSettings):
    model_config = SettingsConfigDict(env_prefix="DISPATCH_", extra="ignore", populate_by_name=True)

    service_name: str = "dispatch"
    port: int = 8002
    # Packages and signing secrets at rest: "kid:base64key,...", the first seals.
    data_keys: SecretStr = SecretStr(DEV_DATA_KEYS)
    # Delivery: one force's slow endpoint may hold at most this many requests at once.
    per_force_concurrency: int = Field(4, ge=1)
    request_timeout_seconds: float = Field(10.0, gt=0)
    # Retries: exponential from the first delay, capped, with +-20% jitter; after either
    # limit the package is parked for an operator.
    retry_first_delay_seconds: float = Field(2.0, gt=0)
    retry_max_delay_seconds: float = Field(3600.0, gt=0)
    max_attempts: int = Field(20, ge=1)
    max_age_hours: float = Field(24.0, gt=0)
    # A claimed delivery not finished in this time (a crash) is tried again.
    delivery_lease_seconds: float = Field(60.0, gt=0)
    poll_interval_seconds: float = Field(0.5, gt=0)
    # Old signing secrets keep verifying (both signatures are sent) for this long.
    secret_overlap_hours: float = Field(24.0, gt=0)
    # Circuit breaker per force: after this many failed attempts in a row the force's
    # endpoint gets no requests for the cool-down; then one probe (half-open) decides.
    breaker_failure_threshold: int = Field(5, ge=1)
    breaker_cooldown_seconds: float = Field(30.0, gt=0)
    # Repeated failed probes double the cool-down, up to this.
    breaker_max_cooldown_seconds: float = Field(600.0, gt=0)
    # Deadlines: a force acknowledges within the first and reports an outcome within the
    # second (from when the package was made available); overdue packages get a reminder
    # delivery, repeated every reminder_every_hours while they stay overdue.
    ack_deadline_hours: float = Field(24.0 * 7, gt=0)
    outcome_deadline_hours: float = Field(24.0 * 91, gt=0)
    reminder_every_hours: float = Field(24.0, gt=0)
    # How often the worker looks for overdue packages.
    deadline_check_seconds: float = Field(60.0, gt=0)
    # Conflict of interest: a package about someone in the receiving force's professional
    # standards or anti-corruption unit goes here instead (registered like a force).
    independent_destination: str = Field("iopc", min_length=1, max_length=64)
    independent_destination_name: str = "Independent Office for Police Conduct"

    # Queue figures (GET /v1/ops/queues, the pacars_queue_* gauges): from RabbitMQ's
    # management API when this is set (e.g. http://rabbitmq:15672; the plugin is not on
    # every broker, so there is no default), else over AMQP with rates computed here. An
    # unreachable API falls back to AMQP for that sample; `source` in the answer says which.
    rabbitmq_management_url: str | None = None
    # Its credentials; unset, those of AMQP_URL (the management API uses the same users).
    rabbitmq_management_user: str | None = None
    rabbitmq_management_password: SecretStr | None = None
    rabbitmq_management_timeout_seconds: float = Field(3.0, gt=0)
    # The sampler: how often it reads every queue, and the window rates are computed over.
    queue_sample_seconds: float = Field(5.0, gt=0)
    queue_rate_window_seconds: float = Field(60.0, gt=0)

    def _placeholder_secrets(self) -> list[tuple[str, str, str]]:
        return [
            *super()._placeholder_secrets(),
            ("DISPATCH_DATA_KEYS", self.data_keys.get_secret_value(), DEV_DATA_KEYS),
        ]
