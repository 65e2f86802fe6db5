"""Entity parsing for ``parse_mode`` (HTML, MarkdownV2, Markdown), like Telegram does it.

``parse_text`` returns the plain text and the MessageEntity list; malformed markup raises
``ValidationError("can't parse entities: ...")`` with Telegram's wording.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import ValidationError

_HTML_TAGS: Mapping[str, str] = MappingProxyType(
    {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "u": "underline",
        "ins": "underline",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "span": "spoiler",
        "tg-spoiler": "spoiler",
        "a": "text_link",
        "code": "code",
        "pre": "pre",
        "blockquote": "blockquote",
        "tg-emoji": "custom_emoji",
        "tg-time": "date_time",
    }
)
_ATTR_RE = re.compile(r'([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\']+)))?')
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts entities and limits in."""
    return len(text.encode("utf-16-le")) // 2


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of ``text`` formatted with ``parse_mode``."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return _HtmlParser(text).parse()
    if mode == "markdownv2":
        return _MarkdownParser(text, v2=True).parse()
    if mode == "markdown":
        return _MarkdownParser(text, v2=False).parse()
    raise ValidationError(f"unsupported parse_mode {parse_mode!r}")


def _cant_parse(detail: str) -> ValidationError:
    return ValidationError(f"can't parse entities: {detail}")


@dataclass
class _Open:
    tag: str
    start: int  # utf-16 offset in the output
    attrs: dict[str, str] = field(default_factory=dict)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.length += utf16_len(chunk)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.length > start:
            self.entities.append({"type": kind, "offset": start, "length": self.length - start})
            self.entities[-1].update({k: v for k, v in extra.items() if v is not None})

    def result(self) -> tuple[str, list[dict[str, Any]]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


class _HtmlParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = _Builder()
        self.stack: list[_Open] = []

    def byte_offset(self, pos: int) -> int:
        return len(self.text[:pos].encode("utf-8"))

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        pos = 0
        while pos < len(self.text):
            lt = self.text.find("<", pos)
            if lt < 0:
                self.out.add(html.unescape(self.text[pos:]))
                break
            self.out.add(html.unescape(self.text[pos:lt]))
            pos = self._tag(lt)
        if self.stack:
            raise _cant_parse(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        return self.out.result()

    def _tag(self, lt: int) -> int:
        gt = self.text.find(">", lt)
        if gt < 0:
            raise _cant_parse(f"Unclosed start tag at byte offset {self.byte_offset(lt)}")
        body = self.text[lt + 1 : gt].strip()
        if body.startswith("/"):
            self._end(body[1:].strip().lower(), lt)
        else:
            self._start(body, lt)
        return gt + 1

    def _start(self, body: str, lt: int) -> None:
        name, _, rest = body.partition(" ")
        name = name.lower().rstrip("/")
        if name not in _HTML_TAGS:
            raise _cant_parse(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(lt)}'
            )
        attrs = {
            m.group(1).lower(): next((g for g in m.groups()[1:] if g), "")
            for m in _ATTR_RE.finditer(rest)
        }
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _cant_parse(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(lt)}'
            )
        self.stack.append(_Open(name, self.out.length, attrs))

    def _end(self, name: str, lt: int) -> None:
        if not self.stack:
            raise _cant_parse(f"Unexpected end tag at byte offset {self.byte_offset(lt)}")
        top = self.stack[-1]
        if name != top.tag:
            raise _cant_parse(
                f"Unmatched end tag at byte offset {self.byte_offset(lt)}, "
                f'expected "</{top.tag}>", found "</{name}>"'
            )
        self.stack.pop()
        kind = _HTML_TAGS[name]
        if name == "a":
            self.out.entity(kind, top.start, url=top.attrs.get("href"))
        elif name == "blockquote" and "expandable" in top.attrs:
            self.out.entity("expandable_blockquote", top.start)
        elif name == "tg-emoji":
            self.out.entity(kind, top.start, custom_emoji_id=top.attrs.get("emoji-id"))
        else:
            self.out.entity(kind, top.start)


_MD_MARKERS_V2: Mapping[str, str] = MappingProxyType(
    {
        "*": "bold",
        "_": "italic",
        "__": "underline",
        "~": "strikethrough",
        "||": "spoiler",
    }
)
_MD_MARKERS_V1: Mapping[str, str] = MappingProxyType({"*": "bold", "_": "italic"})


class _MarkdownParser:
    def __init__(self, text: str, *, v2: bool) -> None:
        self.text = text
        self.v2 = v2
        self.out = _Builder()
        self.stack: list[_Open] = []
        self.markers = _MD_MARKERS_V2 if v2 else _MD_MARKERS_V1

    def byte_offset(self, pos: int) -> int:
        return len(self.text[:pos].encode("utf-8"))

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        pos = 0
        while pos < len(self.text):
            pos = self._step(pos)
        if self.stack:
            top = self.stack[-1]
            raise _cant_parse(
                f"Can't find end of {self.markers.get(top.tag, 'the')} entity starting at "
                f"byte offset {top.attrs['byte']}"
            )
        return self.out.result()

    def _step(self, pos: int) -> int:
        text = self.text
        ch = text[pos]
        if ch == "\\" and self.v2 and pos + 1 < len(text):
            self.out.add(text[pos + 1])
            return pos + 2
        if text.startswith("```", pos):
            return self._code(pos, "```", "pre")
        if ch == "`":
            return self._code(pos, "`", "code")
        two = text[pos : pos + 2]
        if self.v2 and two in ("__", "||"):
            return self._toggle(two, pos)
        if ch in self.markers:
            return self._toggle(ch, pos)
        if ch == "[":
            self.stack.append(_Open("[", self.out.length, {"byte": str(self.byte_offset(pos))}))
            return pos + 1
        if ch == "]" and self.stack and self.stack[-1].tag == "[":
            return self._link_end(pos)
        if self.v2 and ch in _MDV2_RESERVED:
            raise _cant_parse(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            )
        self.out.add(ch)
        return pos + 1

    def _toggle(self, marker: str, pos: int) -> int:
        if self.stack and self.stack[-1].tag == marker:
            top = self.stack.pop()
            self.out.entity(self.markers[marker], top.start)
        else:
            self.stack.append(_Open(marker, self.out.length, {"byte": str(self.byte_offset(pos))}))
        return pos + len(marker)

    def _code(self, pos: int, fence: str, kind: str) -> int:
        end = self.text.find(fence, pos + len(fence))
        if end < 0:
            raise _cant_parse(
                f"Can't find end of {kind} entity at byte offset {self.byte_offset(pos)}"
            )
        inner = self.text[pos + len(fence) : end]
        if self.v2:
            inner = re.sub(r"\\([\\`])", r"\1", inner)
        start = self.out.length
        self.out.add(inner)
        self.out.entity(kind, start)
        return end + len(fence)

    def _link_end(self, pos: int) -> int:
        top = self.stack.pop()
        if not self.text.startswith("(", pos + 1):
            if self.v2:
                raise _cant_parse(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
            self.out.add("]")
            return pos + 1
        close = self.text.find(")", pos + 2)
        if close < 0:
            raise _cant_parse(f"Can't find end of a URL at byte offset {self.byte_offset(pos)}")
        self.out.entity("text_link", top.start, url=self.text[pos + 2 : close])
        return close + 1
