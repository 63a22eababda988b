"""QR codes as inline SVG, for the pages that show one (an enrolment code, a ticket's
status link on a ticket printed from the browser)."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(text: str, *, box_size: int = 8) -> str:
    """``text`` as an inline SVG QR code."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()
