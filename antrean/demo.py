"""``antrean demo``: the whole system on this machine, with simulated devices.

Starts the queue server with the example office (open around the clock so the
demo works at any hour), its past month played by the office simulator, demo
accounts and devices, today's sample bookings, a simulated ticket printer, then
the kiosk, the waiting-room board and a feedback screen side by side when a
screen is available, and a live office at ``--speed``: simulated visitors at the
kiosk and officers at every counter (``antrean.demo_activity``). A window that
fails, at its start or later, is reported in the terminal with the end of its
log and makes the exit code 1; when no window can open on the screen at all, the
demo says why and exits 1 at once.

``--office PATH`` makes it a training office: the office's own configuration (open
around the clock), a data directory of its own (never the live one), and
PELATIHAN / TRAINING on every screen, page and ticket.
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
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from antrean.demo_layout import DemoLayout
    from antrean.demo_windows import DemoWindows
    from queue_server.domain.office import OfficeConfig
    from queue_server.simulation.plan import DayPlan

log = logging.getLogger("antrean.demo")

DEMO_PASSWORD = "demo-antrean"  # noqa: S105 - the demo accounts' published password
DEMO_USERS = (("petugas", "officer"), ("kepala", "supervisor"), ("admin", "admin"))
DEFAULT_SPEED = 20.0  # a counter's 8-minute visit in 24 s: the board moves every few seconds
DEFAULT_PAST_DAYS = 30
LIVE_BOOKED_DAYS = 3  # simulated days whose bookings are imported for today
SECOND_KIOSK = "kiosk-2-demo"


def register(groups: dict[str, Any]) -> None:
    demo = groups[""].add_parser(
        "demo",
        help="run the whole system with simulated devices",
        description="Starts the queue server with the example office (open around the clock) "
        "and its past month played by the office simulator, a kiosk with a simulated printer, "
        "scanner and camera, a waiting-room board and a counter's feedback screen, side by "
        "side on this screen, simulated visitors and officers keeping them busy; the officer "
        "console and reports in the browser. Its data stays in --data-dir, never in an "
        "office's live data directory or database.",
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
    demo.add_argument(
        "--no-officers", action="store_true", help="no simulated counter officers (visitors come)"
    )
    demo.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED,
        help=f"simulated minutes of office life per real minute (default {DEFAULT_SPEED:g}); "
        "0: no simulated visitors or officers, the office stands still",
    )
    demo.add_argument(
        "--past-days",
        type=int,
        default=DEFAULT_PAST_DAYS,
        help=f"working days before today the office simulator plays into the demo's "
        f"database, for the reports (default {DEFAULT_PAST_DAYS}; 0: none)",
    )
    demo.add_argument(
        "--office",
        type=Path,
        help="training mode: this office.toml (open around the clock) with a data directory "
        "of its own, every screen and ticket marked PELATIHAN / TRAINING",
    )
    demo.add_argument("--seconds", type=float, default=0, help="stop after this long (0: Ctrl-C)")
    demo.set_defaults(run=run_demo)


@dataclass
class DemoSetup:
    data_dir: Path
    office_file: Path
    database_url: str
    tokens: dict[str, str] = field(default_factory=dict)
    booking_codes: list[str] = field(default_factory=list)
    training: bool = False
    office: "OfficeConfig | None" = None  # the office as configured (its own hours)
    live_days: list["DayPlan"] = field(default_factory=list)  # visitors of the live office
    second_kiosk: str = ""  # the token of the office's second kiosk
    past_visits: int = 0  # visits of the simulated past days
    past_range: str = ""  # the report of those days and today: "start=...&end=..."

    @property
    def visitor_feed(self) -> Path:
        """Where the demo writes the visitors who step up to the kiosk window."""
        return self.data_dir / "visitors.jsonl"


def prepare(
    data_dir: Path,
    port: int,
    *,
    office_source: Path | None = None,
    past_days: int = 0,
) -> DemoSetup:
    """A fresh demo office in ``data_dir``: the office (the example, or ``office_source``
    for a training office), its past days, accounts, devices and today's bookings.

    Raises:
        LiveDataError: ``data_dir`` is, or holds, an office's live data.
        ConfigError: ``office_source`` cannot be read as an office.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from antrean.demo_data_dir import check_demo_data_dir, mark_as_demo
    from antrean.demo_history import fill_past_days, office_today, past_working_days
    from queue_server.config import EXAMPLE_OFFICE, load_office

    check_demo_data_dir(data_dir, office_source)
    configured = load_office(office_source or EXAMPLE_OFFICE)
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    mark_as_demo(data_dir)
    key = Ed25519PrivateKey.generate()
    office_file = data_dir / "office.toml"
    base = office_source.read_text(encoding="utf-8") if office_source else None
    office_file.write_text(_demo_office_text(base, key, port), encoding="utf-8")
    load_office(office_file)  # the demo's changes keep it an office (else ConfigError)
    setup = DemoSetup(
        data_dir,
        office_file,
        f"sqlite:///{data_dir / 'antrean.sqlite3'}",
        training=office_source is not None,
        office=configured,
    )
    setup.past_visits = fill_past_days(
        configured, data_dir / "antrean.sqlite3", past_days, progress=_say_played
    )
    if past_days:
        today = office_today(configured)
        first = past_working_days(configured, past_days, today)[0]
        setup.past_range = f"start={first.isoformat()}&end={today.isoformat()}"
    _accounts_devices_bookings(setup, key)
    return setup


def _say_played(done: int, total: int) -> None:
    if done == 1 or done == total or done % 5 == 0:
        print(f"Antrean demo: the office simulator played day {done} of {total}", flush=True)


def _demo_office_text(base: str | None, key: "Ed25519PrivateKey", port: int) -> str:
    """The office open around the clock, booking tokens signed by the demo's own key, the
    status links to this server."""
    import re

    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from queue_server.config import always_open_office_text

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    public = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    text = always_open_office_text(base=base)
    key_line = f'token_public_key = "{public}"'
    text, found = re.subn(r"(?m)^#?\s*token_public_key\s*=.*$", key_line, text, count=1)
    if not found:
        text, found = re.subn(r"(?m)^\[bookings\][^\n]*$", f"[bookings]\n{key_line}", text, count=1)
    if not found:
        text += f"\n[bookings]\n{key_line}\n"
    url_line = f'public_url = "http://127.0.0.1:{port}"'
    return re.sub(r"(?m)^public_url\s*=\s*\"[^\"]*\"", url_line, text, count=1)


def _accounts_devices_bookings(setup: DemoSetup, key: "Ed25519PrivateKey") -> None:
    from antrean.demo_devices import FEEDBACK_COUNTER
    from queue_protocol import DeviceKind, Role
    from queue_server.server import open_context
    from queue_server.services import auth, devices
    from queue_server.settings import Settings

    settings = Settings(
        data_dir=setup.data_dir,
        office_file=setup.office_file,
        database_url=setup.database_url,
        advertise=False,
    )
    ctx = open_context(settings)
    try:
        for name, role in DEMO_USERS:
            auth.add_user(ctx, name, Role(role), DEMO_PASSWORD)
        # the feedback screen stands at counter 7; an office of one's own may have none
        screen_at = FEEDBACK_COUNTER if ctx.office.counter(FEEDBACK_COUNTER) else None
        screen_at = screen_at or ctx.office.counters[0].number
        for kind in DeviceKind:
            counter = screen_at if kind == DeviceKind.FEEDBACK else None
            setup.tokens[kind.value] = devices.issue_token(
                ctx, f"{kind.value}-demo", kind, counter=counter
            )
        setup.second_kiosk = devices.issue_token(ctx, SECOND_KIOSK, DeviceKind.KIOSK)
        setup.booking_codes = _sample_bookings(ctx, key, setup.data_dir)
        setup.live_days = _live_days(ctx, setup)
    finally:
        ctx.db.dispose()


def _sample_bookings(ctx: Any, key: Any, data_dir: Path) -> list[str]:
    from queue_server.services import bookings, tickets
    from queue_server.services.booking_codes import sign_booking_token

    today = ctx.today()
    start, end = _today_slot(ctx)
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


def _today_slot(ctx: Any) -> tuple[str, str]:
    """A slot around now, never across midnight (the end would then come before the
    start): the demo's bookings check in at any hour it is run."""
    now = ctx.local(ctx.now())
    day_start = now.replace(hour=0, minute=0)
    start = max(now - timedelta(minutes=30), day_start).strftime("%H:%M")
    end = min(now + timedelta(hours=2), day_start.replace(hour=23, minute=59)).strftime("%H:%M")
    return start, end


def _live_days(ctx: Any, setup: DemoSetup) -> list["DayPlan"]:
    """The first simulated days of the live office, their bookings imported for the whole
    of today (each day's application numbers its own)."""
    import random
    from dataclasses import replace

    from queue_server.services import bookings
    from queue_server.simulation.plan import plan_day
    from queue_server.simulation.workload import derive_workload

    assert setup.office is not None
    workload = derive_workload(setup.office)
    today = ctx.today()
    plans = []
    lines = ["application_number,service,date,slot"]
    for index in range(LIVE_BOOKED_DAYS):
        plan = plan_day(setup.office, workload, today, random.Random(index))
        visitors = tuple(
            replace(v, application_number=f"D{index}{v.application_number}")
            if v.application_number
            else v
            for v in plan.visitors
        )
        plans.append(replace(plan, visitors=visitors))
        lines += [
            f"D{index}{b.application_number},{b.service},{today},00:00-23:59" for b in plan.bookings
        ]
    path = setup.data_dir / "live-bookings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bookings.import_bookings(ctx, path, lambda number: number)
    return plans


class ScreenUnusableError(Exception):
    """There is a screen, but no window can open on it; the message says why."""


@dataclass(frozen=True)
class WindowPlan:
    """Where the demo's windows go: laid out by ``layout``, full screen, or (neither)
    each at its own size where the desktop puts it."""

    layout: "DemoLayout | None" = None
    fullscreen: bool = False


def run_demo(args: argparse.Namespace) -> int:
    from antrean.demo_data_dir import LiveDataError
    from queue_server.config import ConfigError

    _stop_on_terminate()
    if args.speed < 0 or not 0 <= args.past_days <= 366:
        print("Antrean demo: --speed must be 0 or more, --past-days 0 to 366", file=sys.stderr)
        return 2
    try:
        plan = _window_plan(args)
    except ScreenUnusableError as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    try:
        setup = prepare(
            args.data_dir, args.port, office_source=args.office, past_days=args.past_days
        )
    except (LiveDataError, ConfigError) as error:
        print(f"Antrean demo: {error}", file=sys.stderr, flush=True)
        return 2
    except KeyboardInterrupt:  # stopped while the past was played: nothing runs yet
        print("Antrean demo: stopped before it started.", file=sys.stderr, flush=True)
        return 130
    return _serve(args, setup, plan)


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
        advertise=not setup.training,  # a training office is never found by real devices
        open_api_docs=True,  # a training office: its API is there to be read
        training=setup.training,
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
        if plan is not None:
            windows = DemoWindows(
                demo_windows(setup, args.port, plan.layout, fullscreen=plan.fullscreen)
            )
            windows.start()
        if args.speed > 0:
            _start_live_office(setup, args, stop, kiosk_window=plan is not None)
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


def _start_live_office(
    setup: DemoSetup, args: argparse.Namespace, stop: threading.Event, *, kiosk_window: bool
) -> None:
    """Simulated visitors, and (unless ``--no-officers``) an officer at every counter."""
    import random
    from dataclasses import replace

    from antrean.demo_activity import (
        CounterOfficer,
        OfficerLogin,
        Pace,
        VisitorStream,
        start_threads,
    )
    from queue_server.simulation.plan import DayPlan, plan_day
    from queue_server.simulation.workload import derive_workload

    office = setup.office
    assert office is not None
    workload = derive_workload(office)
    pace = Pace(args.speed)
    server = f"http://127.0.0.1:{args.port}"

    def plans(index: int) -> DayPlan:
        if index < len(setup.live_days):
            return setup.live_days[index]
        plan = plan_day(office, workload, setup.live_days[0].day, random.Random(index))
        walk_ins = tuple(replace(v, application_number=None) for v in plan.visitors)
        return replace(plan, visitors=walk_ins)  # no more bookings today: all walk in

    stream = VisitorStream(
        server, setup.second_kiosk, plans, pace, setup.visitor_feed if kiosk_window else None
    )
    workers = [stream.run]
    if not args.no_officers:
        login = OfficerLogin(server, "petugas", DEMO_PASSWORD)
        workers += [
            CounterOfficer(
                login, counter.number, office, workload, pace, random.Random(counter.number)
            ).run
            for counter in office.counters
        ]
    start_threads(workers, stop)


def _past_line(setup: DemoSetup, base: str) -> str:
    if not setup.past_range:
        return ""
    return f"\n  The past days     {base}/reports/range?{setup.past_range}"


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
  Branch head       {base}/reports       kepala / {DEMO_PASSWORD}{_past_line(setup, base)}
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
