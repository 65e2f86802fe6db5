"""Errors raised by the pure rules in :mod:`bot.core`.

Every error is a :class:`ValueError` subclass with a message fit to show a user (English)
and a machine-readable ``code`` so the handlers can render it in any language.
"""

from __future__ import annotations


class CoreError(ValueError):
    """Base class: bad input rejected by a core rule. ``code`` is stable and machine-readable."""

    code: str = "invalid_input"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidTimezone(CoreError):
    """The text is not a known IANA time zone (e.g. ``Asia/Shanghai``)."""

    code = "invalid_timezone"

    def __init__(self, message: str, *, name: str) -> None:
        super().__init__(message)
        self.name = name


class InvalidPushTime(CoreError):
    """The text is not a clock time of the day such as ``07:30``."""

    code = "invalid_push_time"

    def __init__(self, message: str, *, text: str) -> None:
        super().__init__(message)
        self.text = text


class InvalidText(CoreError):
    """User text rejected; ``code`` is one of too_long, too_short, control_chars, bad_unicode."""

    code = "invalid_text"

    def __init__(self, message: str, *, code: str, min_chars: int, max_chars: int) -> None:
        super().__init__(message, code=code)
        self.min_chars = min_chars
        self.max_chars = max_chars


class NaiveDatetime(CoreError):
    """A datetime without a time zone was given where an instant is required."""

    code = "naive_datetime"


class InvalidRequirement(CoreError):
    """A study requirement that could never, or always trivially, be met."""

    code = "invalid_requirement"
