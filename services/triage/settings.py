from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import SharedSettings

DEV_INDEX_PEPPER = "dev-triage-index-pepper"
DEV_DATA_KEYS = "dev:ZGV2LXRyaWFnZS1kYXRhLWtleS1kby1ub3QtdXNlLWluLXByb2R1Y3Rpb24="


class TriageSettings(SharedSettings):
    model_config = SettingsConfigDict(env_prefix="TRIAGE_", extra="ignore", populate_by_name=True)

    service_name: str = "triage"
    port: int = 8001
    # The unredacted original stays sealed here with triage's own key.
    data_keys: SecretStr = SecretStr(DEV_DATA_KEYS)
    # Keys the look-up hashes of subject keys and duplicate bands: equal inputs still match,
    # but the database alone reveals no officer's name. Separate from the data keys, so
    # rotating those does not break linking.
    index_pepper: SecretStr = SecretStr(DEV_INDEX_PEPPER)
    # Below this overall confidence a result waits for an analyst instead of flowing on.
    # 0.6 sends about 7% of the development corpus to analysts.
    review_threshold: float = Field(0.6, ge=0.0, le=1.0)
    # Reports about one subject at which the package is flagged and its priority raised.
    repeat_subject_threshold: int = Field(3, ge=2)

    def _placeholder_secrets(self) -> list[tuple[str, str, str]]:
        return [
            *super()._placeholder_secrets(),
            ("TRIAGE_DATA_KEYS", self.data_keys.get_secret_value(), DEV_DATA_KEYS),
            ("TRIAGE_INDEX_PEPPER", self.index_pepper.get_secret_value(), DEV_INDEX_PEPPER),
        ]
