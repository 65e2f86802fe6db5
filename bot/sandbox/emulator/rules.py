"""Telegram's limits that api.json states only in prose ("1-4096 characters", "1-64 bytes").

Ranges are read from the specification's descriptions where it states them, so a newer
spec changes the limits without code changes; the fallbacks are Bot API 10.0's values.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from .apispec import ApiSpec
from .errors import ValidationError
from .formatting import parse_text, utf16_len

MethodRule = Callable[[dict[str, Any]], None]
_RANGE_RE = re.compile(r"(\d+)-(\d+)")
_COMMAND_RE = re.compile(r"^[a-z0-9_]+$")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_NON_ACTION_BUTTON_FIELDS = frozenset({"text", "icon_custom_emoji_id", "style"})
_MAX_KEYBOARD_BUTTONS = 100


def _range(spec_desc: str | None, fallback: tuple[int, int]) -> tuple[int, int]:
    match = _RANGE_RE.search(spec_desc or "")
    return (int(match.group(1)), int(match.group(2))) if match else fallback


class Rules:
    """Per-method and per-type rules, parametrised by the loaded specification."""

    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec
        self.text_range = self._method_range("sendMessage", "text", (1, 4096))
        self.caption_range = self._method_range("sendPhoto", "caption", (0, 1024))
        self.question_range = self._method_range("sendPoll", "question", (1, 300))
        self.options_range = self._method_range("sendPoll", "options", (1, 12))
        self.explanation_range = self._method_range("sendPoll", "explanation", (0, 200))
        self.open_period_range = self._method_range("sendPoll", "open_period", (5, 2628000))
        self.callback_text_range = self._method_range("answerCallbackQuery", "text", (0, 200))
        self.option_text_range = self._type_range("InputPollOption", "text", (1, 100))
        self.callback_data_range = self._type_range(
            "InlineKeyboardButton", "callback_data", (1, 64)
        )
        self.command_range = self._type_range("BotCommand", "command", (1, 32))
        self.description_range = self._type_range("BotCommand", "description", (1, 256))
        button = spec.types.get("InlineKeyboardButton")
        self.button_actions = (
            frozenset(button.fields) - _NON_ACTION_BUTTON_FIELDS if button else frozenset()
        )

    def _method_range(self, method: str, field: str, fallback: tuple[int, int]) -> tuple[int, int]:
        m = self.spec.methods.get(method)
        f = m.fields.get(field) if m else None
        return _range(f.description if f else None, fallback)

    def _type_range(self, type_name: str, field: str, fallback: tuple[int, int]) -> tuple[int, int]:
        t = self.spec.types.get(type_name)
        f = t.fields.get(field) if t else None
        return _range(f.description if f else None, fallback)

    # -- registries ---------------------------------------------------------------------
    def object_rules(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        return {
            "InlineKeyboardButton": self.check_button,
            "InlineKeyboardMarkup": self.check_keyboard,
            "InputPollOption": self.check_poll_option,
            "BotCommand": self.check_command,
        }

    def method_rules(self) -> dict[str, MethodRule]:
        return {
            "sendMessage": self.check_message_text,
            "editMessageText": self.check_edit_text,
            "editMessageReplyMarkup": self.check_message_ref,
            "editMessageCaption": self.check_message_ref,
            "stopPoll": self.check_message_ref,
            "sendPhoto": self.check_caption,
            "sendDocument": self.check_caption,
            "sendPoll": self.check_poll,
            "answerCallbackQuery": self.check_callback_answer,
            "setMyCommands": self.check_commands,
            "sendChatAction": self.check_chat_action,
        }

    # -- types ----------------------------------------------------------------------------
    def check_button(self, button: dict[str, Any]) -> None:
        actions = [k for k in button if k in self.button_actions]
        if not actions:
            raise ValidationError(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline "
                "keyboard"
            )
        if len(actions) > 1:
            raise ValidationError(
                "can't parse inline keyboard button: exactly one of the optional fields "
                f"must be used, got {', '.join(actions)}"
            )
        if "callback_data" in button:
            lo, hi = self.callback_data_range
            if not lo <= len(button["callback_data"].encode("utf-8")) <= hi:
                raise ValidationError("BUTTON_DATA_INVALID")
        if "url" in button and not button["url"]:
            raise ValidationError("BUTTON_URL_INVALID")

    def check_keyboard(self, markup: dict[str, Any]) -> None:
        count = sum(len(row) for row in markup["inline_keyboard"])
        if count > _MAX_KEYBOARD_BUTTONS:
            raise ValidationError("reply markup is too long")

    def check_poll_option(self, option: dict[str, Any]) -> None:
        text, _ = parse_text(option["text"], option.get("text_parse_mode"))
        lo, hi = self.option_text_range
        if utf16_len(text.strip()) < lo:
            raise ValidationError("poll options must be non-empty")
        if utf16_len(text) > hi:
            raise ValidationError(f"poll options length must not exceed {hi}")

    def check_command(self, command: dict[str, Any]) -> None:
        lo, hi = self.command_range
        name = command["command"]
        if not (lo <= len(name) <= hi and _COMMAND_RE.match(name)):
            raise ValidationError("BOT_COMMAND_INVALID")
        lo, hi = self.description_range
        if not lo <= len(command["description"].strip()) <= hi:
            raise ValidationError("BOT_COMMAND_DESCRIPTION_INVALID")

    # -- methods --------------------------------------------------------------------------
    def check_message_text(self, params: dict[str, Any]) -> None:
        text, _ = parse_text(params["text"], params.get("parse_mode"))
        lo, hi = self.text_range
        if utf16_len(text.strip()) < lo:
            raise ValidationError("message text is empty")
        if utf16_len(text) > hi:
            raise ValidationError("message is too long")

    def check_edit_text(self, params: dict[str, Any]) -> None:
        self.check_message_ref(params)
        self.check_message_text(params)

    def check_message_ref(self, params: dict[str, Any]) -> None:
        has_chat_ref = "chat_id" in params and "message_id" in params
        if not has_chat_ref and "inline_message_id" not in params:
            raise ValidationError("message identifier is not specified")

    def check_caption(self, params: dict[str, Any]) -> None:
        if "caption" not in params:
            return
        text, _ = parse_text(params["caption"], params.get("parse_mode"))
        if utf16_len(text) > self.caption_range[1]:
            raise ValidationError("message caption is too long")

    def check_poll(self, params: dict[str, Any]) -> None:
        self._check_question(params)
        self._check_options_count(params["options"])
        poll_type = params.get("type", "regular")
        if poll_type not in ("regular", "quiz"):
            raise ValidationError("wrong poll type specified")
        if poll_type == "quiz":
            self._check_quiz(params)
        self._check_explanation(params)
        self._check_period(params)
        if params.get("allow_adding_options") and (
            poll_type == "quiz" or params.get("is_anonymous", True)
        ):
            raise ValidationError("adding options is not supported for anonymous polls and quizzes")

    def _check_question(self, params: dict[str, Any]) -> None:
        text, _ = parse_text(params["question"], params.get("question_parse_mode"))
        lo, hi = self.question_range
        if utf16_len(text.strip()) < lo:
            raise ValidationError("poll question must be non-empty")
        if utf16_len(text) > hi:
            raise ValidationError(f"poll question length must not exceed {hi}")

    def _check_options_count(self, options: list[Any]) -> None:
        lo, hi = self.options_range
        if len(options) < lo:
            raise ValidationError(f"poll must have at least {lo} option")
        if len(options) > hi:
            raise ValidationError(f"poll can't have more than {hi} options")

    def _check_quiz(self, params: dict[str, Any]) -> None:
        ids = params.get("correct_option_ids")
        if not ids:
            raise ValidationError("quiz poll must have correct_option_ids specified")
        count = len(params["options"])
        increasing = all(a < b for a, b in itertools.pairwise(ids))
        if not increasing or ids[0] < 0 or ids[-1] >= count:
            raise ValidationError("wrong correct option ID specified")
        if len(ids) > 1 and not params.get("allows_multiple_answers"):
            raise ValidationError("several correct options need allows_multiple_answers")

    def _check_explanation(self, params: dict[str, Any]) -> None:
        if "explanation" not in params:
            return
        text, _ = parse_text(params["explanation"], params.get("explanation_parse_mode"))
        if utf16_len(text) > self.explanation_range[1]:
            raise ValidationError(
                f"poll explanation length must not exceed {self.explanation_range[1]}"
            )
        if text.count("\n") > 2:
            raise ValidationError("poll explanation can't contain more than 2 line feeds")

    def _check_period(self, params: dict[str, Any]) -> None:
        if "open_period" in params and "close_date" in params:
            raise ValidationError("open_period and close_date can't be used together")
        if "open_period" in params:
            lo, hi = self.open_period_range
            if not lo <= params["open_period"] <= hi:
                raise ValidationError(f"open_period must be between {lo} and {hi} seconds")

    def check_callback_answer(self, params: dict[str, Any]) -> None:
        if utf16_len(params.get("text", "")) > self.callback_text_range[1]:
            raise ValidationError("MESSAGE_TOO_LONG")

    def check_commands(self, params: dict[str, Any]) -> None:
        if len(params["commands"]) > 100:
            raise ValidationError("BOT_COMMANDS_TOO_MUCH")

    def check_chat_action(self, params: dict[str, Any]) -> None:
        if params["action"] not in _CHAT_ACTIONS:
            raise ValidationError("wrong parameter action in request")
