"""Wires the kiosk together: config, server port, offline store, devices, flow, window.

``build_kiosk`` takes every collaborator that tests replace (backend, printer,
clocks) as an argument; ``run_kiosk`` is what ``antrean kiosk`` runs.
"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLayout, QWidget

from antrean.qt_heartbeat import quit_on_signals, supervised
from antrean.training_banner import with_training_banner
from kiosk_app.config import (
    SIMULATED_PANEL_WIDTH,
    KioskConfig,
    KioskMode,
    Orientation,
    ScreenSection,
)
from kiosk_app.core.backend import KioskBackend
from kiosk_app.core.booking_code import load_public_key
from kiosk_app.core.events import BookingCodeEntered, MrzRead
from kiosk_app.core.feedback_flow import FeedbackFlow
from kiosk_app.core.feedback_outbox import FeedbackOutbox
from kiosk_app.core.flow import FlowSettings, KioskFlow
from kiosk_app.core.inactivity import InactivityTimer
from kiosk_app.core.issuer import TicketIssuer
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.core.printing import PrinterFactory, TicketPrinting
from kiosk_app.core.state import KioskState
from kiosk_app.core.texts import both
from kiosk_app.ui.controller import KioskController
from kiosk_app.ui.devices import DeviceHub, WedgeFilter
from kiosk_app.ui.window import KioskWindow
from queue_protocol import DeviceKind, OfficeInfo
from queue_protocol.client import ApiError, EventStream, ServerLink
from queue_protocol.enrolment import EnrolmentFile
from queue_protocol.events import Event, TicketEvent
from queue_protocol.link import DeviceLink, NotEnrolledError, open_link

if TYPE_CHECKING:
    from kiosk_app.ui.feedback import FeedbackController, FeedbackView
    from kiosk_app.ui.sim_visitors import SimulatedVisitors

log = logging.getLogger(__name__)


def new_client_ref() -> str:
    """A fresh idempotency key: one per visitor request."""
    return f"kiosk-{uuid.uuid4().hex}"


@dataclass
class KioskParts:
    """A built kiosk. ``start`` opens devices and timers; ``stop`` closes everything."""

    config: KioskConfig
    window: KioskWindow
    shell: QWidget  # the top-level widget: the window, plus the sim panel in demo mode
    controller: KioskController
    devices: DeviceHub
    issuer: TicketIssuer
    printing: TicketPrinting
    store: OfflineStore
    wedge: WedgeFilter | None = None
    events: EventStream | None = None  # staff reprint requests arrive here
    visitors: "SimulatedVisitors | None" = None  # the demo's simulated visitors

    def start(self) -> None:
        self.devices.start()
        self.controller.start()
        if self.events is not None:
            self.events.start()
        if self.visitors is not None:
            self.visitors.start()

    def stop(self) -> None:
        if self.visitors is not None:
            self.visitors.stop()
        if self.events is not None:
            self.events.stop()
        self.controller.stop()
        self.devices.stop()
        self.printing.close()
        self.store.close()


def build_kiosk(
    config: KioskConfig,
    *,
    backend: KioskBackend,
    printer: PrinterFactory,
    now: Callable[[], datetime] | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    sync_interval_ms: int = 15_000,
) -> KioskParts:
    """Build the kiosk (nothing is opened except the local store)."""
    clock = now or (lambda: datetime.now().astimezone())
    store = OfflineStore(config.data_dir / "kiosk.sqlite3")
    store.open()
    key = config.office.booking_public_key
    issuer = TicketIssuer(
        backend,
        store,
        now=clock,
        replacement_service=config.office.replacement_service,
        booking_key=load_public_key(key) if key else None,
    )
    cached = issuer.cached_office()
    office_name = config.office.name or (cached.name if cached else "")
    printing = TicketPrinting(
        printer,
        backend,
        store,
        office_name=office_name or "Kantor Imigrasi",
        training=config.training,
    )
    flow = make_flow(config, issuer.today)
    inactivity = InactivityTimer(
        monotonic,
        timeout=config.screen.inactivity_seconds,
        ticket_timeout=config.screen.ticket_seconds,
    )
    controller = KioskController(
        flow, issuer, printing, inactivity, sync_interval_ms=sync_interval_ms
    )
    window = KioskWindow(
        office_name=office_name,
        logo=config.office.logo,
        landscape=config.screen.orientation == Orientation.LANDSCAPE,
        replacement_service=config.office.replacement_service,
    )
    devices = DeviceHub(
        scanner_url=config.devices.scanner,
        mrz_url=config.devices.mrz,
        camera_url=config.devices.camera,
    )
    parts = KioskParts(config, window, window, controller, devices, issuer, printing, store)
    _connect(parts, config)
    return parts


def make_flow(config: KioskConfig, today: Callable[[], date]) -> KioskFlow:
    """The kiosk flow with the config's language, replacement service and booking key;
    ``today`` is the office's day (a passport's age and expiry are counted on it)."""
    key = config.office.booking_public_key
    return KioskFlow(
        FlowSettings(
            new_ref=new_client_ref,
            today=today,
            default_language=config.screen.language,
            replacement_service=config.office.replacement_service,
            booking_public_key=load_public_key(key) if key else None,
        )
    )


def _connect(parts: KioskParts, config: KioskConfig) -> None:
    controller, window = parts.controller, parts.window

    def show(state: object) -> None:
        assert isinstance(state, KioskState)
        window.show_state(state)
        if not window.header.office.text():
            office = parts.issuer.cached_office()
            if office is not None:
                window.set_office_name(office.name)
                parts.printing.office_name = office.name

    controller.state_changed.connect(show)
    window.event_raised.connect(controller.dispatch)
    parts.devices.code_scanned.connect(lambda text: controller.dispatch(BookingCodeEntered(text)))
    parts.devices.mrz_read.connect(lambda text: controller.dispatch(MrzRead(text)))
    app = QApplication.instance()
    if isinstance(app, QObject):
        app.installEventFilter(controller)
        if config.devices.scanner == "wedge":
            parts.wedge = WedgeFilter(window)
            parts.wedge.scanned.connect(lambda text: controller.dispatch(BookingCodeEntered(text)))
            app.installEventFilter(parts.wedge)
    if config.simulated and config.screen.simulated_panel:
        from kiosk_app.ui.sim_panel import SimulatedDevicesWidget

        panel = SimulatedDevicesWidget(
            parts.devices,
            today=parts.issuer.today(),
            bookings=config.simulator.bookings,
            printer_url=config.devices.printer,
        )
        shell = QWidget()
        layout = QHBoxLayout(shell)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # as the window's
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(window, 1)
        layout.addWidget(panel)
        parts.shell = shell
    if config.simulated and config.simulator.visitors is not None:
        from kiosk_app.ui.sim_visitors import SimulatedVisitors

        parts.visitors = SimulatedVisitors(config.simulator.visitors, controller, parts.devices)
    if config.training:
        parts.shell = with_training_banner(parts.shell)


def reprint_listener(
    link: ServerLink | Callable[[], ServerLink], controller: KioskController
) -> EventStream:
    """Follows the server's events; a staff reprint of a ticket this kiosk could not print
    (``ticket.updated`` with ``action == "reprint_requested"``) is printed again."""

    def on_event(event: Event) -> None:
        if isinstance(event, TicketEvent) and event.action == "reprint_requested":
            controller.request_reprint(event.ticket.id)

    return EventStream(link, on_event=on_event)


def connect_server(
    config: KioskConfig, override: str | None, app: QApplication
) -> DeviceLink | ServerLink | None:
    """The kiosk's way to its server: its enrolment, else the configured URL and token
    (or ``override``). A kiosk set to find its server by itself (``auto``) that was never
    enrolled shows the enrolment screen first; None if that window was closed."""
    url = override or config.server.url
    try:
        return open_link(
            configured_url=url,
            configured_token=config.server.resolved_token(),
            data_dir=config.data_dir,
        )
    except NotEnrolledError as error:
        log.warning("%s", error)
    from kiosk_app.ui.enrolment import enrol_on_screen

    kind = DeviceKind.FEEDBACK if config.mode == KioskMode.FEEDBACK else DeviceKind.KIOSK
    enrolment = enrol_on_screen(app, config, kind)
    if enrolment is None:
        return None
    return DeviceLink(EnrolmentFile(config.data_dir), enrolment)


def _start_link(
    link: DeviceLink | ServerLink,
) -> tuple[Callable[[], ServerLink], Callable[[], None] | None]:
    """The link's ``current`` and ``unreachable``, its thread started when it has one."""
    if isinstance(link, DeviceLink):
        link.start()
        return link.current, link.unreachable
    return (lambda: link), None


def show_window(window: QWidget, screen: ScreenSection, *, default_size: tuple[int, int]) -> None:
    """Full screen, or a window at ``[screen] geometry`` (else ``default_size``, placed by
    the desktop). Without a window manager, X puts a window exactly where it is asked, and
    only there: a full-screen window is given the screen's size, as no one else will."""
    if screen.fullscreen:
        window.setGeometry(window.screen().geometry())
        window.setWindowState(Qt.WindowState.WindowFullScreen)
    elif screen.geometry is None:
        window.resize(*default_size)
    else:
        place = screen.geometry
        window.resize(place.width, place.height)
        if place.x is not None and place.y is not None:
            window.move(place.x, place.y)
    window.show()


def run_kiosk(config: KioskConfig, *, server: str | None = None) -> int:
    """Run the kiosk until the window closes. Returns the process exit code.

    It starts whether or not the server answers: an enrolled kiosk knows its server's
    last address and issues from its leases until the server is back."""
    from kiosk_app.core.backend import ClientBackend
    from kiosk_app.core.printers import printer_factory

    app = _application("antrean-kiosk")
    link = connect_server(config, server, app)
    if link is None:
        return 0
    current, unreachable = _start_link(link)
    backend = ClientBackend(
        current, timeout=config.server.timeout_seconds, on_unreachable=unreachable
    )
    parts = build_kiosk(config, backend=backend, printer=printer_factory(config.devices.printer))
    parts.events = reprint_listener(current, parts.controller)
    width, height = config.screen.orientation.size
    if config.simulated and config.screen.simulated_panel:  # the demo's devices beside it
        width += SIMULATED_PANEL_WIDTH
    parts.shell.setWindowTitle(both("window_kiosk", separator=" / "))
    show_window(parts.shell, config.screen, default_size=(width, height))
    parts.start()
    try:  # told to stop, it prints the ticket in hand first, then closes like its window
        with quit_on_signals(lambda: parts.controller.finish_then(app.quit)), supervised():
            return app.exec()
    finally:
        parts.stop()
        backend.close()
        if isinstance(link, DeviceLink):
            link.stop()


def _application(name: str) -> QApplication:
    """The Qt application; ``name`` is its window class, which a window manager sees."""
    app = QApplication.instance() or QApplication([name])
    assert isinstance(app, QApplication)
    return app


@dataclass
class FeedbackParts:
    """A built feedback screen: the view, its controller and the event stream."""

    view: "FeedbackView"
    controller: "FeedbackController"
    stream: EventStream
    store: OfflineStore

    def start(self) -> None:
        self.controller.start()
        self.stream.start()

    def stop(self) -> None:
        self.stream.stop()
        self.controller.stop()
        self.store.close()


def build_feedback(
    config: KioskConfig,
    *,
    backend: KioskBackend,
    office: OfficeInfo,
    link: ServerLink | Callable[[], ServerLink],
) -> FeedbackParts:
    """The satisfaction screen of counter ``config.feedback.counter``; its ratings are kept
    in ``feedback.sqlite3`` of the data directory until the server has them."""
    from kiosk_app.ui.feedback import FeedbackController, FeedbackView

    counter = config.feedback.counter
    assert counter is not None  # the config refuses feedback mode without a counter
    flow = FeedbackFlow(
        counter=counter,
        elements=office.skm_elements,
        new_ref=new_client_ref,
        language=config.screen.language,
    )
    landscape = config.screen.orientation == Orientation.LANDSCAPE
    view = FeedbackView(config.office.name or office.name, landscape=landscape)
    store = OfflineStore(config.data_dir / "feedback.sqlite3")
    store.open()
    controller = FeedbackController(flow, view, FeedbackOutbox(backend, store))
    stream = EventStream(link, on_event=controller.on_event)
    return FeedbackParts(view, controller, stream, store)


def survey_office(config: KioskConfig, backend: KioskBackend) -> OfficeInfo | None:
    """The office (its SKM questions) from the server, kept for the next start; the one
    kept last when the server cannot answer now; None if there is neither."""
    with OfflineStore(config.data_dir / "feedback.sqlite3") as store:
        try:
            office = backend.office()
        except ApiError as error:
            log.warning("office unavailable, using the one kept: %s", error.message_en)
            kept = store.load_cache("office")
            return OfficeInfo.model_validate_json(kept) if kept else None
        store.save_cache("office", office.model_dump_json())
        return office


def run_feedback(config: KioskConfig, *, server: str | None = None) -> int:
    """Run the feedback screen until its window closes."""
    from kiosk_app.core.backend import ClientBackend

    app = _application("antrean-feedback")
    link = connect_server(config, server, app)
    if link is None:
        return 0
    current, unreachable = _start_link(link)
    backend = ClientBackend(
        current, timeout=config.server.timeout_seconds, on_unreachable=unreachable
    )
    office = survey_office(config, backend)  # before the survey window: the SKM questions
    if office is None:
        log.error("cannot load the survey questions from %s, and none were kept", current().url)
        backend.close()
        if isinstance(link, DeviceLink):
            link.stop()
        return 2
    parts = build_feedback(config, backend=backend, office=office, link=current)
    title = both("window_feedback", separator=" / ").format(counter=config.feedback.counter)
    shown = with_training_banner(parts.view) if config.training else parts.view
    shown.setWindowTitle(title)
    show_window(shown, config.screen, default_size=config.screen.orientation.size)
    parts.start()
    try:
        with quit_on_signals(app.quit), supervised():
            return app.exec()
    finally:
        parts.stop()
        backend.close()
        if isinstance(link, DeviceLink):
            link.stop()
