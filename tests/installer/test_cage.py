"""The kiosk and the board as their units run them: the app inside cage (the Wayland kiosk
compositor) on Qt's wayland platform, here with wlroots' headless backend, connected to a
real server on loopback. The screen is taken with grim, as cage composes it, for a person
to look at. The app, not cage, is the one stopped: it quits and cage ends with it.

cage refuses to run as root; as root (CI) it runs in a user namespace (``unshare --user``),
where this process is nobody and may not become root again."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from tests.installer.test_watchdog import display_toml, kiosk_toml
from tests.support.live_server import ThreadServer
from tests.support.notify_socket import NotifyListener

NEEDED = ("cage", "grim", "Xwayland", "unshare")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in NEEDED),
        reason="needs Debian's cage, grim and xwayland (and util-linux's unshare)",
    ),
]


@contextmanager
def runtime_dir() -> Iterator[Path]:
    """XDG_RUNTIME_DIR: short (a socket path is at most 107 bytes) and private."""
    path = Path(tempfile.mkdtemp(prefix="xdg-", dir="/tmp"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def start_in_cage(
    app: list[str],
    runtime: Path,
    listener: NotifyListener,
    log: Path,
    *,
    rotate: bool,
    module: str = "antrean",
) -> subprocess.Popen[bytes]:
    """``python -m MODULE APP...`` as cage's one client (``python APP...`` without one);
    the app (``antrean``) as its unit starts it, under ``antrean supervise``."""
    env = {
        **os.environ,
        **listener.environ(watchdog_usec=5_000_000),
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",  # no GPU here
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "QT_QPA_PLATFORM": "wayland",
        "QT_WAYLAND_DISABLE_WINDOWDECORATION": "1",
        # wlroots' headless output is 1280 x 720; at 2/3 scale Qt lays the app out on
        # 1920 x 1080 (1080 x 1920 turned), the size of the office's screens
        "QT_SCALE_FACTOR": str(2 / 3),
    }
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    program = [sys.executable, *(["-m", module] if module else [])]
    cage = ["cage", "-d", *(["-r"] if rotate else []), "--", *program]
    if module == "antrean":  # the unit's command: the supervisor starts cage
        cage = [sys.executable, "-m", "antrean", "supervise", "--", *cage]
    prefix = ["unshare", "--user"] if os.geteuid() == 0 else []
    with log.open("wb") as out:
        return subprocess.Popen([*prefix, *cage, *app], stdout=out, stderr=out, env=env)


def grab_screen(runtime: Path, shot: Path, timeout: float = 30) -> Image.Image:
    """The composed output once the app has painted it and it holds still (two grabs a
    second apart alike): the office's name and services have come from the server."""
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "wayland-0"}
    deadline = time.monotonic() + timeout
    previous: bytes | None = None
    while True:
        subprocess.run(["grim", str(shot)], env=env, check=True, timeout=30)
        with Image.open(shot) as image:
            pixels = image.convert("RGB")
        painted = len(pixels.getcolors(maxcolors=1 << 16) or [0, 0]) > 20
        if (painted and pixels.tobytes() == previous) or time.monotonic() > deadline:
            return pixels
        previous = pixels.tobytes() if painted else None
        time.sleep(1)


def wait_for_line(log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while text not in log.read_text(encoding="utf-8", errors="replace"):
        assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        assert time.monotonic() < deadline, f"{text!r} never came"
        time.sleep(0.2)


def stop_app(process: subprocess.Popen[bytes], listener: NotifyListener, log: Path) -> None:
    """SIGTERM to the unit's main process, as systemd stops it (KillMode=mixed): the
    supervisor passes it to the app, and cage ends when the app does."""
    try:
        listener.wait_for("READY=1")
        assert set(listener.senders) == {process.pid}  # systemd hears its main process
        process.send_signal(signal.SIGTERM)
        listener.wait_for("STOPPING=1")
        assert process.wait(timeout=30) == 0, log.read_text(encoding="utf-8", errors="replace")
        assert "stopping the app" in log.read_text(encoding="utf-8", errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.parametrize("language", ["id", "en"])
def test_cage_kiosk_fills_the_portrait_screen_and_ends_with_the_app(
    live_server: ThreadServer,
    notify_listener: NotifyListener,
    tmp_path: Path,
    screenshot_dir: Path,
    language: str,
) -> None:
    config = tmp_path / "kiosk.toml"
    text = kiosk_toml(live_server, tmp_path / "data", mode="kiosk")
    text = text.replace("fullscreen = false", f'fullscreen = true\nlanguage = "{language}"')
    config.write_text(text, encoding="utf-8")
    log = tmp_path / "cage.log"
    shot = screenshot_dir / f"kiosk-cage-portrait-{language}.png"

    with runtime_dir() as runtime:
        process = start_in_cage(
            ["kiosk", "--config", str(config)], runtime, notify_listener, log, rotate=True
        )
        try:
            notify_listener.wait_for("READY=1")
            wait_for_line(log, "event stream connected", process)
            image = grab_screen(runtime, shot)
        finally:
            stop_app(process, notify_listener, log)

    assert image.size == (720, 1280)  # wlroots' headless output, turned by cage -r
    black = sum(n for n, colour in image.getcolors(maxcolors=1 << 16) or [] if colour == (0, 0, 0))
    assert black < image.width * image.height // 100  # the kiosk covers the whole output
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


def test_cage_board_runs_as_its_unit_runs_it_and_ends_with_the_app(
    live_server: ThreadServer, notify_listener: NotifyListener, tmp_path: Path
) -> None:
    config = tmp_path / "display.toml"
    config.write_text(display_toml(live_server).replace("fullscreen = false", ""), "utf-8")
    log = tmp_path / "cage.log"

    with runtime_dir() as runtime:
        process = start_in_cage(
            ["display", "--config", str(config)], runtime, notify_listener, log, rotate=False
        )
        try:
            notify_listener.wait_for("READY=1")
            wait_for_line(log, "event stream connected", process)
            notify_listener.wait_for("WATCHDOG=1")
        finally:
            stop_app(process, notify_listener, log)

    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


def test_cage_board_fills_the_screen_on_wayland(
    live_server: ThreadServer,
    notify_listener: NotifyListener,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    """The picture, grabbed by the board itself (see ``cage_board_child``)."""
    config = tmp_path / "display.toml"
    config.write_text(display_toml(live_server).replace("fullscreen = false", ""), "utf-8")
    shot = screenshot_dir / "display-cage-landscape.png"
    shot.unlink(missing_ok=True)
    log = tmp_path / "cage.log"

    with runtime_dir() as runtime:
        child = ["-m", "tests.installer.cage_board_child", str(config), str(shot)]
        process = start_in_cage(child, runtime, notify_listener, log, rotate=False, module="")
        code = process.wait(timeout=90)

    assert code == 0, log.read_text(encoding="utf-8", errors="replace")
    with Image.open(shot) as image:
        assert image.size == (1280, 720)  # the whole output, in its own pixels
