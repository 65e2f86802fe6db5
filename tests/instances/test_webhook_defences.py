"""The webhook of a real `studybot run --webhook` process, attacked directly over HTTP.

Requests without the right X-Telegram-Bot-Api-Secret-Token are refused (403) and change
nothing; oversized, malformed or non-update bodies are refused (4xx) and the process keeps
serving: a valid update sent afterwards is still answered. SQLite: no server needed.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.db.migrate import upgrade_to_head
from bot.sandbox.emulator import BotApiEmulator
from tests.instances.instance_cluster import SECRET, TOKEN, Cluster, Instance, query

QUIET_SECONDS = 2.0  # how long a refused update is given to (wrongly) produce a reply


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[Cluster, Instance]]:
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    url = f"sqlite:///{tmp_path / 'webhook.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, url)
    cluster = Cluster(emulator, url, tmp_path)
    try:
        instance = await cluster.start_instance("hook", proxied=False)
        yield cluster, instance
    finally:
        try:
            await cluster.stop_all()
        finally:
            await emulator.stop()


def start_update(update_id: int, user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}", "language_code": "zh-hans"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
            "from": user,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def headers(secret: str | None = SECRET, content_type: str = "application/json") -> dict[str, str]:
    result = {"Content-Type": content_type}
    if secret is not None:
        result["X-Telegram-Bot-Api-Secret-Token"] = secret
    return result


def chat_rows(url: str) -> int:
    return int(query(url, "SELECT count(*) FROM chats")[0][0])


async def test_requests_without_the_right_secret_are_refused_and_not_processed(
    served: tuple[Cluster, Instance],
) -> None:
    cluster, instance = served
    emulator = cluster.emulator
    refused_users = [9001, 9002, 9003, 9004]
    for user in [*refused_users, 9100]:
        emulator.add_user(user, f"U{user}")
    before = chat_rows(cluster.database_url)
    attempts = [
        ("no secret", headers(secret=None)),
        ("wrong secret", headers(secret="not-the-secret")),
        ("secret with one more character", headers(secret=SECRET + "x")),
        ("empty secret", headers(secret="")),
    ]
    statuses = {}
    async with httpx.AsyncClient(timeout=10) as client:
        for (label, hdrs), user in zip(attempts, refused_users, strict=True):
            answer = await client.post(
                instance.hook_url, content=json.dumps(start_update(user, user)), headers=hdrs
            )
            statuses[label] = answer.status_code
        await asyncio.sleep(QUIET_SECONDS)
        replies_to_refused = [
            m for m in emulator.sent_messages() if m["chat"]["id"] in refused_users
        ]
        after_refused = chat_rows(cluster.database_url)

        # The control: the same update with the right secret is processed.
        ok = await client.post(
            instance.hook_url, content=json.dumps(start_update(9100, 9100)), headers=headers()
        )
        reply = await emulator.wait_for_message(9100, timeout=15)
        after_valid = chat_rows(cluster.database_url)
    print(
        f"\nrefused: {statuses}; replies to refused users after {QUIET_SECONDS}s: "
        f"{len(replies_to_refused)}; chat rows {before} -> {after_refused} (refused) -> "
        f"{after_valid} (valid, answered {ok.status_code}, "
        f"reply {reply['text'][:30]!r})"
    )
    assert set(statuses.values()) == {403}, statuses
    assert replies_to_refused == []
    assert after_refused == before
    assert ok.status_code == 200 and after_valid == before + 1
    assert instance.alive()


async def test_oversized_and_malformed_bodies_are_refused_and_the_bot_keeps_serving(
    served: tuple[Cluster, Instance],
) -> None:
    cluster, instance = served
    emulator = cluster.emulator
    emulator.add_user(9200, "U9200")
    big = json.dumps({**start_update(500, 9201), "padding": "x" * (2 * 1024 * 1024)}).encode()
    bodies: list[tuple[str, bytes, dict[str, str]]] = [
        ("2 MB update with the secret", big, headers()),
        ("2 MB without the secret", big, headers(secret=None)),
        ("invalid JSON", b'{"update_id": 1, "message": ', headers()),
        ("not UTF-8", b'{"update_id": 1, "x": "\xff\xfe"}', headers()),
        ("nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000, headers()),
        ("a JSON array", b"[1, 2, 3]", headers()),
        ("a JSON string", b'"update"', headers()),
        ("null", b"null", headers()),
        ("no update_id", b'{"message": {"text": "hi"}}', headers()),
        ("update_id not an integer", b'{"update_id": "7"}', headers()),
        (
            "a message missing its fields",
            b'{"update_id": 8, "message": {"text": "/start"}}',
            headers(),
        ),
        (
            "a text/plain body",
            json.dumps(start_update(9, 9202)).encode(),
            headers(content_type="text/plain"),
        ),
    ]
    before = chat_rows(cluster.database_url)
    outcomes: dict[str, str] = {}
    async with httpx.AsyncClient(timeout=10) as client:
        for label, body, hdrs in bodies:
            outcomes[label] = await _post(client, instance.hook_url, body, hdrs)
        # No Content-Length: the limit must hold while the body is read.
        outcomes["2 MB chunked"] = await _post(client, instance.hook_url, _chunks(big), headers())
        # A client that waits for the answer after its headers sees why it was refused.
        outcomes["headers announcing 2 MB"] = await _announce(instance.port, len(big))
        await asyncio.sleep(QUIET_SECONDS)
        alive_after_attacks = instance.alive()
        after_attacks = chat_rows(cluster.database_url)
        sent_after_attacks = len(emulator.sent_messages())
        ok = await client.post(
            instance.hook_url, content=json.dumps(start_update(600, 9200)), headers=headers()
        )
        reply = await emulator.wait_for_message(9200, timeout=15)
    print(
        f"\noutcomes: {outcomes}; alive {alive_after_attacks}; "
        f"chat rows {before} -> {after_attacks}; bot messages after the attacks "
        f"{sent_after_attacks}; then a valid update: {ok.status_code}, "
        f"reply {reply['text'][:30]!r}"
    )
    refused = {
        label: o
        for label, o in outcomes.items()
        if not (o.startswith("4") or o.startswith("closed"))
    }
    assert refused == {}, f"accepted or 5xx: {refused}"
    assert outcomes["headers announcing 2 MB"] == "400"  # refused from its Content-Length, unread
    assert outcomes["a text/plain body"] == "403"
    assert alive_after_attacks and after_attacks == before and sent_after_attacks == 0
    assert ok.status_code == 200
    log = instance.log_path.read_text(errors="replace")
    assert "x" * 1000 not in log, "a refused body was written to the log"


async def _post(client: httpx.AsyncClient, url: str, body: Any, hdrs: dict[str, str]) -> str:
    """The status code, or "closed" when the server hung up (as it may on a refused body)."""
    try:
        return str((await client.post(url, content=body, headers=hdrs)).status_code)
    except httpx.TransportError as error:
        return f"closed ({type(error).__name__})"


async def _announce(port: int, length: int) -> str:
    """Sends only the headers of a `length`-byte update; the status line of the answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            (
                f"POST /hook HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: application/json\r\n"
                f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {length}\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=5)
    except TimeoutError:
        return "no answer in 5 s (waiting for the body)"
    finally:
        writer.close()
    parts = status_line.decode(errors="replace").split()
    return parts[1] if len(parts) > 1 else f"no answer ({status_line!r})"


async def _chunks(body: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]
