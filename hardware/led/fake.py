"""A simulated bus of counter LED displays on a pseudo-terminal (ships for the demo).

The application opens ``device_path`` like ``/dev/ttyUSB0``; a reader thread
decodes the frames it writes with the same codec a real panel speaks, and
records what each address shows. Modbus frames get the slave's echo reply.
"""

import threading
import time
from collections.abc import Mapping
from typing import Self

from hardware.led.base import LedError
from hardware.led.codecs import LedCodec, ModbusRtuCodec, crc16_modbus
from hardware.led.serial_led import SerialCounterLed
from hardware.scanner.pty_port import PseudoTerminal


class FakeLedBus:
    """Counter LED displays simulated on a pty; ``shown[address]`` is what each shows."""

    def __init__(self, codec: LedCodec) -> None:
        self._codec = codec
        self._pty = PseudoTerminal()
        self._lock = threading.Lock()
        self._shown: dict[int, str] = {}
        self._history: list[tuple[int, str]] = []
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def device_path(self) -> str:
        """The path the application opens (empty until ``open``)."""
        return self._pty.device_path

    @property
    def shown(self) -> dict[int, str]:
        """Address -> the text its display shows now."""
        with self._lock:
            return dict(self._shown)

    @property
    def history(self) -> list[tuple[int, str]]:
        """Every (address, text) received, in order."""
        with self._lock:
            return list(self._history)

    def open(self) -> None:
        """Plug the simulated bus in and start decoding."""
        self._pty.open()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="fake-led", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop decoding and unplug the bus."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._pty.close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def wait_for(self, address: int, text: str, timeout: float = 5.0) -> bool:
        """True once ``address`` shows ``text``; False after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.shown.get(address) == text:
                return True
            time.sleep(0.01)
        return False

    def _run(self) -> None:
        buffer = bytearray()
        while not self._stopping.is_set():
            try:
                buffer += self._pty.read(0.05)
            except OSError:
                return  # the pty was closed under us
            for address, text in self._codec.decode(buffer):
                with self._lock:
                    self._shown[address] = text
                    self._history.append((address, text))
                self._reply(address)

    def _reply(self, address: int) -> None:
        codec = self._codec
        if isinstance(codec, ModbusRtuCodec):
            reply = bytes([address, 0x10]) + codec.start_register.to_bytes(2, "big")
            reply += codec.registers.to_bytes(2, "big")
            self._pty.write(reply + crc16_modbus(reply).to_bytes(2, "little"))


class SimulatedCounterLed:
    """A ``CounterLed`` for ``sim://``: the real serial driver talking to a ``FakeLedBus``.

    Used by the demo and by a display with no panels attached, so the whole path
    (codec, serial port, decoding) runs as it would with hardware.
    """

    url = "sim://"

    def __init__(self, codec: LedCodec, *, addresses: Mapping[int, int] | None = None) -> None:
        self.bus = FakeLedBus(codec)
        self._codec = codec
        self._addresses = addresses
        self._led: SerialCounterLed | None = None

    def open(self) -> None:
        """Plug the simulated bus in and open it like a real port."""
        self.bus.open()
        self._led = SerialCounterLed(self.bus.device_path, self._codec, addresses=self._addresses)
        self._led.open()

    def close(self) -> None:
        """Close the port, then the simulated bus."""
        if self._led is not None:
            self._led.close()
            self._led = None
        self.bus.close()

    def show(self, counter: int, number: str) -> None:
        """Show ``number`` on ``counter``'s simulated display."""
        if self._led is None:
            raise LedError("LED simulator is not open")
        self._led.show(counter, number)
