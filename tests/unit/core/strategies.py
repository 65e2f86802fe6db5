"""Shared hypothesis strategies for the core rule tests."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

# Zones with unusual rules: DST gaps/folds at odd hours, 30-minute DST, a skipped day,
# date-line zones, negative DST, half-hour and 45-minute offsets.
TRICKY_ZONES = (
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Europe/Dublin",
    "Africa/Casablanca",
    "America/Santiago",
    "Asia/Tehran",
    "Antarctica/Troll",
)

zones = st.one_of(st.sampled_from(TRICKY_ZONES).map(ZoneInfo), st.timezones())

instants = st.datetimes(
    min_value=datetime(2005, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)

push_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59]))
