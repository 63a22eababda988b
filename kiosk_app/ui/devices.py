"""The kiosk's input devices, each read off the UI thread, each read delivered by signal.

- code scanner: ``ScannerSupervisor`` (own thread, reopens after a fault);
- MRZ reader: a ``QThread`` polling ``read_mrz``;
- camera: a ``QThread`` decoding QR codes from frames (``hardware.camera.qr``);
- keyboard-wedge scanner: ``WedgeFilter`` on the application's key events.

With ``sim://`` URLs the hub runs the simulators that ship in the product
(pseudo-terminal scanner and MRZ reader, a camera that shows held-up codes),
and ``simulate_*`` feed them: the app reads real bytes and real pixels.
"""

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QThread, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from hardware.camera.base import Camera, CameraError
from hardware.mrz.base import MrzReader, MrzReaderError
from hardware.mrz.fake import FakeSerialMrzReader
from hardware.mrz.serial_reader import SerialMrzReader
from hardware.scanner.fake import FakeSerialScanner
from hardware.scanner.serial_scanner import SerialCodeScanner
from hardware.scanner.supervisor import ScannerState, ScannerSupervisor
from hardware.scanner.wedge import WedgeBurstDecoder, WedgeScan
from kiosk_app.core.samples import PresentedCodeCamera, RepeatFilter

log = logging.getLogger(__name__)


class _PollThread(QThread):
    """Calls ``step`` until stopped; ``step`` blocks briefly (a read with a timeout)."""

    def __init__(self, name: str, step: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self._step = step
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.is_set():
            self._step()

    def stop(self) -> None:
        self._stopping.set()
        self.wait(5000)


class DeviceHub(QObject):
    """Starts and stops the input devices named in the config.

    Signals:
        code_scanned(str): a booking code from the scanner, camera or keyboard wedge.
        mrz_read(str): the MRZ text of a passport put on the reader.
        scanner_state_changed(str): the scanner became available/unavailable/failed.
    """

    code_scanned = Signal(str)
    mrz_read = Signal(str)
    scanner_state_changed = Signal(str)

    def __init__(
        self, *, scanner_url: str, mrz_url: str, camera_url: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._urls = (scanner_url, mrz_url, camera_url)
        self.fake_scanner: FakeSerialScanner | None = None
        self.fake_mrz: FakeSerialMrzReader | None = None
        self.camera: Camera | None = None
        self._supervisor: ScannerSupervisor | None = None
        self._mrz: MrzReader | None = None
        self._threads: list[_PollThread] = []
        self._repeats = RepeatFilter()

    def start(self) -> None:
        """Open every configured device (simulators first, so their paths exist)."""
        scanner_url, mrz_url, camera_url = self._urls
        if scanner_url.startswith("sim://"):
            self.fake_scanner = FakeSerialScanner()
            self.fake_scanner.open()
            scanner_url = self.fake_scanner.device_path
        if scanner_url and scanner_url != "wedge":
            self._supervisor = ScannerSupervisor(
                SerialCodeScanner(scanner_url),
                self._on_scanner_scanned,
                on_state=self._on_scanner_state,
                read_timeout=0.2,
            )
            self._supervisor.start()
        if mrz_url.startswith("sim://"):
            self.fake_mrz = FakeSerialMrzReader()
            self.fake_mrz.open()
            mrz_url = self.fake_mrz.device_path
        if mrz_url:
            self._start_mrz(SerialMrzReader(mrz_url))
        if camera_url:
            self._start_camera(camera_url)

    def stop(self) -> None:
        """Stop every reader thread and close every device."""
        for thread in self._threads:
            thread.stop()
        self._threads.clear()
        if self._supervisor is not None:
            self._supervisor.stop()
        for device in (self._mrz, self.camera, self.fake_scanner, self.fake_mrz):
            if device is not None:
                device.close()

    def simulate_scan(self, text: str) -> None:
        """Demo/tests: the simulated scanner reads ``text`` (real bytes on the pty)."""
        if self.fake_scanner is not None:
            self.fake_scanner.scan(text)

    def simulate_passport(self, mrz: str) -> None:
        """Demo/tests: a passport is put on the simulated MRZ reader."""
        if self.fake_mrz is not None:
            self.fake_mrz.present(mrz)

    def simulate_camera(self, text: str) -> None:
        """Demo/tests: a QR code with ``text`` is held up to the simulated camera."""
        if isinstance(self.camera, PresentedCodeCamera):
            self.camera.present(text)

    def _on_scanner_scanned(self, text: str) -> None:
        self.code_scanned.emit(text)

    def _on_scanner_state(self, state: ScannerState) -> None:
        self.scanner_state_changed.emit(state.value)

    def _start_mrz(self, reader: MrzReader) -> None:
        try:
            reader.open()
        except MrzReaderError as error:
            log.error("MRZ reader unavailable: %s", error)
            return
        self._mrz = reader

        def step() -> None:
            try:
                text = reader.read_mrz(0.2)
            except MrzReaderError as error:
                log.warning("MRZ reader: %s", error)
                time.sleep(0.5)  # on the reader's own thread; a fault must not spin
                return
            if text:
                self.mrz_read.emit(text)

        self._spawn("mrz-reader", step)

    def _start_camera(self, url: str) -> None:
        from hardware.camera.factory import camera_for_url
        from hardware.camera.qr import decode_qr

        camera: Camera = (
            PresentedCodeCamera(url) if url.startswith("sim://") else camera_for_url(url)
        )
        try:
            camera.open()
        except CameraError as error:
            log.error("camera unavailable: %s", error)
            return
        self.camera = camera

        def step() -> None:
            frame = camera.read_frame()
            if frame is None:
                time.sleep(0.01)
                return
            for text in decode_qr(frame):
                if self._repeats.accept(text):
                    self.code_scanned.emit(text)
            time.sleep(0.03)  # ~30 frames a second at most

        self._spawn("camera", step)

    def _spawn(self, name: str, step: Callable[[], None]) -> None:
        thread = _PollThread(name, step)
        self._threads.append(thread)
        thread.start()


class WedgeFilter(QObject):
    """Tells a keyboard-wedge scanner's burst from typing; bursts become scans.

    Installed on the QApplication when ``scanner = "wedge"``. Keys that were a
    scan are swallowed; the kiosk has no text field, so typed keys are dropped.

    Signals:
        scanned(str): a complete burst.
    """

    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic
    ):
        super().__init__(parent)
        self._decoder = WedgeBurstDecoder(end_on_gap=True)
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def feed(self, key: str) -> None:
        """One key (a character or a key name such as ``Enter``)."""
        for event in self._decoder.feed(key, self._clock()):
            if isinstance(event, WedgeScan):
                self.scanned.emit(event.text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        text = event.text()
        if event.key() in (0x01000004, 0x01000005):  # Qt.Key_Return, Qt.Key_Enter
            self.feed("Enter")
        elif len(text) == 1 and text.isprintable():
            self.feed(text)
        else:
            return False
        return True

    def _on_timer_timeout(self) -> None:
        for event in self._decoder.poll(self._clock()):
            if isinstance(event, WedgeScan):
                self.scanned.emit(event.text)
