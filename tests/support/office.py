"""Test offices: the example office, open around the clock so tests do not depend on the hour."""

import re
from pathlib import Path

from queue_server.config import EXAMPLE_OFFICE

ALWAYS_OPEN = """[hours]
open = "00:00"
last_ticket = "23:59"
close = "23:59"
days = [1, 2, 3, 4, 5, 6, 7]
"""


def always_open_office_text(extra: str = "") -> str:
    text = EXAMPLE_OFFICE.read_text(encoding="utf-8")
    text = re.sub(r"\[hours\]\n(?:[^\[\n].*\n|\n)*", ALWAYS_OPEN + "\n", text, count=1)
    return text + extra


def write_office(directory: Path, *, text: str | None = None, name: str = "office.toml") -> Path:
    path = directory / name
    path.write_text(text if text is not None else always_open_office_text(), encoding="utf-8")
    return path
