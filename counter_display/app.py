"""Wires the board together: startup fetch, event stream, board, view, speech, LEDs.

Threads: the startup loader and the event stream do all network I/O; the speech
queue and the LED feed do all device I/O. Their callbacks only emit Qt signals
of ``EventBridge``, which Qt delivers on the UI thread (queued connections), so
``Board`` and the widgets are touched by the UI thread alone.
"""

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from counter_display.config import DisplayConfig
from counter_display.core.board import Board, BoardFilter, Clock, OfficeHeader
from counter_display.core.led_feed import LedFeed
from counter_display.core.phrases import ReadingMode
from counter_display.core.speech import CommandSink, NullSink, Sink, SpeechQueue, SpokenCall
from counter_display.core.startup import Startup, StartupLoader
from counter_display.ui.board_view import BoardView
from hardware.led.base import CounterLed
from hardware.led.devices import counter_led_for_url
from queue_protocol import Event
from queue_protocol.client import EventStream, ServerLink
from queue_protocol.link import DeviceLink, NotEnrolledError, open_link

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class EventBridge(QObject):
    """Carries callbacks from worker threads to the UI thread.

    Signals:
        startup_loaded(Startup): the office and first snapshot are in.
        event_received(Event): one push event, in ``seq`` order.
        connection_changed(bool): the event stream's link came (True) or went.
        trouble_changed(object): why the board cannot reach its server (a text key), or None.
    """

    startup_loaded = Signal(object)
    event_received = Signal(object)
    connection_changed = Signal(bool)
    trouble_changed = Signal(object)


class DisplayApp:
    """One waiting-room board. ``start`` shows nothing by itself: show ``view``.

    Args:
        config: the checked ``display.toml``.
        clock: the time (injected in tests).
        sink: where clips are played; default from the config.
        led: the counter LED driver; default from ``config.led.url``.
        link: the way to the server; default: the board's enrolment, else the
            configured URL and token (the demo, tests).
    """

    def __init__(
        self,
        config: DisplayConfig,
        *,
        clock: Clock = utc_now,
        sink: Sink | None = None,
        led: CounterLed | None = None,
        link: DeviceLink | ServerLink | None = None,
    ) -> None:
        self.config = config
        self.board = Board(
            clock,
            board_filter=BoardFilter(frozenset(config.services), frozenset(config.counters)),
            highlight_seconds=config.highlight_seconds,
            recent_limit=config.recent_calls,
        )
        self.view = BoardView(
            self.board, clock=clock, layout=config.layout, languages=config.languages
        )
        self.view.set_office(OfficeHeader(name=config.office.name or "Antrean"))
        self.bridge = EventBridge()
        self.bridge.startup_loaded.connect(self._on_bridge_startup_loaded)
        self.bridge.event_received.connect(self._on_bridge_event_received)
        self.bridge.connection_changed.connect(self._on_bridge_connection_changed)
        self.bridge.trouble_changed.connect(self._on_bridge_trouble_changed)
        self.speech = SpeechQueue(
            sink or _default_sink(config),
            config.audio.voice_dir,
            languages=config.languages,
            mode=_reading(config.audio.number_reading, "words"),
        )
        self._led_feed = _led_feed(config, led)
        self.link = link if link is not None else _open_link(config)
        self._loader = StartupLoader(
            self._current_link,
            on_loaded=self.bridge.startup_loaded.emit,
            on_trouble=self.bridge.trouble_changed.emit,
            on_unreachable=self.link.unreachable if isinstance(self.link, DeviceLink) else None,
            logo_file=config.office.logo,
        )
        self._stream: EventStream | None = None

    def _current_link(self) -> ServerLink:
        link = self.link
        assert link is not None  # the loader starts only with a link
        return link.current() if isinstance(link, DeviceLink) else link

    def start(self) -> None:
        """Start the worker threads; the board fills in when the server answers."""
        self.speech.start()
        if self._led_feed is not None:
            self._led_feed.start()
        if self.link is None:
            self.board.set_trouble("not_enrolled")
            return
        if isinstance(self.link, DeviceLink):
            self.link.start()
        self._loader.start()

    def stop(self) -> None:
        """Stop every thread and timer; safe to call twice."""
        self._loader.stop()
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
        if isinstance(self.link, DeviceLink):
            self.link.stop()
        self.view.stop()
        self.speech.close()
        if self._led_feed is not None:
            self._led_feed.close()
            self._led_feed = None

    def _on_bridge_startup_loaded(self, startup: Startup) -> None:
        office = startup.office
        self.view.set_office(
            OfficeHeader(
                name=self.config.office.name or office.name,
                timezone=office.timezone,
                zone_abbreviation=office.zone_abbreviation,
                logo=startup.logo,
            )
        )
        if self.config.audio.number_reading == "office":
            self.speech.mode = _reading(office.number_reading, "words")
        self.board.set_service_labels(startup.services)
        self.board.apply_snapshot(startup.snapshot)
        for counter in startup.snapshot.counters:
            if counter.current is not None:
                self._show_on_led(counter.number, counter.current.number)
        self._stream = EventStream(
            self._current_link,
            on_event=self.bridge.event_received.emit,
            on_connection=self.bridge.connection_changed.emit,
            since=startup.snapshot.seq,
        )
        self._stream.start()

    def _on_bridge_event_received(self, event: Event) -> None:
        for call in self.board.apply(event):
            self.speech.announce(SpokenCall(call.number, call.counter, call.recall))
            self._show_on_led(call.counter, call.number)

    def _on_bridge_connection_changed(self, connected: bool) -> None:
        self.board.set_connected(connected)

    def _on_bridge_trouble_changed(self, trouble: object) -> None:
        self.board.set_trouble(trouble if isinstance(trouble, str) else None)

    def _show_on_led(self, counter: int, number: str) -> None:
        if self._led_feed is not None:
            self._led_feed.show(counter, number)


def _open_link(config: DisplayConfig) -> DeviceLink | ServerLink | None:
    """The board's enrolment, else its configured URL and token; None when it is to find
    its server by itself (``auto``) but was never enrolled: it says so on screen."""
    try:
        return open_link(
            configured_url=config.server, configured_token=config.token, data_dir=config.data_dir
        )
    except NotEnrolledError as error:
        log.error("%s", error)
        return None


def _reading(value: str, default: str) -> str:
    return value if value in {m.value for m in ReadingMode} else default


def _default_sink(config: DisplayConfig) -> Sink:
    return CommandSink(config.audio.player) if config.audio.enabled else NullSink()


def _led_feed(config: DisplayConfig, led: CounterLed | None) -> LedFeed | None:
    if led is None and config.led.url:
        led = counter_led_for_url(config.led.url, config.led.codec, addresses=config.led.addresses)
    return LedFeed(led) if led is not None else None
