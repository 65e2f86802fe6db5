"""How many sends the push sender keeps in flight, by send rate."""

from __future__ import annotations

from bot.app import Tuning
from bot.delivery.sender import default_concurrency
from bot.settings import load_settings


def test_telegram_rate_keeps_64_in_flight_and_no_limit_allows_a_paid_broadcast() -> None:
    assert default_concurrency(30) == 64
    assert default_concurrency(15) == 64
    assert default_concurrency(0) == 256  # no limit: 1,000 a second needs ≥ 50 at 50 ms
    assert default_concurrency(1000) == 250
    assert default_concurrency(2000) == 500


def test_tuning_derives_the_concurrency_unless_it_is_given() -> None:
    assert Tuning(overall_rate=30).sender_concurrency == 64
    assert Tuning(overall_rate=0).sender_concurrency == 256
    assert Tuning(overall_rate=0, sender_concurrency=8).sender_concurrency == 8


def test_settings_leave_it_to_the_rate_or_take_it_from_the_environment() -> None:
    base = {"_env_file": None, "telegram_bot_token": "123:abc"}
    derived = Tuning.from_settings(load_settings(**base, studybot_send_rate=0))
    assert derived.sender_concurrency == 256
    given = load_settings(**base, studybot_send_rate=0, studybot_sender_concurrency=32)
    assert Tuning.from_settings(given).sender_concurrency == 32
