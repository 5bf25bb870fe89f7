from __future__ import annotations

from datetime import datetime
from ipaddress import ip_address
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.validation import PlainText

LOOPBACK_HOSTS = {"localhost"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


class ForceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    endpoint_url: PlainText | None = Field(None, max_length=500)
    active: bool = True

    @field_validator("endpoint_url")
    @classmethod
    def _https_or_loopback(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        host = parts.hostname or ""
        if parts.scheme == "https" and host:
            return value
        if parts.scheme == "http" and _is_loopback(host):
            return value
        raise ValueError("must be an https:// URL (http:// only for localhost or 127.0.0.1)")


class ForcePublic(BaseModel):
    code: str
    name: str
    # Defaults to null, so the onboarding answer (which leaves out empty fields to hide the
    # one-time secrets on later PUTs) still matches its schema when there is no endpoint.
    endpoint_url: str | None = None
    active: bool
    onboarded: bool
    pending: int = 0
    parked: int = 0
    delivered: int = 0
    last_delivery_at: datetime | None = None
    # Packages past their acknowledgement or outcome deadline.
    overdue: int = 0
    # The delivery circuit breaker as this dispatch process sees it: closed (normal),
    # open (endpoint failing: nothing sent until a cool-down passes), half_open (probing).
    circuit: str = "closed"


class ForceCredentials(ForcePublic):
    """Answer to onboarding: the secret and key are shown this once."""

    signing_secret: str | None = None
    api_key: str | None = None
