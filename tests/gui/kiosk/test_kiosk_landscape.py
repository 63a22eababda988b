"""The landscape kiosk (1920 x 1080): the same screens must fit without scrolling."""

import pytest

from kiosk_app.core.state import Screen
from tests.gui.kiosk.conftest import KioskHarness

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_kiosk_landscape_screens_fit(landscape_kiosk: KioskHarness) -> None:
    kiosk = landscape_kiosk
    kiosk.wait_screen(Screen.START)
    kiosk.shoot("01-start")
    kiosk.choose(Screen.START, "booking")
    kiosk.wait_screen(Screen.BOOKING)
    kiosk.shoot("02-booking")
    ok = kiosk.parts.window.booking.keypad.ok
    assert ok.geometry().bottom() <= kiosk.parts.window.booking.height()
    kiosk.tap(kiosk.parts.window.booking.home)
    kiosk.choose(Screen.START, "walk_in")
    kiosk.choose(Screen.PRIORITY, "none")
    kiosk.wait_screen(Screen.SERVICES)
    kiosk.shoot("03-services")
    kiosk.choose(Screen.SERVICES, "AP")
    kiosk.wait_screen(Screen.TICKET)
    kiosk.shoot("04-ticket")
