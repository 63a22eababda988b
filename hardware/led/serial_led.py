"""Counter LED displays on a serial line (RS-232/RS-485, or USB-serial adapters).

Opened with pyserial's ``serial_for_url``, so ``serial:///dev/ttyUSB0?baudrate=9600``,
a bare ``/dev/pts/N`` (the simulator), ``loop://`` and ``socket://host:port`` all work.
For RS-485, use an adapter with automatic direction control: toggling RTS from
software is timing-sensitive (hardware research, section 6).
"""

import logging
from collections.abc import Mapping

import serial

from hardware.led.base import LedError
from hardware.led.codecs import LedCodec
from hardware.scanner.ports import (
    SerialUrlError,
    describe_serial_error,
    open_serial_port,
    parse_serial_url,
)

log = logging.getLogger(__name__)


class SerialCounterLed:
    """Every counter's LED display on one serial bus, each at its own address.

    Args:
        url: the device URL.
        codec: the panels' wire format.
        addresses: counter number -> display address; a counter not listed uses
            its own number as address (the usual factory setting).
        write_timeout: seconds before a stuck port is reported.
    """

    def __init__(
        self,
        url: str,
        codec: LedCodec,
        *,
        addresses: Mapping[int, int] | None = None,
        write_timeout: float = 1.0,
    ) -> None:
        self.url = url
        self._codec = codec
        self._addresses = dict(addresses or {})
        self._write_timeout = write_timeout
        self._port: serial.SerialBase | None = None

    def address_of(self, counter: int) -> int:
        """The bus address of ``counter``'s display."""
        return self._addresses.get(counter, counter)

    def open(self) -> None:
        """Open the port (no I/O in the constructor)."""
        if self._port is not None:
            return
        try:
            target = parse_serial_url(self.url)
            port = open_serial_port(target, timeout=0.1)
        except SerialUrlError as error:
            raise LedError(f"LED URL {self.url}: {error}") from error
        except (OSError, serial.SerialException) as error:
            raise LedError(f"LED {self.url}: {describe_serial_error(error)}") from error
        port.write_timeout = self._write_timeout
        self._port = port

    def close(self) -> None:
        """Close the port; safe to call twice."""
        port, self._port = self._port, None
        if port is not None:
            port.close()

    def show(self, counter: int, number: str) -> None:
        """Send ``number`` to ``counter``'s display; ``LedError`` if the line fails."""
        if self._port is None:
            raise LedError("LED display is not open")
        frame = self._codec.encode(self.address_of(counter), number)
        try:
            # Panels that answer (Modbus slaves echo a write) are not waited for;
            # their replies are dropped so they never pile up in the buffer.
            self._port.reset_input_buffer()
            self._port.write(frame)
            self._port.flush()
        except (OSError, serial.SerialException) as error:
            raise LedError(f"LED {self.url}: {describe_serial_error(error)}") from error
        log.debug("LED %s: counter %d shows %s", self.url, counter, number)
