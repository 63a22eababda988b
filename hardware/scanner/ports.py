"""Serial device URLs: ``serial:///dev/ttyUSB0?baudrate=115200`` to an open pyserial port.

Accepted forms:
- ``serial:///dev/ttyACM0?baudrate=115200&parity=N&bytesize=8&stopbits=1``;
- a bare device path such as ``/dev/pts/3`` or ``/dev/serial/by-id/usb-...``;
- any pyserial URL handler: ``loop://``, ``socket://host:port``, ``rfc2217://host:port``.
"""

import errno
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import serial

_INT_OPTIONS = ("baudrate", "bytesize")
_BOOL_OPTIONS = ("rtscts", "xonxoff", "dsrdtr")
_PYSERIAL_SCHEMES = ("loop", "socket", "rfc2217", "spy", "alt", "hwgrep", "cp2110")


class SerialUrlError(ValueError):
    """A device URL that cannot be right whatever the hardware does (misconfiguration)."""


@dataclass(frozen=True)
class SerialTarget:
    """Where and how to open a serial device."""

    port: str
    options: dict[str, Any] = field(default_factory=dict)


def parse_serial_url(url: str, *, default_baudrate: int = 9600) -> SerialTarget:
    """Split a device URL into the pyserial port string and its settings.

    Raises:
        SerialUrlError: an unknown scheme or a malformed setting.
    """
    parts = urlsplit(url)
    if parts.scheme in _PYSERIAL_SCHEMES:
        return SerialTarget(url)
    if parts.scheme == "serial":
        path = parts.path or parts.netloc
        if not path:
            raise SerialUrlError("the URL names no device; try serial:///dev/ttyUSB0")
        options = {"baudrate": default_baudrate} | _options(parts.query)
        return SerialTarget(path, options)
    if parts.scheme == "" and url.startswith("/"):
        return SerialTarget(url, {"baudrate": default_baudrate})
    raise SerialUrlError(
        "not a serial device URL; use serial:///dev/ttyUSB0?baudrate=9600, "
        "a device path, loop:// or socket://host:port"
    )


def _options(query: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        try:
            if key in _INT_OPTIONS:
                options[key] = int(value)
            elif key == "stopbits":
                options[key] = float(value) if "." in value else int(value)
            elif key == "parity":
                options[key] = value.upper()[:1]
            elif key in _BOOL_OPTIONS:
                options[key] = value.lower() in ("1", "true", "yes", "on")
            else:
                raise SerialUrlError(f"unknown setting {key!r}")
        except ValueError as error:
            if isinstance(error, SerialUrlError):
                raise
            raise SerialUrlError(f"{key}={value!r} is not a number") from error
    return options


def open_serial_port(target: SerialTarget, *, timeout: float) -> serial.SerialBase:
    """Open the port; a pyserial or OS error comes out as ``OSError``/``SerialException``."""
    options = dict(target.options)
    try:
        return serial.serial_for_url(target.port, timeout=timeout, **options)
    except ValueError as error:
        raise SerialUrlError(str(error)) from error


def describe_serial_error(error: BaseException) -> str:
    """A short, actionable phrase for an error raised while opening or reading a port."""
    code = getattr(error, "errno", None)
    text = str(error)
    if code == errno.ENOENT or "No such file" in text:
        return "no such device (is it plugged in? check the path under /dev/serial/by-id/)"
    if code == errno.EACCES or "Permission denied" in text:
        return "permission denied (add the kiosk user to the dialout group)"
    if code == errno.EBUSY or "busy" in text.lower():
        return "device busy (another program has it open)"
    if "Connection refused" in text or code == errno.ECONNREFUSED:
        return "connection refused"
    if "device reports readiness" in text or "Input/output error" in text or code == errno.EIO:
        return "device disconnected"
    return text or type(error).__name__
