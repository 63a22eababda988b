"""``antrean device test camera URL``: decode QR codes for a while and report the rates."""

import statistics
import time
from collections.abc import Callable
from typing import TextIO

import cv2

from hardware.camera.base import CameraError
from hardware.camera.factory import camera_for_url
from hardware.camera.qr import decode_qr

EXIT_OK, EXIT_NO_FRAMES, EXIT_DEVICE = 0, 1, 2
_IDLE_WAIT = 0.005


def run_check(
    url: str,
    *,
    timeout: float,
    out: TextIO,
    clock: Callable[[], float] = time.perf_counter,
) -> int:
    """Read frames for ``timeout`` seconds, decoding each; report fps, decode rate and ms.

    Returns 0 when frames came, 1 when none did, 2 when the camera is unusable.
    """
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # our message suffices
    try:
        camera = camera_for_url(url)
        camera.open()
    except CameraError as error:
        out.write(f"{error}\n")
        return EXIT_DEVICE
    decode_ms: list[float] = []
    codes: dict[str, int] = {}
    decoded = 0
    started = clock()
    try:
        while clock() - started < timeout:
            frame = camera.read_frame()
            if frame is None:
                time.sleep(_IDLE_WAIT)  # a paced camera has no frame yet
                continue
            before = clock()
            texts = decode_qr(frame)
            decode_ms.append((clock() - before) * 1000)
            decoded += bool(texts)
            for text in texts:
                codes[text] = codes.get(text, 0) + 1
    except CameraError as error:
        out.write(f"{error}\n")
        return EXIT_DEVICE
    finally:
        camera.close()
    return _report(url, out, clock() - started, decode_ms, decoded, codes)


def _report(
    url: str,
    out: TextIO,
    elapsed: float,
    decode_ms: list[float],
    decoded: int,
    codes: dict[str, int],
) -> int:
    frames = len(decode_ms)
    if not frames:
        out.write(f"camera at {url}: no frames in {elapsed:.1f} s (is another program using it?)\n")
        return EXIT_NO_FRAMES
    for text, count in sorted(codes.items(), key=lambda item: -item[1])[:5]:
        out.write(f"  QR {text!r} in {count} frame(s)\n")
    p95 = statistics.quantiles(decode_ms, n=20)[-1] if frames > 1 else decode_ms[0]
    out.write(
        f"camera at {url}: OK, {frames} frames in {elapsed:.1f} s ({frames / elapsed:.1f} "
        f"frames/s), QR decoded in {decoded} ({100 * decoded / frames:.0f} %), "
        f"{statistics.median(decode_ms):.1f} ms median / {p95:.1f} ms p95 per frame\n"
    )
    return EXIT_OK
