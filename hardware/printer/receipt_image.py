"""A decoded ticket drawn as the paper would look: a PNG a person (or a test) can read.

Geometry follows an Epson printer at 203 dpi: font A cells are 12 x 24 dots, lines
are 30 dots apart, ``GS !`` multiplies the cell, rasters print dot for dot.
"""

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

from hardware.printer.decoder import Block, DecodedTicket, QrBlock, RasterBlock, TextRun

CELL_WIDTH, CELL_HEIGHT, LINE_GAP = 12, 24, 6
MARGIN = 16
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(size: int, bold: bool) -> Font:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def render_receipt(ticket: DecodedTicket, *, dots: int) -> Image.Image:
    """The ticket as a white strip ``dots`` wide (plus margins), black print on it."""
    strips = [_block_image(block, dots) for block in ticket.blocks]
    height = sum(strip.height for strip in strips) + 2 * MARGIN
    paper = Image.new("L", (dots + 2 * MARGIN, height), 255)
    top = MARGIN
    for block, strip in zip(ticket.blocks, strips, strict=True):
        paper.paste(strip, (MARGIN + _offset(block.align, strip.width, dots), top))
        top += strip.height
    return paper


def save_receipt(ticket: DecodedTicket, path: Path, *, dots: int) -> Path:
    """Render ``ticket`` and write it as a PNG at ``path``; returns ``path``."""
    render_receipt(ticket, dots=dots).save(path, format="PNG")
    return path


def decode_qr_codes(ticket: DecodedTicket, *, dots: int) -> list[str]:
    """QR codes a phone would read off the ticket: native ones and raster ones.

    Raster images are read with zxing-cpp when it is installed (it is optional).
    """
    found = list(ticket.native_qr_codes)
    rasters = [block for block in ticket.blocks if isinstance(block, RasterBlock)]
    if rasters:
        try:
            import zxingcpp
        except ImportError:
            return found
        for block in rasters:
            framed = ImageOps.expand(block.image.convert("L"), border=16, fill=255)
            found += [result.text for result in zxingcpp.read_barcodes(framed)]
    return found


def _offset(align: str, width: int, dots: int) -> int:
    if align == "center":
        return max(0, (dots - width) // 2)
    if align == "right":
        return max(0, dots - width)
    return 0


def _block_image(block: Block, dots: int) -> Image.Image:
    if isinstance(block, RasterBlock):
        return block.image.convert("L")
    if isinstance(block, QrBlock):
        return _qr_image(block)
    return _line_image(block.runs, dots)


def _qr_image(block: QrBlock) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.box_size, code.border = max(1, block.module_dots), 0
    code.add_data(block.data)
    code.make(fit=True)
    image: Image.Image = code.make_image().get_image().convert("L")
    return image


def _line_image(runs: Sequence[TextRun], dots: int) -> Image.Image:
    height = max((run.style.height for run in runs), default=1) * CELL_HEIGHT
    images = [_run_image(run) for run in runs if run.text]
    width = min(dots, sum(image.width for image in images))
    line = Image.new("L", (max(width, 1), height + LINE_GAP), 255)
    left = 0
    for image in images:
        line.paste(image, (left, height - image.height))
        left += image.width
    return line


def _run_image(run: TextRun) -> Image.Image:
    style = run.style
    cell_w, cell_h = CELL_WIDTH * style.height, CELL_HEIGHT * style.height
    ink, paper = (255, 0) if style.invert else (0, 255)
    image = Image.new("L", (cell_w * len(run.text), cell_h), paper)
    draw = ImageDraw.Draw(image)
    font = _font(20 * style.height, style.bold)
    for index, char in enumerate(run.text):
        draw.text((index * cell_w, 2 * style.height), char, font=font, fill=ink)
    if style.underline:
        draw.line((0, cell_h - 1, image.width, cell_h - 1), fill=ink, width=style.height)
    size = (CELL_WIDTH * style.width * len(run.text), cell_h)
    return image if image.size == size else image.resize(size, Image.Resampling.BILINEAR)
