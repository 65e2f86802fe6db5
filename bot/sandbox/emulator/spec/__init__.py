"""Bundled copy of the Telegram Bot API 10.0 specification (api.json, MIT licence)."""
