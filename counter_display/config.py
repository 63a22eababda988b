"""``display.toml``: what one waiting-room board shows and where it gets it.

A broken file is refused with the file, the key and what is wrong, in words a
technician can act on; unknown keys are errors (a typo is not silently ignored).
Paths in the file are relative to the file's folder.
"""

import tomllib
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from antrean.asset_files import asset_path
from hardware.led.codecs import LedCodecError, codec_by_name
from queue_protocol.window_geometry import WindowGeometry

DEFAULT_VOICE_DIR = asset_path("voice")
DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "antrean" / "display"


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AudioConfig(_Section):
    enabled: bool = True
    voice_dir: Path = DEFAULT_VOICE_DIR
    player: Literal["auto", "aplay", "paplay", "pw-play"] = "auto"
    number_reading: Literal["office", "words", "digits"] = "office"


class LedConfig(_Section):
    url: str | None = None  # serial:///dev/ttyUSB0?baudrate=9600, socket://..., sim://
    codec: str = "ascii"
    addresses: dict[int, Annotated[int, Field(ge=0, le=247)]] = {}

    @field_validator("codec")
    @classmethod
    def _known_codec(cls, value: str) -> str:
        try:
            codec_by_name(value)
        except LedCodecError as error:
            raise ValueError(str(error)) from None
        return value


class OfficeOverride(_Section):
    name: str | None = None
    logo: Path | None = None


class DisplayConfig(_Section):
    """The whole ``display.toml``."""

    server: str = "auto"
    token: str | None = None  # for the demo and tests; a real board is enrolled
    data_dir: Path = DEFAULT_DATA_DIR  # its enrolment (server, pinned CA, token) lives here
    layout: Literal["landscape", "portrait"] = "landscape"
    languages: list[Literal["id", "en"]] = Field(default=["id", "en"], min_length=1)
    services: list[str] = []
    counters: list[Annotated[int, Field(ge=1)]] = []
    fullscreen: bool = True
    geometry: WindowGeometry | None = None  # a window's place: "WIDTHxHEIGHT+X+Y"
    highlight_seconds: float = Field(default=10.0, gt=0, le=120)
    recent_calls: int = Field(default=6, ge=0, le=20)
    audio: AudioConfig = AudioConfig()
    led: LedConfig = LedConfig()
    office: OfficeOverride = OfficeOverride()
    training: bool = False  # a training office's board: a PELATIHAN / TRAINING band on top

    @field_validator("server")
    @classmethod
    def _server_url(cls, value: str) -> str:
        if value != "auto" and not value.startswith(("http://", "https://")):
            raise ValueError('must be "auto" or a URL such as http://192.168.1.10:8000')
        return value.rstrip("/")

    @model_validator(mode="after")
    def _geometry_is_for_a_window(self) -> Self:
        if self.geometry is not None and self.fullscreen:
            raise ValueError("geometry places a window: set fullscreen = false with it")
        return self


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"]) or "(file)"
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "unknown key (a typo?)"
        lines.append(f"  {key}: {message}")
    return "\n".join(lines)


def _resolve(path: Path, base: Path) -> Path:
    return path if path.is_absolute() else (base / path).resolve()


def load_config(path: Path) -> DisplayConfig:
    """Read and check ``path``; raise ``ConfigError`` saying what to fix."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    try:
        config = DisplayConfig.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(f"{path}: invalid display config:\n{_describe(error)}") from None
    base = path.resolve().parent
    audio = config.audio.model_copy(update={"voice_dir": _resolve(config.audio.voice_dir, base)})
    logo = config.office.logo
    office = config.office.model_copy(update={"logo": _resolve(logo, base) if logo else None})
    data_dir = _resolve(config.data_dir.expanduser(), base)
    return config.model_copy(update={"audio": audio, "office": office, "data_dir": data_dir})
