from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import SharedSettings


class ForceSimSettings(SharedSettings):
    model_config = SettingsConfigDict(env_prefix="FORCESIM_", extra="ignore", populate_by_name=True)

    service_name: str = "forcesim"
    port: int = 8003
    dispatch_url: str = "http://127.0.0.1:8002"
    # The address dispatch should deliver to; defaults to this simulator's own.
    public_url: str = ""
    # Onboard forces with dispatch at start-up ("all", or codes separated by commas).
    onboard: str = "all"
    # Acknowledge every delivery with outcome "received", as a force's system would.
    auto_acknowledge: bool = True

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://127.0.0.1:{self.port}"
