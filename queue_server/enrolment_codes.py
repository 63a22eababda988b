"""Enrolment codes as the server hands them out: its address as devices reach it, the
office CA's fingerprint, and a device's one-time secret (``queue_protocol.enrolment``).

Shown on the command line (with a QR code for the terminal) and on the admin's
devices page (with a QR code the kiosk's own scanner reads).
"""

import qrcode

from queue_protocol.enrolment import EnrolmentCode
from queue_protocol.tls import fingerprint
from queue_server.discovery.addresses import LOOPBACK, interface_addresses
from queue_server.qr_codes import qr_svg
from queue_server.settings import HTTP_PORT, HTTPS_PORT, Settings


def ca_fingerprint(settings: Settings) -> str | None:
    """The fingerprint of the CA devices pin, or None when the server has no TLS."""
    ca = settings.tls_paths.ca
    return fingerprint(ca.read_bytes()) if ca.is_file() else None


def default_server_url(settings: Settings) -> str:
    """Where devices reach this server: its first LAN address on the HTTPS port, or
    loopback on plain HTTP when it has no TLS."""
    if ca_fingerprint(settings) is None:
        return f"http://{LOOPBACK}:{HTTP_PORT}"
    addresses = interface_addresses() or [LOOPBACK]
    return f"https://{addresses[0]}:{HTTPS_PORT}"


def enrolment_code(settings: Settings, secret: str, *, url: str | None = None) -> EnrolmentCode:
    server_url = (url or default_server_url(settings)).rstrip("/")
    return EnrolmentCode(
        server_url=server_url, ca_fingerprint=ca_fingerprint(settings), secret=secret
    )


def print_code(code: EnrolmentCode, *, name: str, kind: str) -> None:
    """The code, its QR code for the terminal, and what to do with it."""
    qr = qrcode.QRCode(border=2)
    qr.add_data(str(code))
    qr.print_ascii(invert=True)
    command = "kiosk" if kind in ("kiosk", "feedback") else "display"
    print(
        f"\nEnrolment code for {name} ({kind}), valid 72 hours, usable once:\n\n"
        f"  {code}\n\n"
        f"On the device: antrean {command} enrol '{code}'\n"
        "or scan the QR code at the kiosk's enrolment screen."
    )


def code_svg(code: EnrolmentCode) -> str:
    """The code as an inline SVG QR code, for the admin's page."""
    return qr_svg(str(code))
