"""The demo's "simulated devices" side panel: scan sample codes, present sample passports.

Shown only when devices are ``sim://``. Each button drives a simulator, so the
kiosk reads real bytes (pty scanner and MRZ reader) and real pixels (camera).
"""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk_app.config import SIMULATED_PANEL_WIDTH
from kiosk_app.core.samples import SamplePassports
from kiosk_app.ui.devices import DeviceHub
from kiosk_app.ui.widgets import button

SAMPLE_BOOKING = "1234567890123456"
FORGED_TOKEN = "AQ1.eyJhIjoiMTIzNCIsImQiOiIyMDI2LTAxLTAxIn0.Zm9yZ2Vk"  # noqa: S105 - a sample, not a secret
MALFORMED_QR = "https://example.invalid/?<script>"
PRINTER_FAULTS = ("paper_out", "open_cover", "go_offline", "restore")
# A tool beside the kiosk, not part of it: small type at any kiosk scale, so all its
# buttons fit beside a kiosk window of 700 px or more.
PANEL_STYLE = """
QWidget { background: #e5e9ef; color: #0b1f33; font-family: "DejaVu Sans"; font-size: 15px; }
QPushButton#sim { background: #33475b; color: #ffffff; border: none; border-radius: 6px;
    padding: 4px; font-weight: bold; }
QPushButton#sim:pressed { background: #0b1f33; }
"""


class SimulatedDevicesWidget(QWidget):
    """A narrow column of demo buttons beside the kiosk screen."""

    def __init__(
        self,
        devices: DeviceHub,
        *,
        today: date,
        bookings: list[str] | None = None,
        printer_url: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setFixedWidth(SIMULATED_PANEL_WIDTH)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(PANEL_STYLE)
        self._devices = devices
        passports = SamplePassports.for_day(today)
        layout = QVBoxLayout(self)
        title = QLabel("Simulated devices")
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        self.buttons: dict[str, QWidget] = {}
        codes = bookings or [SAMPLE_BOOKING]
        for index, code in enumerate(codes[:3], start=1):
            self._add(layout, f"Booking {index} (scanner)", "scan", code)
        self._add(layout, "Booking 1 (camera)", "camera", codes[0])
        self._add(layout, "Forged token", "scan", FORGED_TOKEN)
        self._add(layout, "Malformed QR", "scan", MALFORMED_QR)
        for name, text in (
            ("Passport, age 65", passports.senior),
            ("Passport, age 30", passports.adult),
            ("Passport, expired", passports.expired),
            ("Passport, garbled", passports.garbled),
        ):
            self._add(layout, name, "mrz", text)
        if printer_url.startswith("sim://"):
            self._printer_url = printer_url
            for fault in PRINTER_FAULTS:
                self._add(layout, f"Printer: {fault.replace('_', ' ')}", "printer", fault)
        layout.addStretch(1)

    def _add(self, layout: QVBoxLayout, name: str, kind: str, text: str) -> None:
        widget = button(name, "sim", height=36)
        widget.clicked.connect(lambda _=False: self._on_button_clicked(kind, text))
        layout.addWidget(widget)
        self.buttons[name] = widget

    def _on_button_clicked(self, kind: str, text: str) -> None:
        if kind == "scan":
            self._devices.simulate_scan(text)
        elif kind == "camera":
            self._devices.simulate_camera(text)
        elif kind == "printer":
            from hardware.printer.fake import sim_printer  # the one behind this sim:// URL

            getattr(sim_printer(self._printer_url), text)()
        else:
            self._devices.simulate_passport(text)
