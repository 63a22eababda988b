"""The demo's simulated office PCs: a kiosk, the waiting-room board and a feedback screen,
each its own process with its own config, as on real office PCs."""

import subprocess
import sys
from pathlib import Path
from typing import Protocol


class DemoSetupView(Protocol):
    data_dir: Path
    tokens: dict[str, str]
    booking_codes: list[str]


def kiosk_config(setup: DemoSetupView, server: str, *, mode: str = "kiosk") -> str:
    tickets = setup.data_dir / "tickets"
    tickets.mkdir(exist_ok=True)
    token = setup.tokens["feedback" if mode == "feedback" else "kiosk"]
    return f"""mode = "{mode}"
data_dir = "{setup.data_dir / mode}"

[server]
url = "{server}"
token = "{token}"

[devices]
printer = "sim://{tickets}"
scanner = "sim://"
mrz = "sim://"
camera = ""

[screen]
orientation = "landscape"
language = "id"
fullscreen = false
simulated_panel = true

[feedback]
counter = 7

[simulator]
bookings = [{", ".join(f'"{code}"' for code in setup.booking_codes)}]
"""


def display_config(setup: DemoSetupView, server: str) -> str:
    return f"""server = "{server}"
token = "{setup.tokens["display"]}"
layout = "landscape"
fullscreen = false

[audio]
enabled = true

[led]
url = "sim://"
"""


def start_windows(setup: DemoSetupView, port: int) -> list[subprocess.Popen[bytes]]:
    server = f"http://127.0.0.1:{port}"
    files = {
        "kiosk": ("kiosk.toml", kiosk_config(setup, server)),
        "feedback": ("feedback.toml", kiosk_config(setup, server, mode="feedback")),
        "display": ("display.toml", display_config(setup, server)),
    }
    children = []
    for command, (name, text) in files.items():
        path = setup.data_dir / name
        path.write_text(text, encoding="utf-8")
        subcommand = "display" if command == "display" else "kiosk"
        log = (setup.data_dir / f"{command}.log").open("ab")
        children.append(
            subprocess.Popen(
                [sys.executable, "-m", "antrean", subcommand, "--config", str(path)],
                stdout=log,
                stderr=log,
            )
        )
        log.close()
    return children
