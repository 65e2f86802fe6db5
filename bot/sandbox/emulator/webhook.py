"""Webhook mode: Bot API methods setWebhook/deleteWebhook/getWebhookInfo/getUpdates, and the
delivery task that POSTs queued updates to the webhook URL with the secret header."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .context import Context, Handler, WebhookState
from .errors import bad_request, conflict
from .updates import UpdateQueue

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def get_updates(ctx: Context, p: dict[str, Any]) -> list[dict[str, Any]]:
    if ctx.webhook.url:
        raise conflict(
            "can't use getUpdates method while webhook is active; use deleteWebhook to delete "
            "the webhook first"
        )
    ctx.queue.set_allowed(p.get("allowed_updates"))
    limit = min(max(p.get("limit", 100), 1), 100)
    return await ctx.queue.get_updates(p.get("offset"), limit, float(p.get("timeout", 0)))


async def set_webhook(ctx: Context, p: dict[str, Any]) -> bool:
    url = p["url"]
    if url:
        parts = urlsplit(url)
        if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOOPBACK):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if p.get("drop_pending_updates"):
        ctx.queue.drop_all()
    ctx.queue.set_allowed(p.get("allowed_updates"))
    ctx.webhook.url = url
    ctx.webhook.secret_token = p.get("secret_token")
    ctx.webhook.max_connections = p.get("max_connections", 40)
    await ctx.on_webhook_change()
    return True


async def delete_webhook(ctx: Context, p: dict[str, Any]) -> bool:
    if p.get("drop_pending_updates"):
        ctx.queue.drop_all()
    ctx.webhook.url = ""
    ctx.webhook.secret_token = None
    await ctx.on_webhook_change()
    return True


async def get_webhook_info(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    hook = ctx.webhook
    info: dict[str, Any] = {
        "url": hook.url,
        "has_custom_certificate": False,
        "pending_update_count": len(ctx.queue.pending),
    }
    if hook.url:
        info["max_connections"] = hook.max_connections
    if hook.last_error_date is not None:
        info["last_error_date"] = hook.last_error_date
        info["last_error_message"] = hook.last_error_message
    if ctx.queue.allowed:
        info["allowed_updates"] = sorted(ctx.queue.allowed)
    return info


HANDLERS: Mapping[str, Handler] = MappingProxyType(
    {
        "getUpdates": get_updates,
        "setWebhook": set_webhook,
        "deleteWebhook": delete_webhook,
        "getWebhookInfo": get_webhook_info,
    }
)


class WebhookDeliverer:
    """POSTs pending updates, in order, one at a time; retries a failed one after a pause."""

    def __init__(self, queue: UpdateQueue, state: WebhookState, retry_delay: float = 0.5) -> None:
        self.queue = queue
        self.state = state
        self.retry_delay = retry_delay
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None

    def poke(self) -> None:
        self._wake.set()

    async def sync(self) -> None:
        """Start or stop delivering to match the current webhook URL."""
        if self.state.url and self._task is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
            self._task = asyncio.create_task(self._run())
        elif not self.state.url:
            await self.stop()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        while True:
            if not self.queue.pending:
                self._wake.clear()
                await self._wake.wait()
                continue
            update = self.queue.pending[0]
            if await self._post(update):
                self.queue.pending.remove(update)
            else:
                await asyncio.sleep(self.retry_delay)

    async def _post(self, update: dict[str, Any]) -> bool:
        assert self._session is not None
        headers = {SECRET_HEADER: self.state.secret_token} if self.state.secret_token else {}
        loop = asyncio.get_running_loop()
        try:
            async with self._session.post(self.state.url, json=update, headers=headers) as resp:
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._failed(f"Connection failed: {exc.__class__.__name__}", loop.time())
            return False
        self.state.deliveries.append({"update_id": update["update_id"], "status": status})
        if 200 <= status < 300:
            return True
        self._failed(f"Wrong response from the webhook: {status}", loop.time())
        return False

    def _failed(self, message: str, _now: float) -> None:
        self.state.last_error_date = int(time.time())
        self.state.last_error_message = message
