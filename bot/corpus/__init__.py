"""The curated study corpus as the bot reads it: plain dataclasses and a YAML loader (no jieba)."""
