"""Simulated ESC/POS printers that ship in the product (demo, tests, a technician's bench).

- ``SimulatedPrinter``: the mechanism. It decodes what it receives into
  ``PrintedTicket`` objects (text, PNG), answers ``DLE EOT 1/2/4`` for its state, and
  takes injected faults: ``paper_out()``, ``paper_near_end()``, ``open_cover()``,
  ``go_offline()`` (no answers at all), ``restore()``.
- ``FakeNetworkPrinter``: that mechanism behind TCP on 127.0.0.1 (port 9100, or 0 for a
  free port), in a thread; offline it refuses connections.
- ``sim_printer(url)``: the in-process printer behind ``sim://`` (``sim:///folder``
  saves PNGs there), one per URL, so faults outlive a reconnect.
- ``hardware.printer.fake_serial.FakeSerialPrinter``: the same on a pseudo-terminal.

While the paper is out or the cover open, print data is dropped (and counted), so a
test sees that nothing printed; real-time status requests are still answered.
"""

import contextlib
import selectors
import socket
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from PIL import Image

from hardware.printer.decoder import DecodedTicket, EscposDecoder, StatusRequest
from hardware.printer.paper import PaperWidth
from hardware.printer.receipt_image import decode_qr_codes, render_receipt, save_receipt

_PAPER_END_1, _COVER_2, _PAPER_END_2 = 0x08, 0x04, 0x20


@dataclass(frozen=True)
class PrintedTicket:
    """One cut ticket as the simulator printed it."""

    index: int
    decoded: DecodedTicket
    dots: int
    png_path: Path | None

    @property
    def text(self) -> str:
        """The printed text, one line per printed line."""
        return self.decoded.text

    def qr_codes(self) -> list[str]:
        """The QR codes on the ticket, read as a phone would (raster ones need zxing-cpp)."""
        return decode_qr_codes(self.decoded, dots=self.dots)

    def image(self) -> Image.Image:
        """The ticket drawn as paper (Pillow image, mode L)."""
        return render_receipt(self.decoded, dots=self.dots)


class SimulatedPrinter:
    """An ESC/POS printer mechanism with a paper roll, a cover and a status port.

    Args:
        paper: roll width; sets the PNG width.
        output_dir: where each cut ticket is saved as ``ticket-0001.png``, its text beside
            it as ``ticket-0001.txt``; None keeps none.
    """

    def __init__(
        self, *, paper: PaperWidth = PaperWidth.MM80, output_dir: Path | None = None
    ) -> None:
        self.paper = paper
        self.output_dir = output_dir
        self.dropped_jobs = 0
        self._paper = "ok"
        self._cover_open = False
        self._offline = False
        self._tickets: list[PrintedTicket] = []
        self._changed = threading.Condition()

    # -- faults ---------------------------------------------------------------------------
    def paper_out(self) -> None:
        """The roll ran out: offline, ``DLE EOT 4`` says paper end."""
        with self._changed:
            self._paper = "out"

    def paper_near_end(self) -> None:
        """Little paper left: still prints, ``DLE EOT 4`` says near end."""
        with self._changed:
            self._paper = "near_end"

    def open_cover(self) -> None:
        """The cover is open: offline, ``DLE EOT 2`` says cover open."""
        with self._changed:
            self._cover_open = True

    def go_offline(self) -> None:
        """Powered off or hung: no answers, nothing printed (the network one refuses)."""
        with self._changed:
            self._offline = True

    def restore(self) -> None:
        """Back to normal: paper loaded, cover closed, answering."""
        with self._changed:
            self._paper, self._cover_open, self._offline = "ok", False, False

    @property
    def offline(self) -> bool:
        """True after ``go_offline()`` until ``restore()``."""
        return self._offline

    # -- what was printed -----------------------------------------------------------------
    @property
    def tickets(self) -> list[PrintedTicket]:
        """Tickets printed so far, oldest first."""
        with self._changed:
            return list(self._tickets)

    def wait_for_tickets(self, count: int, timeout: float) -> bool:
        """Wait until at least ``count`` tickets printed; False if ``timeout`` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self._tickets) >= count, timeout)

    def session(self) -> "PrinterSession":
        """A decoder for one connection's byte stream, sharing this mechanism."""
        return PrinterSession(self)

    # -- mechanism --------------------------------------------------------------------------
    def status_reply(self, n: int) -> bytes:
        """The one-byte answer to ``DLE EOT n`` for the current state (``b""`` if none)."""
        with self._changed:
            paper_end = self._paper == "out"
            stopped = paper_end or self._cover_open
            if n == 1:
                return bytes([0x12 | (_PAPER_END_1 if stopped else 0)])
            if n == 2:
                cover = _COVER_2 if self._cover_open else 0
                return bytes([0x12 | cover | (_PAPER_END_2 if paper_end else 0)])
            if n == 3:
                return b"\x12"
            if n == 4:
                return {"ok": b"\x12", "near_end": b"\x1e", "out": b"\x7e"}[self._paper]
        return b""

    def _print(self, decoded: DecodedTicket) -> None:
        with self._changed:
            if self._paper == "out" or self._cover_open or self._offline:
                self.dropped_jobs += 1
                return
            index = len(self._tickets) + 1
            path = None
            if self.output_dir is not None:
                self.output_dir.mkdir(parents=True, exist_ok=True)
                path = save_receipt(
                    decoded, self.output_dir / f"ticket-{index:04d}.png", dots=self.paper.dots
                )
                path.with_suffix(".txt").write_text(decoded.text + "\n", encoding="utf-8")
            self._tickets.append(PrintedTicket(index, decoded, self.paper.dots, path))
            self._changed.notify_all()


class PrinterSession:
    """One byte stream into a ``SimulatedPrinter``: ``feed`` bytes, get the answers back."""

    def __init__(self, printer: SimulatedPrinter) -> None:
        self._printer = printer
        self._decoder = EscposDecoder()

    @property
    def unknown_commands(self) -> list[bytes]:
        """Commands the decoder did not know (a test can insist there are none)."""
        return list(self._decoder.unknown)

    def feed(self, data: bytes) -> bytes:
        """Process ``data`` in order; return the status answers (nothing when offline)."""
        if self._printer.offline:
            return b""
        replies = bytearray()
        for event in self._decoder.feed(data):
            if isinstance(event, StatusRequest):
                replies += self._printer.status_reply(event.n)
            else:
                self._printer._print(event)
        return bytes(replies)


class FakeNetworkPrinter(SimulatedPrinter):
    """A TCP ESC/POS printer on 127.0.0.1, served from one thread.

    Args:
        port: 9100 like a real one, or 0 for any free port (see ``port`` after ``start``).
        paper: roll width.
        output_dir: where ticket PNGs go, or None.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        paper: PaperWidth = PaperWidth.MM80,
        output_dir: Path | None = None,
    ) -> None:
        super().__init__(paper=paper, output_dir=output_dir)
        self.port = port
        self._thread: threading.Thread | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._stopping = False
        self._applied = threading.Event()
        self._listener: socket.socket | None = None

    @property
    def url(self) -> str:
        """``tcp://127.0.0.1:PORT`` for ``open_printer``."""
        return f"tcp://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Bind and serve in a thread; ``port`` is then the real port."""
        if self._thread is not None:
            return
        self._listener = self._listen()
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Close every connection and the listener; wait for the thread."""
        if self._thread is None:
            return
        self._stopping = True
        self._poke()
        self._thread.join(timeout=10)
        self._thread = None
        for sock in (self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        self._wake_r = self._wake_w = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def go_offline(self) -> None:
        """Stop answering and refuse new connections (returns once they are refused)."""
        super().go_offline()
        self._poke()

    def restore(self) -> None:
        """Back to normal, listening again on the same port."""
        super().restore()
        self._poke()

    def _poke(self) -> None:
        if self._wake_w is None or self._thread is None:
            return
        self._applied.clear()
        self._wake_w.send(b"!")
        self._applied.wait(timeout=10)

    def _listen(self) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        self.port = listener.getsockname()[1]
        return listener

    def _serve(self) -> None:
        selector = selectors.DefaultSelector()
        assert self._wake_r is not None
        selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._apply(selector)
        try:
            while not self._stopping:
                for key, _ in selector.select():
                    if key.data is None:
                        self._wake_r.recv(64)
                        self._apply(selector)
                    elif key.data == "listen":
                        self._accept(selector, key.fileobj)  # type: ignore[arg-type]
                    else:
                        self._receive(selector, key.fileobj, key.data)  # type: ignore[arg-type]
        finally:
            for key in list(selector.get_map().values()):
                if key.fileobj is not self._wake_r:
                    key.fileobj.close()  # type: ignore[union-attr]
            selector.close()
            self._listener = None
            self._applied.set()

    def _apply(self, selector: selectors.BaseSelector) -> None:
        want_listening = not self.offline and not self._stopping
        if want_listening and self._listener is None:
            self._listener = self._listen()
        if self._listener is not None:
            registered = self._listener in {key.fileobj for key in selector.get_map().values()}
            if want_listening and not registered:
                selector.register(self._listener, selectors.EVENT_READ, "listen")
            elif not want_listening:
                if registered:
                    selector.unregister(self._listener)
                self._listener.close()
                self._listener = None
        self._applied.set()

    def _accept(self, selector: selectors.BaseSelector, listener: socket.socket) -> None:
        connection, _ = listener.accept()
        connection.setblocking(True)
        connection.settimeout(5)
        selector.register(connection, selectors.EVENT_READ, self.session())

    def _receive(
        self, selector: selectors.BaseSelector, connection: socket.socket, session: PrinterSession
    ) -> None:
        try:
            data = connection.recv(65536)
        except OSError:
            data = b""
        if not data:
            selector.unregister(connection)
            connection.close()
            return
        reply = session.feed(data)
        if reply:
            with contextlib.suppress(OSError):  # the client went away; its next recv sees that
                connection.sendall(reply)


_SIM_PRINTERS: dict[str, SimulatedPrinter] = {}
_SIM_LOCK = threading.Lock()


def sim_printer(url: str = "sim://", *, paper: PaperWidth = PaperWidth.MM80) -> SimulatedPrinter:
    """The in-process simulated printer for a ``sim://`` URL (one per URL, made on first use).

    ``sim:///path/to/folder`` saves each ticket's PNG in that folder; plain ``sim://``
    saves them in a temporary folder (``output_dir`` says which).
    """
    path = url.split("?", 1)[0].removeprefix("sim://")
    with _SIM_LOCK:
        printer = _SIM_PRINTERS.get(url)
        if printer is None:
            folder = Path(path) if path else Path(tempfile.gettempdir()) / "antrean-sim-printer"
            printer = SimulatedPrinter(paper=paper, output_dir=folder)
            _SIM_PRINTERS[url] = printer
        return printer
