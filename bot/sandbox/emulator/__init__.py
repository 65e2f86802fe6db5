"""A local Telegram Bot API emulator for the sandbox, end-to-end, benchmark and fault tests."""

from .errors import BotApiError
from .faults import FaultPlan
from .limits import FloodLimits
from .records import Counters, RecordedRequest
from .server import BotApiEmulator
from .world import EmulatorUsageError

__all__ = [
    "BotApiEmulator",
    "BotApiError",
    "Counters",
    "EmulatorUsageError",
    "FaultPlan",
    "FloodLimits",
    "RecordedRequest",
]
