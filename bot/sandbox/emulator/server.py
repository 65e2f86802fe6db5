"""BotApiEmulator: the aiohttp server that answers python-telegram-bot like Telegram would."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from . import chats, messaging, webhook
from .apispec import ApiSpec
from .body import UploadedFile, read_params
from .context import Context, Handler, WebhookState
from .driving import WorldDriver
from .errors import BotApiError, ValidationError, too_many_requests
from .faults import Fault, FaultPlan
from .limits import FloodLimits, FloodTracker, RetryWindows, is_counted_method
from .records import Counters, RecordedRequest
from .rules import Rules
from .updates import UpdateQueue
from .validation import SpecValidator
from .world import Poll, World


def _handlers() -> dict[str, Handler]:
    return {**messaging.HANDLERS, **chats.HANDLERS, **webhook.HANDLERS}


class BotApiEmulator(WorldDriver):
    """A local Telegram Bot API. Give python-telegram-bot ``base_url=emulator.base_url``."""

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        latency: float = 0.0,
        limits: FloodLimits | None = None,
        faults: FaultPlan | None = None,
        strict: bool = True,
        bot_username: str = "studybot_test_bot",
        bot_first_name: str = "StudyBot",
        privacy_mode: bool = True,
        spec_path: Path | None = None,
    ) -> None:
        self.token = token
        self.latency = latency
        self.faults = faults
        self.strict = strict
        self.privacy_mode = privacy_mode
        self.spec = ApiSpec.load(spec_path)
        rules = Rules(self.spec)
        self._validator = SpecValidator(self.spec, rules.object_rules())
        self._method_rules = rules.method_rules()
        self._handlers = _handlers()
        bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.world = World(bot_user)
        self.world.bot_user_full.update(
            can_join_groups=True,
            can_read_all_group_messages=not privacy_mode,
            supports_inline_queries=False,
        )
        self.queue = UpdateQueue()
        self.webhook_state = WebhookState()
        self._deliverer = webhook.WebhookDeliverer(self.queue, self.webhook_state)
        self.queue.on_push = self._deliverer.poke
        self.ctx = Context(
            self.world,
            self.queue,
            self.webhook_state,
            self._schedule_poll_close,
            self._deliverer.sync,
        )
        self.flood = FloodTracker(limits) if limits is not None else None
        self.retry_windows = RetryWindows()
        self.requests: list[RecordedRequest] = []
        self.violations: list[tuple[str, str]] = []
        self.unimplemented: list[str] = []
        self.counters = Counters()
        self._timers: list[asyncio.TimerHandle] = []
        self._closing: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._host = "127.0.0.1"

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._handle_file)
        self._closing = asyncio.Event()
        self.queue.reopen()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=2048)
        await site.start()
        self._host = host
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._closing is not None:
            self._closing.set()
        self.queue.close()
        for timer in self._timers:
            timer.cancel()
        await self._deliverer.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._host}:{self._port}/file/bot"

    # -- HTTP -------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(BotApiError(401, "Unauthorized").payload(), 401)
        method = self.spec.method_name(request.match_info["method"])
        if method is None:
            return _json(BotApiError(404, "Not Found: method not found").payload(), 404)
        record = RecordedRequest(method, {}, self.world.clock.now())
        self.requests.append(record)
        self.counters.per_method[method] += 1
        try:
            params, files = await read_params(request)
        except BotApiError as err:
            self.violations.append((method, err.description))
            return self._answer(record, err)
        record.params = params
        record.files = {name: f.filename or "" for name, f in files.items()}
        return await self._process(record, params, files)

    async def _process(
        self, record: RecordedRequest, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> web.Response:
        if self.latency:
            await asyncio.sleep(self.latency)  # cheap: no task per request
        flood_wait = self._retry_window_error(record.method, params)
        if flood_wait is not None:
            return self._answer(record, flood_wait)
        fault = self.faults.decide(record.method) if self.faults else None
        if fault is not None and fault.kind != "slow":
            return await self._fault(record, params, files, fault)
        if fault is not None:
            self.counters.slow += 1
            record.fault = "slow"
            await self._sleep(fault.delay)
        return self._answer(record, await self._execute(record, params, files))

    async def _execute(
        self, record: RecordedRequest, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> Any:
        """The method's result, or the BotApiError to answer with."""
        try:
            checked = self._validate(record.method, params, files)
            record.params = checked
            self._check_flood(record.method, checked)
            handler = self._handlers.get(record.method)
            if handler is None:
                self.unimplemented.append(record.method)
                return BotApiError(501, f"Not Implemented: {record.method} is not emulated")
            return await handler(self.ctx, checked)
        except BotApiError as err:
            return err

    def _validate(
        self, method: str, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> dict[str, Any]:
        try:
            checked, soft = self._validator.check(method, params, files)
            rule = self._method_rules.get(method)
            if rule is not None:
                rule(checked)
        except ValidationError as err:
            self.violations.append((method, err.description))
            raise
        if self.strict:
            self.violations.extend((method, text) for text in soft)
        return checked

    def _retry_window_error(self, method: str, params: dict[str, Any]) -> BotApiError | None:
        """A 429 for a message sent while a retry_after window is still open for its chat."""
        if not is_counted_method(method):
            return None
        now = asyncio.get_running_loop().time()
        remaining = self.retry_windows.remaining(_int_or_none(params.get("chat_id")), now)
        if remaining <= 0:
            return None
        self.counters.requests_during_retry_after += 1
        return too_many_requests(max(1, math.ceil(remaining)))

    def _check_flood(self, method: str, params: dict[str, Any]) -> None:
        chat_id = params.get("chat_id")
        key = chat_id if isinstance(chat_id, int) else None
        if self.flood is None or key is None or not is_counted_method(method):
            return
        now = asyncio.get_running_loop().time()
        chat = self.world.chats.get(key)
        verdict = self.flood.check(key, bool(chat and chat.is_group), now)
        if verdict is not None:
            retry_after, scope = verdict
            self.retry_windows.open(key if scope == "chat" else None, retry_after, now)
            raise too_many_requests(retry_after)

    async def _fault(
        self,
        record: RecordedRequest,
        params: dict[str, Any],
        files: dict[str, UploadedFile],
        fault: Fault,
    ) -> web.Response:
        record.fault = fault.kind
        if fault.kind == "429":
            chat_id = params.get("chat_id")
            key = _int_or_none(chat_id) if fault.scope == "chat" else None
            now = asyncio.get_running_loop().time()
            self.retry_windows.open(key, fault.retry_after, now)
            return self._answer(record, too_many_requests(fault.retry_after))
        if fault.kind == "5xx":
            self.counters.sent_5xx += 1
            text = "Internal Server Error" if fault.status == 500 else "Bad Gateway"
            return self._answer(record, BotApiError(fault.status, text))
        self.counters.timeouts += 1
        result: Any = BotApiError(504, "Gateway Timeout")
        if fault.accepted:
            result = await self._execute(record, params, files)
        await self._sleep(fault.delay)
        return self._answer(record, result)

    def _answer(self, record: RecordedRequest, result: Any) -> web.Response:
        if isinstance(result, BotApiError):
            body = result.payload()
            status = result.error_code
            if status == 429:
                self.counters.sent_429 += 1
        else:
            body = {"ok": True, "result": result}
            status = 200
        record.status = status
        record.response = body
        self.counters.status[status] += 1
        return _json(body, status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(BotApiError(401, "Unauthorized").payload(), 401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        stored = self.world.files.get(file_id)
        if stored is None:
            return _json(BotApiError(404, "Not Found").payload(), 404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _sleep(self, seconds: float) -> None:
        assert self._closing is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    # -- polls ------------------------------------------------------------------------------
    def _schedule_poll_close(self, poll_id: str, delay: float) -> None:
        loop = asyncio.get_running_loop()
        self._timers.append(loop.call_later(max(delay, 0.0), self._close_poll, poll_id))

    def _close_poll(self, poll_id: str) -> None:
        poll = self.world.polls.get(poll_id)
        if poll is not None and not poll.is_closed:
            messaging.close_poll(self.ctx, poll)

    # -- observation ------------------------------------------------------------------------
    @property
    def polls(self) -> dict[str, Poll]:
        return self.world.polls

    def sent_messages(
        self, chat_id: int | None = None, *, include_deleted: bool = False
    ) -> list[dict[str, Any]]:
        """Messages the bot sent (current state, edits applied), oldest first."""
        deleted = self.world.deleted
        return [
            m
            for m in self.world.sent
            if (chat_id is None or m["chat"]["id"] == chat_id)
            and (include_deleted or (m["chat"]["id"], m["message_id"]) not in deleted)
        ]

    def callback_answer(self, callback_query_id: str) -> dict[str, Any] | None:
        """The bot's answerCallbackQuery parameters for that query, if it answered."""
        query = self.world.callback_queries.get(callback_query_id)
        return query.answer if query else None

    def file_bytes(self, file_id: str) -> bytes:
        return self.world.files[file_id].data

    def requests_for(self, method: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds; TimeoutError after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() >= deadline:
                raise TimeoutError(f"condition not met within {timeout}s")
            await asyncio.sleep(0.01)

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 5.0,
        *,
        since: int | None = None,
    ) -> dict[str, Any]:
        """First bot message in ``chat_id`` (with id > ``since``) matching ``predicate``."""
        found: list[dict[str, Any]] = []

        def match() -> bool:
            for message in self.sent_messages(chat_id):
                if since is not None and message["message_id"] <= since:
                    continue
                if predicate is None or predicate(message):
                    found.append(message)
                    return True
            return False

        await self.wait_for(match, timeout)
        return found[0]


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _json(body: dict[str, Any], status: int) -> web.Response:
    return web.json_response(body, status=status)
