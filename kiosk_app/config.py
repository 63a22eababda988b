"""``kiosk.toml``: which server, which devices, which screen. A broken file is refused
with the file's name, the key and what is wrong with it.

Device URLs: ``sim://`` (a simulator that ships in the product), ``tcp://``,
``serial://``, ``usb://``, ``file://`` for printers; ``serial://``/``sim://`` for the
scanner and MRZ reader, ``wedge`` for a keyboard-wedge scanner; ``v4l2://``,
``cv:N``, ``file://`` or ``sim://`` for the camera; an empty string for "none".
"""

import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from kiosk_app.core.booking_code import load_public_key
from queue_protocol import Language
from queue_protocol.window_geometry import WindowGeometry

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "antrean" / "kiosk"


class KioskConfigError(Exception):
    """A kiosk.toml that cannot be used; the message names file, key and problem."""


class Orientation(StrEnum):
    PORTRAIT = "portrait"  # 1080 x 1920
    LANDSCAPE = "landscape"  # 1920 x 1080

    @property
    def size(self) -> tuple[int, int]:
        """The panel this orientation is designed for; other sizes are drawn to scale."""
        return (1080, 1920) if self is Orientation.PORTRAIT else (1920, 1080)


SIMULATED_PANEL_WIDTH = 220  # the demo's "simulated devices" column beside the kiosk


class KioskMode(StrEnum):
    KIOSK = "kiosk"
    FEEDBACK = "feedback"


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ServerSection(_Section):
    url: str = Field(default="auto", pattern=r"^(auto|https?://\S+)$")
    token: str = ""
    token_file: Path | None = None
    timeout_seconds: Annotated[float, Field(gt=0, le=30)] = 3.0

    def resolved_token(self) -> str:
        if self.token_file is not None:
            return self.token_file.expanduser().read_text(encoding="utf-8").strip()
        return self.token


class DevicesSection(_Section):
    printer: str = "sim://"
    scanner: str = "sim://"
    camera: str = ""
    mrz: str = "sim://"


class ScreenSection(_Section):
    orientation: Orientation = Orientation.PORTRAIT
    language: Language = Language.ID
    fullscreen: bool = True
    inactivity_seconds: Annotated[int, Field(ge=10, le=600)] = 60
    ticket_seconds: Annotated[int, Field(ge=5, le=300)] = 30
    simulated_panel: bool = True  # show the demo side panel when devices are sim://
    geometry: WindowGeometry | None = None  # a window's place: "WIDTHxHEIGHT+X+Y"

    @model_validator(mode="after")
    def _geometry_is_for_a_window(self) -> Self:
        if self.geometry is not None and self.fullscreen:
            raise ValueError("geometry places a window: set fullscreen = false with it")
        return self


class OfficeSection(_Section):
    name: str = ""  # empty: the server's office name
    logo: Path | None = None
    replacement_service: str = "GP"
    booking_public_key: str = ""

    @field_validator("booking_public_key")
    @classmethod
    def _key_is_ed25519(cls, value: str) -> str:
        if value:
            load_public_key(value)  # raises ValueError with what is wrong
        return value


class SimulatorSection(_Section):
    """The demo's side panel: sample booking codes to "scan" (the demo's imported ones),
    and the feed of simulated visitors the kiosk plays (one JSON object a line)."""

    bookings: list[str] = Field(default_factory=list)
    visitors: Path | None = None


class FeedbackSection(_Section):
    counter: Annotated[int, Field(ge=1, le=999)] | None = None


class KioskConfig(_Section):
    """The whole kiosk.toml."""

    mode: KioskMode = KioskMode.KIOSK
    data_dir: Path = DEFAULT_DATA_DIR
    server: ServerSection = ServerSection()
    devices: DevicesSection = DevicesSection()
    screen: ScreenSection = ScreenSection()
    office: OfficeSection = OfficeSection()
    feedback: FeedbackSection = FeedbackSection()
    simulator: SimulatorSection = SimulatorSection()
    training: bool = False  # a training office: every screen and ticket says so

    @model_validator(mode="after")
    def _feedback_needs_counter(self) -> Self:
        if self.mode == KioskMode.FEEDBACK and self.feedback.counter is None:
            raise ValueError("mode = 'feedback' needs [feedback] counter = N")
        return self

    @property
    def simulated(self) -> bool:
        """True when any device is a simulator (the demo side panel may show)."""
        urls = (self.devices.printer, self.devices.scanner, self.devices.mrz, self.devices.camera)
        return any(url.startswith("sim://") for url in urls)


def parse_config(text: str, *, source: str = "kiosk.toml") -> KioskConfig:
    """Parse kiosk.toml text. Raises ``KioskConfigError`` naming ``source`` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KioskConfigError(f"{source}: not valid TOML: {error}") from None
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
            problems.append(f"{source}: {key}: {problem['msg']}")
        raise KioskConfigError("\n".join(problems)) from None


def load_config(path: Path | None) -> KioskConfig:
    """Read ``path`` (None: every default). Raises ``KioskConfigError``."""
    if path is None:
        return KioskConfig()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KioskConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    return parse_config(text, source=str(path))
