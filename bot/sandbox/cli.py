"""`studybot sandbox`: the real bot against the local Bot API emulator, no token, no network."""

from __future__ import annotations

import asyncio
import logging

import typer


def sandbox_command(
    demo: bool = typer.Option(False, "--demo", help="Play a scripted study week and exit."),
) -> None:
    """Run the bot offline against the bundled Telegram emulator; chat as a learner."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if demo:
        from bot.sandbox.demo import run_demo

        asyncio.run(run_demo())
    else:
        from bot.sandbox.terminal import run_terminal

        asyncio.run(run_terminal())
