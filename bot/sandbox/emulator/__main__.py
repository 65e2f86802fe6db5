"""Run the emulator alone: ``python -m bot.sandbox.emulator --port 8081 --users 10000``.

For benchmarks, where the bot and the emulator should not share one event loop and one CPU.
Prints the base URL, serves until SIGINT/SIGTERM, then prints the counters.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from .limits import FloodLimits
from .server import BotApiEmulator


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox.emulator")
    parser.add_argument("--token", default="123456:TEST")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per answer")
    parser.add_argument("--users", type=int, default=0, help="create users 1..N (started)")
    parser.add_argument("--flood-limits", action="store_true", help="enforce Telegram's limits")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    emulator = BotApiEmulator(
        args.token,
        latency=args.latency,
        limits=FloodLimits() if args.flood_limits else None,
    )
    for user_id in range(1, args.users + 1):
        emulator.add_user(user_id, f"User {user_id}")
    await emulator.start(args.host, args.port)
    print(f"Bot API emulator: base_url={emulator.base_url}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        counters = emulator.counters
        print(f"requests per method: {dict(counters.per_method)}", flush=True)
        print(f"statuses: {dict(counters.status)}; violations: {len(emulator.violations)}")
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(_parse(argv)))


if __name__ == "__main__":
    main()
