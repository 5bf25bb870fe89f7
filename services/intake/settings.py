from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import SharedSettings

DEV_DATA_KEYS = "dev:ZGV2LWludGFrZS1kYXRhLWtleS1kby1ub3QtdXNlLWluLXByb2R1Y3Rpb24="
DEV_RECEIPT_PEPPER = "dev-receipt-pepper"


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

    def _placeholder_secrets(self) -> list[tuple[str, str, str]]:
        return [
            *super()._placeholder_secrets(),
            ("INTAKE_DATA_KEYS", self.data_keys.get_secret_value(), DEV_DATA_KEYS),
            ("INTAKE_RECEIPT_PEPPER", self.receipt_pepper.get_secret_value(), DEV_RECEIPT_PEPPER),
        ]
