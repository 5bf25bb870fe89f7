"""Settings every service shares; each service subclasses with its own env prefix.

The contract names a few variables without a prefix (AMQP_URL, DATA_DIR,
ADMIN_TOKEN, LOG_LEVEL), so those fields carry explicit aliases that ignore
the service prefix; everything service-specific is read as e.g. INTAKE_PORT.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Development defaults. They work out of the box and are refused in production.
DEV_ADMIN_TOKEN = "dev-admin-token"  # noqa: S105 - a placeholder, refused outside development
DEV_INTERNAL_TOKEN = "dev-internal-token"  # noqa: S105 - a placeholder, refused in production
DEV_BUS_KEY = "dev:ZGV2LWJ1cy1rZXktZG8tbm90LXVzZS1pbi1wcm9kdWN0aW9uIQ=="


def _alias(name: str) -> AliasChoices:
    return AliasChoices(name)


class SharedSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: str = Field("development", validation_alias=_alias("PACARS_ENV"))
    amqp_url: SecretStr = Field(
        SecretStr("amqp://guest:guest@localhost:5672/"), validation_alias=_alias("AMQP_URL")
    )
    data_dir: Path = Field(Path("var"), validation_alias=_alias("DATA_DIR"))
    admin_token: SecretStr = Field(
        SecretStr(DEV_ADMIN_TOKEN), validation_alias=_alias("ADMIN_TOKEN")
    )
    log_level: str = Field("INFO", validation_alias=_alias("LOG_LEVEL"))
    # Seals report content inside events (on the broker and in outboxes): "kid:base64key,...",
    # the first key seals, all of them open (rotation).
    bus_keys: SecretStr = Field(SecretStr(DEV_BUS_KEY), validation_alias=_alias("BUS_KEYS"))
    # Prefixes the exchange and queue names, so parallel test runs never share queues.
    bus_namespace: str = Field("", validation_alias=_alias("BUS_NAMESPACE"))
    amqp_prefetch: int = Field(100, validation_alias=_alias("AMQP_PREFETCH"))
    # A message that fails this many deliveries goes to its parking queue.
    delivery_limit: int = Field(10, validation_alias=_alias("AMQP_DELIVERY_LIMIT"))
    # SQLite statements on the event loop's thread (shared.sqlite_inline); 0 puts
    # aiosqlite's worker thread back, e.g. where other processes write the same files.
    sqlite_inline: bool = Field(True, validation_alias=_alias("SQLITE_INLINE"))
    max_body_bytes: int = Field(1_000_000, validation_alias=_alias("MAX_BODY_BYTES"))
    # Authenticates calls between our own services (dispatch fetching evidence from intake).
    internal_token: SecretStr = Field(
        SecretStr(DEV_INTERNAL_TOKEN), validation_alias=_alias("INTERNAL_TOKEN")
    )
    # Where each service reaches the others (defaults: this machine, default ports).
    intake_url: str = Field("http://127.0.0.1:8000", validation_alias=_alias("INTAKE_URL"))
    dispatch_public_url: str = Field(
        "http://127.0.0.1:8002", validation_alias=_alias("DISPATCH_PUBLIC_URL")
    )

    service_name: str = "pacars"
    host: str = "127.0.0.1"
    port: int = 0
    database_url: str | None = None

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> SharedSettings:
        if self.environment != "development":
            for name, value, placeholder in self._placeholder_secrets():
                if value == placeholder:
                    raise ValueError(f"{name} must be set outside development")
        return self

    def _placeholder_secrets(self) -> list[tuple[str, str, str]]:
        return [
            ("ADMIN_TOKEN", self.admin_token.get_secret_value(), DEV_ADMIN_TOKEN),
            ("BUS_KEYS", self.bus_keys.get_secret_value(), DEV_BUS_KEY),
            ("INTERNAL_TOKEN", self.internal_token.get_secret_value(), DEV_INTERNAL_TOKEN),
        ]

    @property
    def resolved_database_url(self) -> str:
        """The service's own database: its URL setting, else a SQLite file in DATA_DIR."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir.resolve() / (self.service_name + '.db')}"
