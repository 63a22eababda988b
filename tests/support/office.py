"""Test offices: the example office, open around the clock so tests do not depend on the hour."""

from pathlib import Path

from queue_server.config import always_open_office_text

__all__ = ["always_open_office_text", "write_office"]


def write_office(directory: Path, *, text: str | None = None, name: str = "office.toml") -> Path:
    path = directory / name
    path.write_text(text if text is not None else always_open_office_text(), encoding="utf-8")
    return path
