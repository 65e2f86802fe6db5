"""Runtime settings, read from the environment and an optional `.env` file."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
_TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line, fit for the terminal."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr
    telegram_api_base_url: str = TELEGRAM_API_BASE_URL
    database_url: str | None = None
    studybot_admins: Annotated[tuple[int, ...], NoDecode] = ()
    studybot_default_tz: str = "Asia/Shanghai"
    studybot_default_push_time: str = "08:00"
    studybot_content_dir: str | None = None
    studybot_webhook_secret: SecretStr | None = None
    studybot_quiz_length: int = Field(default=3, ge=1, le=10)
    studybot_group_open_period: int = Field(default=60, ge=5, le=600)
    # Delivery (docs/guarantees.md). The instance name must be unique among the running
    # instances; a stable name (e.g. the host) lets a restarted process take back its own
    # unfinished sends at once instead of waiting for their lease to run out.
    studybot_instance: str | None = Field(default=None, min_length=1, max_length=64)
    studybot_delivery_lease_seconds: float = Field(default=30.0, ge=1.0, le=3600.0)
    studybot_send_rate: float = Field(default=30.0, ge=0.0)  # messages/s overall, 0: no limit
    # sends in flight; unset: as the send rate needs (64 at 30/s, 256 with no limit)
    studybot_sender_concurrency: int | None = Field(default=None, ge=1, le=1024)
    studybot_planner_interval: float = Field(default=60.0, gt=0.0, le=3600.0)
    studybot_request_timeout: float = Field(default=10.0, gt=0.0, le=300.0)  # read/write, s

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN_PATTERN.match(value.get_secret_value().strip()):
            raise ValueError("does not look like a bot token (expected <digits>:<letters>)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("studybot_admins", mode="before")
    @classmethod
    def _admin_list(cls, value: object) -> tuple[int, ...]:
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("must be Telegram user ids separated by commas")
            return tuple(int(p) for p in parts)
        if isinstance(value, list | tuple):
            return tuple(int(v) for v in value)
        raise ValueError("must be Telegram user ids separated by commas")

    @property
    def token(self) -> str:
        return self.telegram_bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with one-line errors instead of pydantic's report."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]).upper() if first["loc"] else "settings"
        if first["type"] == "missing":
            raise SettingsError(f"{field} is not set") from None
        raise SettingsError(f"{field}: {first['msg'].removeprefix('Value error, ')}") from None
