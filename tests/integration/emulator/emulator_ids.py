"""Identifiers shared by the emulator tests (importable: pytest puts this folder on sys.path)."""

TOKEN = "123456:TEST"
ALICE = 1001
BOB = 1002
