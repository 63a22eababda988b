"""A simulated serial MRZ reader on a pseudo-terminal (ships in the product for the demo).

The application opens ``device_path`` with ``SerialMrzReader``; ``present`` puts a
passport on the glass: the MRZ is sent in the chosen framing.
"""

from typing import Self

from hardware.mrz.framing import MrzFraming, encode_mrz
from hardware.scanner.pty_port import PseudoTerminal

SPECIMEN_TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)


class FakeSerialMrzReader:
    """An MRZ reader simulator speaking DESKO, 3M or plain-line framing over a pty."""

    def __init__(self, *, framing: MrzFraming = MrzFraming.DESKO) -> None:
        self.framing = framing
        self._pty = PseudoTerminal()

    @property
    def device_path(self) -> str:
        """The path the application opens (empty until ``open``)."""
        return self._pty.device_path

    def open(self) -> None:
        """Plug the simulated reader in."""
        self._pty.open()

    def close(self) -> None:
        """Unplug it."""
        self._pty.close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def present(self, mrz: str = SPECIMEN_TD3, *, framing: MrzFraming | None = None) -> None:
        """Send the MRZ of one document (lines separated by newlines)."""
        self._pty.write(encode_mrz(mrz, framing or self.framing))

    def send_raw(self, data: bytes) -> None:
        """Send arbitrary bytes, e.g. a frame with a wrong BCC."""
        self._pty.write(data)
