"""QR decoding of camera frames: zxing-cpp, then cheap pre-processed retries on a miss.

Chosen by measurement (``bench/qr_decode.py``): zxing-cpp reads most frames in
2-4 ms, far ahead of OpenCV's detectors in both rate and time. The retries after
a miss, in order (``RETRIES``), were chosen on the tuning split of the field
frames (``bench/qr_frames_field.py``), cheapest rescue first:

1. ``half``: half resolution, searched thoroughly (big, blurred or aliased codes);
2. ``balanced_half``: the plain mean of B, G and R at half size (a phone screen's
   sub-pixel stripes cancel: moire);
3. ``half_sharpened``: half resolution and an unsharp mask (defocus);
4. ``balanced_smoothed``: the channel mean lightly smoothed (moire, JPEG blocks);
5. ``upscaled``: 1.5x (high versions with about three pixels per module);
6. ``denoise_sharpen``, ``half_sharpen`` and ``clahe``, tuned first on
   ``hardware.camera.qr_frames`` (blur plus noise, heavy blur, low contrast).

Every retry runs only while the frame is inside its time budget (default 20 ms,
so a 30 fps camera is served on one core). Misreads are guarded by the QR code's
own Reed-Solomon error correction: zxing-cpp reports only codes that decode
without error, and results are de-duplicated in first-seen order.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np
import zxingcpp

from hardware.camera.base import Frame

DEFAULT_BUDGET_S = 0.020
_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
_CLAHE = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
_MEAN_OF_BGR = np.full((1, 3), 1 / 3, np.float32)


def as_frame(array: object) -> Frame:
    """An OpenCV result as a typed 8-bit frame (no copy when it already is one)."""
    return np.asarray(array, dtype=np.uint8)


def to_grey(image: Frame) -> Frame:
    """A single-channel copy of a BGR, BGRA or grey frame.

    Raises:
        ValueError: the array is not an 8-bit image.
    """
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        raise ValueError(f"expected an 8-bit grey or BGR image, got {image.dtype} {image.shape}")
    if image.ndim == 2:
        return image
    channels = image.shape[2]
    if channels == 1:
        return image[:, :, 0]
    code = cv2.COLOR_BGRA2GRAY if channels == 4 else cv2.COLOR_BGR2GRAY
    return as_frame(cv2.cvtColor(image, code))


def _unsharp(image: Frame, sigma: float, amount: float) -> Frame:
    blurred = cv2.GaussianBlur(image, (0, 0), sigma)
    return as_frame(cv2.addWeighted(image, 1.0 + amount, blurred, -amount, 0))


def denoise_sharpen(grey: Frame) -> Frame:
    """Smooth sensor noise away, then restore edges."""
    return _unsharp(as_frame(cv2.GaussianBlur(grey, (0, 0), 1.2)), sigma=4.0, amount=1.0)


def half_sharpen(grey: Frame) -> Frame:
    """Half resolution (a blurred code looks sharper smaller), then an unsharp mask."""
    half = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return _unsharp(as_frame(half), sigma=2.0, amount=1.0)


def clahe(grey: Frame) -> Frame:
    """Contrast-limited adaptive histogram equalisation."""
    return as_frame(_CLAHE.apply(grey))


def balanced_grey(image: Frame) -> Frame:
    """Grey as the plain mean of B, G and R.

    A phone screen's red, green and blue sub-pixels sit side by side; the usual
    luma weights (mostly green) leave their stripes in the grey image, where they
    beat against the camera's pixels (moire). Equal weights cancel them.
    """
    if image.ndim == 2 or image.shape[2] == 1:
        return to_grey(image)
    return as_frame(cv2.transform(image[:, :, :3], _MEAN_OF_BGR))


def resized(grey: Frame, factor: float) -> Frame:
    """``grey`` scaled by ``factor`` (area averaging down, bilinear up)."""
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    return as_frame(cv2.resize(grey, None, fx=factor, fy=factor, interpolation=interpolation))


class FrameViews:
    """One frame seen several ways, each computed once and only when a retry asks."""

    def __init__(self, image: Frame) -> None:
        self.image = image
        self.grey = to_grey(image)

    @cached_property
    def half(self) -> Frame:
        return resized(self.grey, 0.5)

    @cached_property
    def balanced(self) -> Frame:
        return balanced_grey(self.image)


@dataclass(frozen=True)
class Retry:
    """One retry after a miss: a view of the frame and how hard zxing-cpp looks at it."""

    name: str
    view: Callable[[FrameViews], Frame]
    thorough: bool = False


RETRIES: tuple[Retry, ...] = (
    Retry("half", lambda v: v.half, thorough=True),
    Retry("balanced_half", lambda v: resized(v.balanced, 0.5)),
    Retry("half_sharpened", lambda v: _unsharp(v.half, sigma=1.0, amount=1.5)),
    Retry("balanced_smoothed", lambda v: as_frame(cv2.GaussianBlur(v.balanced, (0, 0), 1.0))),
    Retry("upscaled", lambda v: resized(v.grey, 1.5)),
    Retry("denoise_sharpen", lambda v: denoise_sharpen(v.grey)),
    Retry("half_sharpen", lambda v: half_sharpen(v.grey)),
    Retry("clahe", lambda v: clahe(v.grey)),
)


def read_zxing(image: Frame, *, thorough: bool = True) -> list[str]:
    """zxing-cpp alone: the texts of the QR codes it decodes in ``image``."""
    barcodes = zxingcpp.read_barcodes(
        image, formats=_QR, try_rotate=thorough, try_downscale=thorough, try_invert=thorough
    )
    return [barcode.text for barcode in barcodes if barcode.valid]


def decode_qr(
    image: Frame,
    *,
    budget_s: float = DEFAULT_BUDGET_S,
    retries: tuple[Retry, ...] = RETRIES,
    clock: Callable[[], float] = time.perf_counter,
) -> list[str]:
    """The texts of the QR codes in a camera frame, or ``[]``.

    Args:
        image: an 8-bit BGR, BGRA or grey frame.
        budget_s: retries start only while the frame has used less than this.
        retries: the views of the frame tried, in order, after a miss.
        clock: the timer that enforces the budget (injectable for tests).

    Raises:
        ValueError: ``image`` is not an 8-bit image.
    """
    started = clock()
    views = FrameViews(image)
    found = read_zxing(views.grey)
    for retry in retries:
        if found or clock() - started >= budget_s:
            break
        found = read_zxing(retry.view(views), thorough=retry.thorough)
    return list(dict.fromkeys(found))
