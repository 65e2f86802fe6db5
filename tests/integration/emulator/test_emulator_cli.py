from __future__ import annotations

import signal
import subprocess
import sys

import httpx


def test_standalone_emulator_serves_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.sandbox.emulator", "--port", "0", "--users", "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        base_url = first.strip().split("base_url=", 1)[1]
        resp = httpx.post(f"{base_url}123456:TEST/sendMessage", data={"chat_id": 3, "text": "x"})
        assert resp.json()["result"]["chat"]["first_name"] == "User 3"
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "'sendMessage': 1" in out
