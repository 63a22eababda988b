"""The demo's simulated office PCs: a kiosk, the waiting-room board and a feedback screen,
each its own process with its own config, as on real office PCs."""

import sys
from pathlib import Path
from typing import Protocol

from antrean.demo_layout import DemoLayout
from antrean.demo_windows import DemoWindow
from queue_protocol.window_geometry import WindowGeometry

FEEDBACK_COUNTER = 7


class DemoSetupView(Protocol):
    data_dir: Path
    tokens: dict[str, str]
    booking_codes: list[str]
    training: bool

    @property
    def visitor_feed(self) -> Path: ...


def _toml_bool(value: bool) -> str:
    return "true" if value else "false"


def _screen_keys(place: WindowGeometry | None, *, fullscreen: bool) -> str:
    """``fullscreen``, and where the window goes when it is not full screen."""
    keys = f"fullscreen = {'true' if fullscreen else 'false'}\n"
    return keys if fullscreen or place is None else keys + f'geometry = "{place}"\n'


def kiosk_config(
    setup: DemoSetupView,
    server: str,
    *,
    mode: str = "kiosk",
    place: WindowGeometry | None = None,
    fullscreen: bool = False,
) -> str:
    """The kiosk in portrait, or (``mode = "feedback"``) counter 7's feedback screen in
    landscape, with simulated devices, the demo's sample bookings and (the kiosk) its
    feed of simulated visitors."""
    tickets = setup.data_dir / "tickets"
    tickets.mkdir(exist_ok=True)
    token = setup.tokens["feedback" if mode == "feedback" else "kiosk"]
    orientation = "landscape" if mode == "feedback" else "portrait"
    visitors = f'visitors = "{setup.visitor_feed}"\n' if mode == "kiosk" else ""
    return f"""mode = "{mode}"
data_dir = "{setup.data_dir / mode}"
training = {_toml_bool(setup.training)}

[server]
url = "{server}"
token = "{token}"

[devices]
printer = "sim://{tickets}"
scanner = "sim://"
mrz = "sim://"
camera = ""

[screen]
orientation = "{orientation}"
language = "id"
{_screen_keys(place, fullscreen=fullscreen)}simulated_panel = true

[feedback]
counter = {FEEDBACK_COUNTER}

[simulator]
bookings = [{", ".join(f'"{code}"' for code in setup.booking_codes)}]
{visitors}"""


def display_config(
    setup: DemoSetupView,
    server: str,
    *,
    place: WindowGeometry | None = None,
    fullscreen: bool = False,
) -> str:
    """The board in landscape, with a simulated counter LED."""
    return f"""server = "{server}"
token = "{setup.tokens["display"]}"
layout = "landscape"
training = {_toml_bool(setup.training)}
{_screen_keys(place, fullscreen=fullscreen)}
[audio]
enabled = true

[led]
url = "sim://"
"""


def demo_windows(
    setup: DemoSetupView, port: int, layout: DemoLayout | None, *, fullscreen: bool = False
) -> list[DemoWindow]:
    """The three windows, their configs written, not started. ``layout`` None: each window
    at its own size where the desktop puts it."""
    server = f"http://127.0.0.1:{port}"
    kiosk, board, feedback = (
        (layout.kiosk, layout.board, layout.feedback) if layout else (None, None, None)
    )
    files = {
        "kiosk": ("the kiosk", kiosk_config(setup, server, place=kiosk, fullscreen=fullscreen)),
        "display": ("the board", display_config(setup, server, place=board, fullscreen=fullscreen)),
        "feedback": (
            f"the feedback screen of counter {FEEDBACK_COUNTER}",
            kiosk_config(setup, server, mode="feedback", place=feedback, fullscreen=fullscreen),
        ),
    }
    windows = []
    for name, (description, text) in files.items():
        path = setup.data_dir / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        subcommand = "display" if name == "display" else "kiosk"
        command = [sys.executable, "-m", "antrean", subcommand, "--config", str(path)]
        windows.append(DemoWindow(description, command, setup.data_dir / f"{name}.log"))
    return windows
