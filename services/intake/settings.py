from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import SharedSettings

DEV_DATA_KEYS = "dev:ZGV2LWludGFrZS1kYXRhLWtleS1kby1ub3QtdXNlLWluLXByb2R1Y3Rpb24="
DEV_RECEIPT_PEPPER = "dev-receipt-pepper"
# 50 megapixels: above the largest phone photos (48 MP, 8064 x 6048), below the 60 MP a
# pixel bomb could otherwise claim (one copy of 50 MP at 4 bytes a pixel is 200 MB).
MAX_IMAGE_PIXELS = 50_000_000


class IntakeSettings(SharedSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", populate_by_name=True)

    service_name: str = "intake"
    port: int = 8000
    # Report content at rest: "kid:base64key,...", the first seals (rotation keeps the rest).
    data_keys: SecretStr = SecretStr(DEV_DATA_KEYS)
    # Keys the receipt's look-up part, so the database alone cannot link a receipt to a row.
    receipt_pepper: SecretStr = SecretStr(DEV_RECEIPT_PEPPER)
    # argon2id cost for receipts: OWASP's minimum (19 MiB, 2 passes) keeps a guess slow
    # without making every submission wait long.
    receipt_hash_memory_kib: int = Field(19456, ge=8192)
    receipt_hash_time_cost: int = Field(2, ge=1)
    # Every receipt check, right or wrong, takes at least this long: timing says nothing.
    receipt_check_floor_seconds: float = Field(0.5, ge=0)
    # Wrong receipts: a budget per receipt look-up prefix and one for the whole service
    # (nothing about who guessed is kept), per window.
    receipt_failures_per_prefix: int = Field(5, ge=1)
    receipt_failures_global: int = Field(200, ge=1)
    receipt_failure_window_seconds: int = Field(900, ge=1)
    # Submissions per client per window, counted in memory under a keyed hash of the
    # address whose key rotates every hour; nothing is persisted or logged.
    submissions_per_client: int = Field(10, ge=1)
    submission_window_seconds: int = Field(600, ge=1)
    # Clients never limited per client, e.g. '["127.0.0.1"]' for the test suite and the
    # benchmark. Empty by default: behind a local reverse proxy every client would share the
    # proxy's address (proxy headers are ignored), so the proxy must limit per client itself.
    rate_limit_exempt: list[str] = []
    # Evidence: per file and per report.
    max_attachment_bytes: int = Field(10 * 1024 * 1024, ge=1)
    max_attachments: int = Field(5, ge=0)
    # Images: pixels per image (never above Pillow's ceiling of 60 MP), and how many are
    # decoded at once per process (each may hold 200 MB while it is cleaned).
    max_image_pixels: int = Field(MAX_IMAGE_PIXELS, ge=1, le=60_000_000)
    image_cleaning_concurrency: int = Field(1, ge=1)
    # Reports with evidence handled at once per process, from cleaning their files until
    # they are stored: each holds its files sealed (up to 5 x 13 MB) and more in flight;
    # three at once took intake to 890 MB. The others wait with their files spooled to disk.
    evidence_reports_at_once: int = Field(1, ge=1)
    # Idempotency-Key answers are kept this long.
    idempotency_hours: int = Field(24, ge=1)
    # Status events (delivered, acknowledged, a force's outcome) are gathered this long
    # before one transaction applies them: nobody waits on them, and under load they come
    # one at a time, each a transaction of its own. 50 ms took intake's CPU per report in
    # the pipeline from 3.0 to 2.0 times the force simulator's (session 9).
    status_batch_linger_seconds: float = Field(0.05, ge=0, le=5)

    def _placeholder_secrets(self) -> list[tuple[str, str, str]]:
        return [
            *super()._placeholder_secrets(),
            ("INTAKE_DATA_KEYS", self.data_keys.get_secret_value(), DEV_DATA_KEYS),
            ("INTAKE_RECEIPT_PEPPER", self.receipt_pepper.get_secret_value(), DEV_RECEIPT_PEPPER),
        ]
