"""The enrolment screen: what a kiosk or feedback screen shows until it is enrolled.

A technician scans the enrolment QR code (Admin > Devices, or the code printed by
``antrean device add``) with the kiosk's own scanner, or types the code. The
exchange runs off the UI thread; a refusal (a mistyped code, a server whose
certificate does not match the code) is shown as it is, and the code can be tried
again. Texts are for the technician: both languages at once.
"""

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from kiosk_app.config import KioskConfig
from kiosk_app.core.texts import TEXTS, both
from kiosk_app.ui.devices import DeviceHub
from kiosk_app.ui.theme import STYLE
from kiosk_app.ui.widgets import button, label
from kiosk_app.ui.workers import JobRunner
from queue_protocol import DeviceKind
from queue_protocol.enrolment import Enrolment, EnrolmentError, EnrolmentFile, enrol_and_keep

log = logging.getLogger(__name__)


class EnrolmentView(QWidget):
    """Takes an enrolment code, enrols with it, and says how it went.

    Signals:
        enrolled(object): the ``Enrolment``, kept in the device's data directory.
    """

    enrolled = Signal(object)

    def __init__(
        self, store: EnrolmentFile, kind: DeviceKind, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("enrolmentView")
        self.setWindowTitle(both("enrol_title"))
        self.setStyleSheet(STYLE)
        self._store = store
        self._kind = kind
        self._jobs = JobRunner(max_threads=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.setSpacing(32)
        layout.addWidget(label(both("enrol_title"), "title"))
        layout.addWidget(label(both("enrol_how"), "line"))
        self.code = QLineEdit()
        self.code.setObjectName("enrolmentCode")
        self.code.setPlaceholderText("https://…/enrol#ca=…&secret=…")
        self.code.returnPressed.connect(self._on_code_return_pressed)
        layout.addWidget(self.code)
        self.submit_button = button(" / ".join(TEXTS["enrol_button"]))
        self.submit_button.clicked.connect(self._on_code_return_pressed)
        layout.addWidget(self.submit_button)
        self.status = label("", "status")
        self.status.hide()
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(label(" / ".join(TEXTS["enrol_where"]) + f": {store.path}", "detail"))

    def submit(self, text: str) -> None:
        """Enrol with ``text`` (typed, or read by the scanner)."""
        text = text.strip()
        if not text or not self.submit_button.isEnabled():
            return
        self.code.setText(text)
        self.submit_button.setEnabled(False)
        self._show(both("enrol_busy"), fault=False)
        self._jobs.submit(lambda: enrol_and_keep(text, self._store, kind=self._kind), self._on_done)

    def wait(self) -> None:
        self._jobs.wait()

    def _on_code_return_pressed(self) -> None:
        self.submit(self.code.text())

    def _on_done(self, result: object) -> None:
        self.submit_button.setEnabled(True)
        if isinstance(result, Enrolment):
            self._show(both("enrol_done").format(name=result.name), fault=False)
            self.enrolled.emit(result)
            return
        message = str(result) if isinstance(result, EnrolmentError) else both("enrol_failed")
        log.warning("enrolment failed: %s", result)
        self._show(message, fault=True)

    def _show(self, text: str, *, fault: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("fault", "true" if fault else "false")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.show()
        # a word-wrapped label's height follows its text only once asked again
        self.status.setMinimumHeight(self.status.heightForWidth(self.status.width()))


def enrol_on_screen(app: QApplication, config: KioskConfig, kind: DeviceKind) -> Enrolment | None:
    """Show the enrolment screen until the device is enrolled (the ``Enrolment``) or the
    window is closed (None). The code scanner of ``config`` feeds it."""
    view = EnrolmentView(EnrolmentFile(config.data_dir), kind)
    hub = DeviceHub(scanner_url=config.devices.scanner, mrz_url="", camera_url="")
    hub.code_scanned.connect(view.submit)
    result: list[Enrolment] = []

    def done(enrolment: object) -> None:
        assert isinstance(enrolment, Enrolment)
        result.append(enrolment)
        app.quit()

    view.enrolled.connect(done)
    width, height = config.screen.orientation.size
    view.resize(width, height)
    if config.screen.fullscreen:
        view.setWindowState(Qt.WindowState.WindowFullScreen)
    view.show()
    view.code.setFocus()
    hub.start()
    try:
        app.exec()
    finally:
        hub.stop()
        view.wait()
        view.close()
    return result[0] if result else None
