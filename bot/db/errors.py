"""Errors raised by the database layer."""

from __future__ import annotations


class RecordNotFound(LookupError):
    """The row a repository function was asked to change does not exist."""


class InvalidRecord(ValueError):
    """A value the database would refuse (checked before writing, so nothing changes)."""
