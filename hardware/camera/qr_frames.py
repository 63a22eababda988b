"""A deterministic set of degraded camera frames showing booking QR codes.

Used by the QR tests, the decoder benchmark (``bench/qr_decode.py``) and the fake
camera's demo mode. Every frame is 1280 x 720 BGR, drawn from a seed, so a given
``(category, index, seed)`` always gives the same pixels.

Categories: clean, small (80-130 px), rotated, perspective, blur, low_contrast,
noise, glare, phone_screen (a code on a backlit phone held up to the camera) and
combined (several of the above, milder).
"""

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from hardware.camera.base import Frame

WIDTH, HEIGHT = 1280, 720
CATEGORIES = (
    "clean",
    "small",
    "rotated",
    "perspective",
    "blur",
    "low_contrast",
    "noise",
    "glare",
    "phone_screen",
    "combined",
)
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@dataclass(frozen=True)
class SampleFrame:
    """One frame of the set and the text its code holds."""

    category: str
    index: int
    payload: str
    image: Frame


def booking_payload(rng: np.random.Generator) -> str:
    """A booking-like text: an M-Paspor application number or an Antrean signed token."""
    if rng.random() < 0.4:
        return "".join(str(d) for d in rng.integers(0, 10, size=16))
    body = "".join(_B32[i] for i in rng.integers(0, 32, size=int(rng.integers(40, 90))))
    office = "".join(_B32[i] for i in rng.integers(0, 26, size=3))
    return f"ANT1.{office}.{body}"


def render_code(text: str) -> np.ndarray:
    """The code's modules (True = dark) with a 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def generate_frames(per_category: int, *, seed: int = 2024) -> Iterator[SampleFrame]:
    """``per_category`` frames of every category, category by category."""
    for category in CATEGORIES:
        for index in range(per_category):
            yield make_frame(category, index, seed=seed)


def make_frame(category: str, index: int, *, seed: int = 2024) -> SampleFrame:
    """One frame; the same arguments always give the same frame."""
    rng = np.random.default_rng([seed, CATEGORIES.index(category), index])
    payload = booking_payload(rng)
    modules = render_code(payload)
    image = _DRAW[category](rng, modules)
    return SampleFrame(category, index, payload, image)


def _background(rng: np.random.Generator) -> np.ndarray:
    """A cluttered, unevenly lit scene (float32 BGR, 0-255)."""
    small = rng.uniform(40, 200, size=(9, 16, 3)).astype(np.float32)
    small = small * 0.5 + small.mean(axis=2, keepdims=True) * 0.5  # muted colours
    image = cv2.resize(small, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    for _ in range(int(rng.integers(4, 10))):
        x, y = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        w, h = int(rng.integers(30, 300)), int(rng.integers(30, 200))
        colour = tuple(float(c) for c in rng.uniform(0, 255, size=3))
        cv2.rectangle(image, (x, y), (x + w, y + h), colour, -1)
    return np.asarray(image, dtype=np.float32)


def _place(
    rng: np.random.Generator,
    modules: np.ndarray,
    *,
    size: float,
    angle: float = 0.0,
    skew: float = 0.0,
    dark: float = 20.0,
    light: float = 235.0,
    bezel: float = 0.0,
) -> np.ndarray:
    """The code, ``size`` px wide, warped onto a fresh background (in a dark bezel)."""
    image = _background(rng)
    n = modules.shape[0]
    src = np.array([[0, 0], [n, 0], [n, n], [0, n]], dtype=np.float32)
    margin = size * 0.75 + 10  # a rotated or skewed code stays inside the frame
    centre = np.array([rng.uniform(margin, WIDTH - margin), rng.uniform(margin, HEIGHT - margin)])
    theta = np.deg2rad(angle)
    rotation = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    square = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]]) * size
    square += rng.uniform(-skew, skew, size=(4, 2)) * size
    dst = (square @ rotation.T + centre).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    if bezel:
        outline = ((dst - centre) * (1 + bezel) + centre).astype(np.int32)
        cv2.fillConvexPoly(image, outline, (15.0, 15.0, 15.0))
    tile = np.where(modules, dark, light).astype(np.float32)
    warped = cv2.warpPerspective(
        tile, matrix, (WIDTH, HEIGHT), flags=cv2.INTER_NEAREST, borderValue=-1.0
    )
    mask = cv2.warpPerspective(np.ones_like(tile), matrix, (WIDTH, HEIGHT)) > 0.5
    image[mask] = warped[mask][:, None]
    return image


def _gaussian(rng: np.random.Generator, sigma: float, shape: tuple[int, ...]) -> np.ndarray:
    return rng.standard_normal(shape, dtype=np.float32) * np.float32(sigma)


def _finish(image: np.ndarray) -> Frame:
    result: Frame = np.clip(image, 0, 255).astype(np.uint8)
    return result


def _clean(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    return _finish(_place(rng, modules, size=rng.uniform(220, 400)))


def _small(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    return _finish(_place(rng, modules, size=rng.uniform(70, 120)))


def _rotated(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    return _finish(_place(rng, modules, size=rng.uniform(200, 360), angle=rng.uniform(0, 360)))


def _perspective(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    angle = rng.uniform(-20, 20)
    return _finish(_place(rng, modules, size=rng.uniform(220, 360), angle=angle, skew=0.18))


def _blur(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    image = _place(rng, modules, size=rng.uniform(200, 340))
    if rng.random() < 0.5:
        return _finish(cv2.GaussianBlur(image, (0, 0), rng.uniform(2.0, 4.5)))
    length = int(rng.integers(9, 21))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0 / length
    centre = (length / 2 - 0.5, length / 2 - 0.5)
    turn = cv2.getRotationMatrix2D(centre, rng.uniform(0, 180), 1.0)
    turned = np.asarray(cv2.warpAffine(kernel, turn, (length, length)), dtype=np.float32)
    return _finish(cv2.filter2D(image, -1, turned / max(float(turned.sum()), 1e-6)))


def _low_contrast(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    base = rng.uniform(80, 150)
    spread = rng.uniform(25, 45)
    image = _place(rng, modules, size=rng.uniform(200, 360), dark=base, light=base + spread)
    return _finish(image * 0.6 + 50)


def _noise(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    image = _place(rng, modules, size=rng.uniform(180, 340))
    return _finish(image + _gaussian(rng, rng.uniform(35, 60), image.shape))


def _glare(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    image = _place(rng, modules, size=rng.uniform(220, 380))
    xs = np.arange(WIDTH, dtype=np.float32)
    ys = np.arange(HEIGHT, dtype=np.float32)[:, None]
    cx, cy = rng.uniform(300, WIDTH - 300), rng.uniform(200, HEIGHT - 200)
    radius = np.float32(rng.uniform(80, 200))
    spot = np.exp(-((xs - cx) ** 2) / (2 * radius**2)) * np.exp(-((ys - cy) ** 2) / (2 * radius**2))
    return _finish(image + (spot * np.float32(rng.uniform(150, 230)))[..., None])


def _phone_screen(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    """A bright screen in a dark bezel, with a screen-door grid and a reflection."""
    size = rng.uniform(180, 300)
    angle = rng.uniform(-15, 15)
    image = _place(rng, modules, size=size, angle=angle, dark=35, light=250, bezel=0.3)
    grid = np.ones((HEIGHT, WIDTH), np.float32)
    grid[:: int(rng.integers(2, 4)), :] = 0.8
    image *= grid[..., None]
    image[..., 0] *= 1.1  # the bluish cast of an LCD
    streak = np.zeros((HEIGHT, WIDTH), np.float32)
    x0 = int(rng.uniform(0, WIDTH))
    cv2.line(streak, (x0, 0), (x0 + 400, HEIGHT), 90.0, int(rng.integers(30, 80)))
    glow = np.asarray(cv2.GaussianBlur(streak, (0, 0), 25), dtype=np.float32)
    return _finish(cv2.GaussianBlur(image + glow[..., None], (0, 0), 1.0))


def _combined(rng: np.random.Generator, modules: np.ndarray) -> Frame:
    image = _place(
        rng,
        modules,
        size=rng.uniform(160, 280),
        angle=rng.uniform(-30, 30),
        skew=0.1,
        dark=rng.uniform(50, 90),
        light=rng.uniform(150, 190),
    )
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(1.2, 2.2))
    return _finish(image + _gaussian(rng, rng.uniform(15, 30), image.shape))


_DRAW = {
    "clean": _clean,
    "small": _small,
    "rotated": _rotated,
    "perspective": _perspective,
    "blur": _blur,
    "low_contrast": _low_contrast,
    "noise": _noise,
    "glare": _glare,
    "phone_screen": _phone_screen,
    "combined": _combined,
}
