"""The kiosk's input devices, each under a ``DeviceSupervisor``, made from the URLs of its
config. Each factory chooses the simulator itself for ``sim://`` (a pseudo-terminal scanner or
MRZ reader, a camera a code is held up to) and hands it back, for the demo's panel to drive;
the kiosk then reads real bytes and real pixels either way."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from hardware.camera.base import CameraError
from hardware.camera.code_reader import CameraCodeReader
from hardware.camera.factory import camera_for_url
from hardware.camera.presented import PresentedCodeCamera
from hardware.mrz.base import MrzReaderConfigError, MrzReaderError
from hardware.mrz.fake import FakeSerialMrzReader
from hardware.mrz.serial_reader import SerialMrzReader
from hardware.scanner.base import ScannerError
from hardware.scanner.fake import FakeSerialScanner
from hardware.scanner.serial_scanner import ScannerConfigError, SerialCodeScanner
from hardware.supervisor import DeviceState, DeviceSupervisor

log = logging.getLogger(__name__)
Handler = Callable[[str], None]
StateListener = Callable[[DeviceState], None]
READ_TIMEOUT = 0.2  # how long a supervisor waits per step: its stop is that quick


@dataclass
class Simulators:
    """The simulated devices behind ``sim://`` URLs (None where a real one is configured)."""

    scanner: FakeSerialScanner | None = None
    mrz: FakeSerialMrzReader | None = None
    camera: PresentedCodeCamera | None = None

    def close(self) -> None:
        for simulator in (self.scanner, self.mrz):
            if simulator is not None:
                simulator.close()


@dataclass
class InputDevices:
    """The supervisors of the configured devices, and the simulators behind them."""

    supervisors: list[DeviceSupervisor[str]] = field(default_factory=list)
    simulators: Simulators = field(default_factory=Simulators)

    def start(self) -> None:
        for supervisor in self.supervisors:
            supervisor.start()

    def stop(self) -> None:
        for supervisor in self.supervisors:
            supervisor.stop()
        self.simulators.close()


def code_scanner(url: str, handler: Handler, on_state: StateListener) -> DeviceSupervisor[str]:
    """A serial scanner at ``url`` (a path, ``serial://``, ``socket://``)."""
    scanner = SerialCodeScanner(url)
    return DeviceSupervisor(
        "scanner", scanner, scanner.read_scan, handler, faults=(ScannerError,),
        config_faults=(ScannerConfigError,), on_state=on_state, read_timeout=READ_TIMEOUT,
    )  # fmt: skip


def mrz_reader(url: str, handler: Handler, on_state: StateListener) -> DeviceSupervisor[str]:
    """A serial MRZ reader at ``url``; each reading is a document's raw MRZ lines."""
    reader = SerialMrzReader(url)
    return DeviceSupervisor(
        "MRZ reader", reader, reader.read_mrz, handler, faults=(MrzReaderError,),
        config_faults=(MrzReaderConfigError,), on_state=on_state, read_timeout=READ_TIMEOUT,
    )  # fmt: skip


def code_camera(
    reader: CameraCodeReader, handler: Handler, on_state: StateListener
) -> DeviceSupervisor[str]:
    """The QR codes ``reader``'s camera sees."""
    return DeviceSupervisor(
        "camera", reader, reader.read_code, handler, faults=(CameraError,),
        on_state=on_state, read_timeout=READ_TIMEOUT,
    )  # fmt: skip


def input_devices(
    *,
    scanner_url: str,
    mrz_url: str,
    camera_url: str,
    on_code: Handler,
    on_mrz: Handler,
    on_state: Callable[[str, DeviceState], None],
) -> InputDevices:
    """Supervisors for each configured URL ("" or ``wedge``: none; ``sim://``: a simulator).
    A camera URL that names no kind of camera is logged and reported as failed."""
    made = InputDevices()
    simulators = made.simulators
    if scanner_url.startswith("sim://"):
        simulators.scanner = FakeSerialScanner()
        simulators.scanner.open()
        scanner_url = simulators.scanner.device_path
    if scanner_url and scanner_url != "wedge":
        made.supervisors.append(
            code_scanner(scanner_url, on_code, lambda state: on_state("scanner", state))
        )
    if mrz_url.startswith("sim://"):
        simulators.mrz = FakeSerialMrzReader()
        simulators.mrz.open()
        mrz_url = simulators.mrz.device_path
    if mrz_url:
        made.supervisors.append(mrz_reader(mrz_url, on_mrz, lambda state: on_state("mrz", state)))
    if camera_url.startswith("sim://"):
        simulators.camera = PresentedCodeCamera(camera_url)
    if camera_url:
        try:
            camera = simulators.camera or camera_for_url(camera_url)
        except CameraError as error:  # a configuration mistake: the other devices still run
            log.error("camera stopped, fix the configuration: %s", error)
            on_state("camera", DeviceState.FAILED)
            return made
        listener: StateListener = lambda state: on_state("camera", state)  # noqa: E731
        made.supervisors.append(code_camera(CameraCodeReader(camera), on_code, listener))
    return made
