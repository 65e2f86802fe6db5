"""Request body parsing: JSON, urlencoded and multipart, as Telegram accepts them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import bad_request


@dataclass(frozen=True)
class UploadedFile:
    """A file uploaded with multipart/form-data."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters (query string merged with body) and uploaded files of ``request``."""
    params: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    ctype = request.content_type
    if not request.can_read_body:
        return params, files
    if ctype == "application/json":
        params.update(await _read_json(request))
    elif ctype == "multipart/form-data":
        await _read_multipart(request, params, files)
    else:
        params.update(dict(await request.post()))
    return params, files


async def _read_json(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise bad_request("can't parse JSON request body") from exc
    if not isinstance(value, dict):
        raise bad_request("JSON request body must be an object")
    return value


async def _read_multipart(
    request: web.Request, params: dict[str, Any], files: dict[str, UploadedFile]
) -> None:
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = await part.read()
        if part.filename is not None:
            ctype = part.headers.get("Content-Type")
            files[part.name] = UploadedFile(part.name, part.filename, ctype, bytes(data))
        else:
            params[part.name] = bytes(data).decode("utf-8", errors="replace")
