"""``antrean demo``: the whole system on this machine, with simulated devices.

Starts the queue server with the example office (open around the clock so the
demo works at any hour), demo accounts and devices, today's sample bookings,
a simulated ticket printer, then the kiosk, the waiting-room board and a
feedback screen side by side when a screen is available, and a few simulated
officers so the board moves. A window that fails, at its start or later, is
reported in the terminal with the end of its log and makes the exit code 1; when no
window can open on the screen at all, the demo says why and exits 1 at once.
"""

import argparse
import base64
import logging
import os
import shutil
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antrean.demo_layout import DemoLayout
    from antrean.demo_windows import DemoWindows

log = logging.getLogger("antrean.demo")

DEMO_PASSWORD = "demo-antrean"  # noqa: S105 - the demo accounts' published password
DEMO_USERS = (("petugas", "officer"), ("kepala", "supervisor"), ("admin", "admin"))


def register(groups: dict[str, Any]) -> None:
    demo = groups[""].add_parser(
        "demo",
        help="run the whole system with simulated devices",
        description="Starts the queue server with the example office (open around the clock), "
        "a kiosk with a simulated printer, scanner and camera, a waiting-room board and a "
        "counter's feedback screen, side by side on this screen; the officer console and "
        "reports in the browser. Its data stays in --data-dir, never in an office's database.",
    )
    demo.add_argument("--port", type=int, default=8000, help="the server's port (default 8000)")
    demo.add_argument(
        "--data-dir",
        type=Path,
        default=Path("var/demo"),
        help="where the demo keeps its office, database and logs (default var/demo)",
    )
    demo.add_argument("--no-windows", action="store_true", help="server and devices only")
    demo.add_argument(
        "--fullscreen", action="store_true", help="every window full screen, as on a real kiosk"
    )
    demo.add_argument("--no-officers", action="store_true", help="no simulated counter officers")
    demo.add_argument("--seconds", type=float, default=0, help="stop after this long (0: Ctrl-C)")
    demo.set_defaults(run=run_demo)


@dataclass
class DemoSetup:
    data_dir: Path
    office_file: Path
    database_url: str
    tokens: dict[str, str] = field(default_factory=dict)
    booking_codes: list[str] = field(default_factory=list)


def prepare(data_dir: Path, port: int) -> DemoSetup:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from queue_protocol import DeviceKind, Role
    from queue_server.config import always_open_office_text
    from queue_server.server import open_context
    from queue_server.services import auth, devices
    from queue_server.settings import Settings

    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    key = Ed25519PrivateKey.generate()
    public = base64.urlsafe_b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    text = (
        always_open_office_text()
        .replace("# token_public_key = ", f'token_public_key = "{public.decode().rstrip("=")}"\n# ')
        .replace('public_url = "http://127.0.0.1:8000"', f'public_url = "http://127.0.0.1:{port}"')
    )
    office_file = data_dir / "office.toml"
    office_file.write_text(text, encoding="utf-8")
    setup = DemoSetup(data_dir, office_file, f"sqlite:///{data_dir / 'antrean.sqlite3'}")
    settings = Settings(
        data_dir=data_dir, office_file=office_file, database_url=setup.database_url, advertise=False
    )
    ctx = open_context(settings)
    for name, role in DEMO_USERS:
        auth.add_user(ctx, name, Role(role), DEMO_PASSWORD)
    from antrean.demo_devices import FEEDBACK_COUNTER

    # the feedback screen stands at counter 7; an office of one's own may have none
    screen_at = FEEDBACK_COUNTER if ctx.office.counter(FEEDBACK_COUNTER) else None
    screen_at = screen_at or ctx.office.counters[0].number
    for kind in DeviceKind:
        counter = screen_at if kind == DeviceKind.FEEDBACK else None
        setup.tokens[kind.value] = devices.issue_token(
            ctx, f"{kind.value}-demo", kind, counter=counter
        )
    setup.booking_codes = _sample_bookings(ctx, key, data_dir)
    ctx.db.dispose()
    return setup


def _sample_bookings(ctx: Any, key: Any, data_dir: Path) -> list[str]:
    from queue_server.services import bookings, tickets
    from queue_server.services.booking_codes import sign_booking_token

    today = ctx.today()
    # The slot covers the day around now, never across midnight (the end would then come
    # before the start): the demo's bookings check in at any hour it is run.
    now = ctx.local(ctx.now())
    day_start = now.replace(hour=0, minute=0)
    start = max(now - timedelta(minutes=30), day_start).strftime("%H:%M")
    end = min(now + timedelta(hours=2), day_start.replace(hour=23, minute=59)).strftime("%H:%M")
    rows = [
        ("1020304050607080", "PB", "X1234567"),
        ("1122334455667788", "GP", "C9876543"),
        ("2233445566778899", "PB", ""),
    ]
    path = data_dir / "bookings.csv"
    lines = ["application_number,service,date,slot,passport_number"]
    lines += [f"{number},{service},{today},{start}-{end},{pp}" for number, service, pp in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bookings.import_bookings(ctx, path, lambda number: tickets.passport_hash(ctx, number))
    signed = sign_booking_token(key, rows[1][0], today, rows[1][1])  # checks in offline too
    return [rows[0][0], signed, rows[2][0]]


class ScreenUnusableError(Exception):
    """There is a screen, but no window can open on it; the message says why."""


@dataclass(frozen=True)
class WindowPlan:
    """Where the demo's windows go: laid out by ``layout``, full screen, or (neither)
    each at its own size where the desktop puts it."""

    layout: "DemoLayout | None" = None
    fullscreen: bool = False


def run_demo(args: argparse.Namespace) -> int:
    _stop_on_terminate()
    try:
        plan = _window_plan(args)
    except ScreenUnusableError as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    return _serve(args, prepare(args.data_dir, args.port), plan)


def _serve(args: argparse.Namespace, setup: DemoSetup, plan: WindowPlan | None) -> int:
    """The server, the officers and the windows until the demo stops; its exit code."""
    import uvicorn

    from antrean.demo_devices import demo_windows
    from antrean.demo_windows import DemoWindows
    from queue_server.server import build_server, tune_collector, uvicorn_config
    from queue_server.settings import Settings

    settings = Settings(
        data_dir=setup.data_dir,
        office_file=setup.office_file,
        database_url=setup.database_url,
        port=args.port,
        advertise=True,
        open_api_docs=True,  # a training office: its API is there to be read
    )
    server = build_server(settings)
    tune_collector()
    web = uvicorn.Server(uvicorn_config(server.app, host="127.0.0.1", port=args.port))
    thread = threading.Thread(target=web.run, daemon=True)
    stop = threading.Event()
    windows = DemoWindows([])
    try:
        thread.start()
        while not web.started:
            if not thread.is_alive():
                return 1
            time.sleep(0.05)
        if not args.no_officers:
            threading.Thread(target=_simulated_officers, args=(settings, stop), daemon=True).start()
        if plan is not None:
            windows = DemoWindows(
                demo_windows(setup, args.port, plan.layout, fullscreen=plan.fullscreen)
            )
            windows.start()
        _print_banner(setup, args.port, windows=plan is not None)
        _run_until_stopped(windows, args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        windows.end()
        web.should_exit = True
        thread.join(timeout=10)
    return 1 if windows.any_failed else 0


def _window_plan(args: argparse.Namespace) -> WindowPlan | None:
    """Where the windows go; None for no windows (asked for none, or no screen).

    Raises:
        ScreenUnusableError: Qt cannot open a window on this screen.
    """
    from antrean.demo_layout import demo_layout
    from antrean.demo_screen import look_at_screen

    if args.no_windows or not _screen_name():
        return None
    look = look_at_screen()
    if look.area is None:
        raise ScreenUnusableError(
            f"Antrean demo: no window can open on this screen ({_screen_name()}). Qt says:\n"
            + "".join(f"    {line}\n" for line in look.output.splitlines() if line.strip())
            + "Install what it names, or run the server alone: antrean demo --no-windows"
        )
    if args.fullscreen:
        return WindowPlan(fullscreen=True)
    try:
        return WindowPlan(demo_layout(look.area))
    except ValueError as error:  # a screen too small to share: each window its own size
        log.warning("%s", error)
        return WindowPlan()


def _run_until_stopped(windows: "DemoWindows", seconds: float) -> None:
    """Until Ctrl-C, ``seconds`` (if given), or no window left open (when there were
    some). A window that ends on its own is reported as it ends."""
    deadline = time.monotonic() + seconds if seconds else None
    while deadline is None or time.monotonic() < deadline:
        windows.report_ended()
        if windows.windows and not windows.any_open:
            print("Antrean demo: no window is open any more; the demo stops.", file=sys.stderr)
            return
        time.sleep(0.5)


def _stop_on_terminate() -> None:
    """A ``kill`` or a closed terminal stops the demo as Ctrl-C does, windows and all:
    by default either would end this process alone, leaving the kiosk and the boards
    running without their server."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupt)


def _screen_name() -> str:
    """``DISPLAY=:0`` or ``WAYLAND_DISPLAY=wayland-0``; empty when there is no screen."""
    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):
        if os.environ.get(variable):
            return f"{variable}={os.environ[variable]}"
    return ""


def _simulated_officers(settings: Any, stop: threading.Event) -> None:
    """Officers at a few counters who serve whoever is called, so the board moves."""
    from queue_protocol import TicketAction, TicketState
    from queue_protocol.client import ApiError, QueueClient

    with QueueClient(f"http://127.0.0.1:{settings.port}") as officer:
        officer.login("petugas", DEMO_PASSWORD)
        while not stop.wait(12):
            try:
                counters = {c.number: c for c in officer.queue().counters}
                for number in (1, 5, 7, 8):
                    current = counters[number].current
                    if current is not None and current.status == TicketState.CALLED:
                        officer.ticket_action(current.id, TicketAction.START)
                    officer.call_next(number)
            except ApiError as error:
                log.debug("simulated officer: %s", error)


def _print_banner(setup: DemoSetup, port: int, *, windows: bool) -> None:
    (setup.data_dir / "devices.txt").write_text(
        "".join(f"{kind}: {token}\n" for kind, token in setup.tokens.items()), encoding="utf-8"
    )
    (setup.data_dir / "booking-token.txt").write_text(
        setup.booking_codes[1] + "\n", encoding="utf-8"
    )
    base = f"http://127.0.0.1:{port}"
    print(
        f"""
Antrean demo is running (data in {setup.data_dir}).

  Officer console   {base}/counter       petugas / {DEMO_PASSWORD}
  Branch head       {base}/reports       kepala / {DEMO_PASSWORD}
  Admin             {base}/admin         admin / {DEMO_PASSWORD}
  API documentation {base}/docs

  Windows           {_windows_line(setup, windows=windows)}
  Device tokens     in {setup.data_dir}/devices.txt
  Sample bookings   {setup.booking_codes[0]} (application number)
                    {setup.booking_codes[2]} (application number)
                    signed token in {setup.data_dir}/booking-token.txt

Press Ctrl-C to stop.
""",
        flush=True,
    )


def _windows_line(setup: DemoSetup, *, windows: bool) -> str:
    if not windows:
        return "none (no screen, or --no-windows)"
    from antrean.demo_devices import FEEDBACK_COUNTER

    return (
        f"the kiosk, the board and the feedback screen of counter {FEEDBACK_COUNTER};\n"
        f"                    their logs in {setup.data_dir}/kiosk.log, display.log, feedback.log"
    )
