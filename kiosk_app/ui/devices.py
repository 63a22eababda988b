"""The kiosk's input devices as Qt signals.

The scanner, the MRZ reader and the camera each run under a ``DeviceSupervisor``
(``hardware.input_devices``) on a thread of their own, reopened after a fault; a reading
or a change of state comes to the UI thread as a signal. A keyboard-wedge scanner is read
by ``WedgeFilter`` from the application's key events.

With ``sim://`` URLs the simulators that ship in the product stand in for the devices
(pseudo-terminal scanner and MRZ reader, a camera that shows held-up codes), and
``simulate_*`` feed them: the app reads real bytes and real pixels.
"""

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from hardware.input_devices import InputDevices, input_devices
from hardware.scanner.wedge import WedgeBurstDecoder, WedgeScan
from hardware.supervisor import DeviceState

log = logging.getLogger(__name__)


class DeviceHub(QObject):
    """Starts and stops the input devices named in the config.

    Signals:
        code_scanned(str): a booking code from the scanner, camera or keyboard wedge.
        mrz_read(str): the MRZ text of a passport put on the reader.
        scanner_state_changed(str): the scanner became available/unavailable/failed.
        device_state_changed(str, str): a device ("scanner", "mrz", "camera") and its state.
    """

    code_scanned = Signal(str)
    mrz_read = Signal(str)
    scanner_state_changed = Signal(str)
    device_state_changed = Signal(str, str)

    def __init__(
        self, *, scanner_url: str, mrz_url: str, camera_url: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._urls = (scanner_url, mrz_url, camera_url)
        self._devices = InputDevices()

    def start(self) -> None:
        """Start a supervisor for every configured device (simulators first)."""
        scanner_url, mrz_url, camera_url = self._urls
        self._devices = input_devices(
            scanner_url=scanner_url, mrz_url=mrz_url, camera_url=camera_url,
            on_code=self.code_scanned.emit, on_mrz=self.mrz_read.emit, on_state=self._on_state,
        )  # fmt: skip
        self._devices.start()

    def stop(self) -> None:
        """Stop every supervisor and close every device and simulator."""
        self._devices.stop()

    def simulate_scan(self, text: str) -> None:
        """Demo/tests: the simulated scanner reads ``text`` (real bytes on the pty)."""
        if self._devices.simulators.scanner is not None:
            self._devices.simulators.scanner.scan(text)

    def simulate_passport(self, mrz: str) -> None:
        """Demo/tests: a passport is put on the simulated MRZ reader."""
        if self._devices.simulators.mrz is not None:
            self._devices.simulators.mrz.present(mrz)

    def simulate_camera(self, text: str) -> None:
        """Demo/tests: a QR code with ``text`` is held up to the simulated camera."""
        if self._devices.simulators.camera is not None:
            self._devices.simulators.camera.present(text)

    def _on_state(self, device: str, state: DeviceState) -> None:
        self.device_state_changed.emit(device, state.value)
        if device == "scanner":
            self.scanner_state_changed.emit(state.value)


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
