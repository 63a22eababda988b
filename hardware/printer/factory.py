"""``open_printer(url)``: a closed ``TicketPrinter`` for a printer URL from config.

URLs:
- ``tcp://10.0.0.7:9100`` a network printer (port 9100 if left out);
- ``serial:///dev/ttyUSB0?baudrate=19200``, a device path, or a pyserial URL
  (``socket://host:port``, ``loop://``, ``rfc2217://host:port``);
- ``usb://04b8:0e15`` vendor and product id, in hex;
- ``file:///dev/usb/lp0`` a write-only device (status unknown);
- ``sim://`` or ``sim:///folder`` the in-process simulator (PNGs in the folder).

Any of them takes ``paper=58|80``, ``qr=image|native``, ``timeout=SECONDS`` and
``status=off`` (for clones that never answer status requests) in the query string;
keyword arguments given to ``open_printer`` win over the URL.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.escpos_printer import EscposTicketPrinter
from hardware.printer.paper import PaperWidth, QrMode, parse_paper, parse_qr_mode
from hardware.printer.transport import (
    DEFAULT_TIMEOUT,
    FileTransport,
    PrinterTransport,
    TcpTransport,
)

_OURS = ("paper", "qr", "timeout", "status")
_PYSERIAL_SCHEMES = ("serial", "socket", "loop", "rfc2217")


def open_printer(
    url: str,
    *,
    paper: PaperWidth | None = None,
    qr_mode: QrMode | None = None,
    timeout: float | None = None,
) -> TicketPrinter:
    """A closed printer for ``url``; call ``open()`` (or use ``with``) before printing.

    Raises:
        PrinterError: the URL cannot name a printer (the message says why).
    """
    parts = urlsplit(url)
    ours = {key: value for key, value in parse_qsl(parts.query) if key in _OURS}
    rest = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key not in _OURS])
    try:
        chosen_paper = paper or parse_paper(ours.get("paper", "80"))
        chosen_qr = qr_mode or parse_qr_mode(ours.get("qr", "image"))
        chosen_timeout = timeout or float(ours.get("timeout", DEFAULT_TIMEOUT))
        base = url.split("#", 1)[0].split("?", 1)[0] + (f"?{rest}" if rest else "")
        transport = _transport(base, timeout=chosen_timeout, paper=chosen_paper)
    except ValueError as error:
        raise PrinterError(url, f"bad printer URL: {error}") from None
    return EscposTicketPrinter(
        url,
        transport,
        paper=chosen_paper,
        qr_mode=chosen_qr,
        check_status=ours.get("status", "on").lower() not in ("off", "0", "no", "false"),
    )


def _transport(url: str, *, timeout: float, paper: PaperWidth) -> PrinterTransport:
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "tcp":
        if not parts.hostname:
            raise ValueError("no host; use tcp://10.0.0.7:9100")
        return TcpTransport(parts.hostname, parts.port or 9100, timeout=timeout)
    if scheme in _PYSERIAL_SCHEMES or (not scheme and url.startswith("/")):
        from hardware.printer.serial_transport import SerialTransport
        from hardware.scanner.ports import parse_serial_url

        return SerialTransport(parse_serial_url(url), timeout=min(timeout, 0.5))
    if scheme == "usb":
        from hardware.printer.usb_transport import UsbTransport

        vendor, _, product = parts.netloc.partition(":")
        if not vendor or not product:
            raise ValueError("use usb://VID:PID in hex, such as usb://04b8:0e15")
        return UsbTransport(int(vendor, 16), int(product, 16))
    if scheme == "file":
        if not parts.path:
            raise ValueError("no path; use file:///dev/usb/lp0")
        return FileTransport(parts.path)
    if scheme == "sim":
        from hardware.printer.fake import sim_printer
        from hardware.printer.sim_transport import SimTransport

        return SimTransport(sim_printer(f"sim://{parts.path}", paper=paper))
    raise ValueError(
        f"unknown kind {scheme + '://' if scheme else url!r}; use tcp://host:9100, "
        "serial:///dev/ttyUSB0?baudrate=19200, usb://04b8:0e15, file:///dev/usb/lp0 or sim://"
    )
