"""Prints what happens in the emulator as a chat transcript, numbering buttons and poll options."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.emulator import BotApiEmulator

_TAGS = re.compile(r"</?(b|i|u|s|code|pre|a)(\s[^>]*)?>")


def plain(html: str) -> str:
    """Telegram HTML as a terminal shows it."""
    text = _TAGS.sub("", html)
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


@dataclass
class Transcript:
    """Follows the bot's outgoing messages; `flush()` prints the ones not shown yet."""

    emulator: BotApiEmulator
    chat_names: dict[int, str]
    write: Callable[[str], None] = print
    shown: int = 0
    last_buttons: list[tuple[int, int, str]] = field(default_factory=list)  # chat, message, data
    last_poll: tuple[str, int] | None = None  # poll id, option count

    def say(self, chat_id: int, who: str, text: str) -> None:
        self.write(f"[{self._chat(chat_id)}] {who}: {text}")

    def note(self, text: str) -> None:
        self.write(f"\n── {text} ──")

    def flush(self) -> None:
        messages = self.emulator.sent_messages()
        for message in messages[self.shown :]:
            self._print(message)
        self.shown = len(messages)

    def _chat(self, chat_id: int) -> str:
        return self.chat_names.get(chat_id, str(chat_id))

    def _print(self, message: dict[str, Any]) -> None:
        chat_id = message["chat"]["id"]
        if "poll" in message:
            self._print_poll(chat_id, message["poll"])
        elif "photo" in message:
            self.say(chat_id, "bot", "[picture] " + plain(message.get("caption", "")))
        elif "document" in message:
            self.say(chat_id, "bot", f"[file {message['document'].get('file_name', '')}]")
        else:
            self.say(chat_id, "bot", plain(message.get("text", "")))
        self._print_buttons(chat_id, message)

    def _print_poll(self, chat_id: int, poll: dict[str, Any]) -> None:
        options = "  ".join(f"({n}) {o['text']}" for n, o in enumerate(poll["options"], 1))
        self.say(chat_id, "bot", f"[quiz] {poll['question']}\n      {options}")
        self.last_poll = (poll["id"], len(poll["options"]))

    def _print_buttons(self, chat_id: int, message: dict[str, Any]) -> None:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = [b for row in rows for b in row if "callback_data" in b]
        if not buttons:
            return
        self.last_buttons = [(chat_id, message["message_id"], b["callback_data"]) for b in buttons]
        self.write("      " + "  ".join(f"[{n}] {b['text']}" for n, b in enumerate(buttons, 1)))
