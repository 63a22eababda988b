"""Every kind of input device the kiosk reads is found again without a restart: absent at
start, plugged in later, unplugged, plugged in again; one log line per change of state.

Serial devices are real pseudo-terminals behind a stable path (as udev's
``/dev/serial/by-id/...`` link is), the camera a test double around the kiosk's simulator.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import pytest

from hardware.camera.base import CameraError, Frame
from hardware.camera.code_reader import CameraCodeReader
from hardware.camera.presented import PresentedCodeCamera
from hardware.input_devices import code_camera, code_scanner, mrz_reader
from hardware.mrz.fake import SPECIMEN_TD3, FakeSerialMrzReader
from hardware.scanner.fake import FakeSerialScanner
from hardware.supervisor import DeviceState, DeviceSupervisor

WAIT = 10.0  # seconds; the supervisors retry at most every 0.2 s here


class Readings:
    """What a supervisor delivered and which states it went through, waitable."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.states: list[DeviceState] = []
        self._changed = threading.Condition()

    def value(self, text: str) -> None:
        with self._changed:
            self.values.append(text)
            self._changed.notify_all()

    def state(self, state: DeviceState) -> None:
        with self._changed:
            self.states.append(state)
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[], bool]) -> None:
        with self._changed:
            assert self._changed.wait_for(condition, WAIT), (self.states, self.values)


class Plug(Protocol):
    """A device that can be plugged in and out, and asked to produce one reading."""

    def plug(self) -> None: ...

    def unplug(self) -> None: ...

    def produce(self) -> str: ...


class SerialPlug:
    """A pseudo-terminal simulator behind ``link``: plugged, the link points at it."""

    def __init__(self, link: Path, make: Callable[[], FakeSerialScanner | FakeSerialMrzReader]):
        self.link = link
        self._make = make
        self._device: FakeSerialScanner | FakeSerialMrzReader | None = None

    def plug(self) -> None:
        self._device = self._make()
        self._device.open()
        self.link.symlink_to(self._device.device_path)

    def unplug(self) -> None:
        self.link.unlink()
        if self._device is not None:
            self._device.close()

    def produce(self) -> str:
        if isinstance(self._device, FakeSerialScanner):
            self._device.scan("A012")
            return "A012"
        assert self._device is not None
        self._device.present(SPECIMEN_TD3)
        return SPECIMEN_TD3


class PluggableCamera:
    """The kiosk's simulated camera on a cable the test pulls."""

    def __init__(self) -> None:
        self.url = "v4l2:///dev/video0"
        self.plugged = False
        self._view = PresentedCodeCamera()
        self._shown = 0

    def open(self) -> None:
        if not self.plugged:
            raise CameraError("camera at v4l2:///dev/video0: no such device")

    def close(self) -> None:
        """Nothing to release."""

    def read_frame(self) -> Frame | None:
        if not self.plugged:
            raise CameraError("camera at v4l2:///dev/video0: stopped delivering frames")
        return self._view.read_frame()

    def plug(self) -> None:
        self.plugged = True

    def unplug(self) -> None:
        self.plugged = False

    def produce(self) -> str:
        self._shown += 1  # another visitor's code: the same one is not read twice in a row
        code = f"KODE-BOOKING-{self._shown}"
        self._view.present(code)
        return code


@contextmanager
def running(supervisor: DeviceSupervisor[str]) -> Iterator[None]:
    supervisor.start()
    try:
        yield
    finally:
        supervisor.stop()


def supervised(kind: str, tmp_path: Path, readings: Readings) -> tuple[Plug, DeviceSupervisor[str]]:
    if kind == "camera":
        camera = PluggableCamera()
        return camera, code_camera(CameraCodeReader(camera), readings.value, readings.state)
    link = tmp_path / f"antrean-{kind}"
    if kind == "scanner":
        plug = SerialPlug(link, FakeSerialScanner)
        return plug, code_scanner(str(link), readings.value, readings.state)
    plug = SerialPlug(link, FakeSerialMrzReader)
    return plug, mrz_reader(str(link), readings.value, readings.state)


@pytest.mark.parametrize("kind", ["scanner", "mrz", "camera"])
def test_a_device_absent_then_plugged_unplugged_and_replugged_is_read_each_time(
    kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    readings = Readings()
    plug, supervisor = supervised(kind, tmp_path, readings)
    supervisor._max_backoff = 0.2
    with caplog.at_level(logging.INFO, logger="hardware.supervisor"), running(supervisor):
        readings.wait_for(lambda: readings.states == [DeviceState.UNAVAILABLE])  # absent
        plug.plug()
        readings.wait_for(lambda: readings.states[-1] is DeviceState.AVAILABLE)
        first = plug.produce()
        readings.wait_for(lambda: readings.values == [first])
        plug.unplug()
        readings.wait_for(lambda: readings.states[-1] is DeviceState.UNAVAILABLE)
        plug.plug()
        readings.wait_for(lambda: readings.states[-1] is DeviceState.AVAILABLE)
        second = plug.produce()
        readings.wait_for(lambda: len(readings.values) == 2)
    plug.unplug()
    assert readings.values == [first, second]
    assert readings.states == [DeviceState.UNAVAILABLE, DeviceState.AVAILABLE] * 2
    lines = [r.getMessage() for r in caplog.records if r.name == "hardware.supervisor"]
    assert len(lines) == 4, lines  # one per change, none per retry
    assert lines[1].endswith("is available")
