"""A second, independent set of camera frames of booking QR codes ("field" frames).

Written apart from ``hardware.camera.qr_frames`` (whose frames the decoder's
retries were first tuned on) so the decoder can be measured on frames it has
never seen. Every frame is 1280 x 720 BGR and comes from ``(split, category,
index)`` alone, so the same arguments always give the same pixels.

What differs from the first set:

- payloads: short application numbers (6-32 characters) and long signed
  ``AQ1.<payload>.<signature>`` tokens (about 150-200 characters), at error
  correction L, M, Q or H, sometimes printed at a larger version than needed;
- scenes: procedural textures (fractal noise, wood grain, woven cloth, printed
  forms, floor tiles) under a code printed on a sheet of paper or shown on a phone;
- a camera pipeline: anti-aliased warp, lighting, optics (motion blur with a
  direction, defocus by a disk), rolling-shutter skew, sensor noise that grows
  with the signal, and JPEG compression as a USB camera's MJPEG stream has.

The two splits differ only by seed: ``tuning`` is the set any decoder change
may be tuned on; ``held_out`` is measured once, at the end, never tuned on.
"""

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from hardware.camera.base import Frame

WIDTH, HEIGHT = 1280, 720
SPLITS = {"tuning": 31_337, "held_out": 60_221}
CATEGORIES = (
    "textured",
    "small",
    "motion_blur",
    "defocus",
    "jpeg",
    "rolling_shutter",
    "uneven_light",
    "glare",
    "phone_moire",
    "combined",
)
_LEVELS = (ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H)
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_OFFICES = ("JKT", "SBY", "BDG", "DPS", "MDN", "SMG", "MKS", "YOG")


@dataclass(frozen=True)
class FieldFrame:
    """One frame, the text its code holds and how the code was made."""

    category: str
    index: int
    payload: str
    level: str
    version: int
    image: Frame


@dataclass
class Shot:
    """How one frame is taken; every category sets some of these."""

    pitch: float  # px per module
    tilt: float = 0.12  # perspective: corner jitter as a share of the code's size
    screen: bool = False
    motion: float = 0.0  # motion blur length, px
    defocus: float = 0.0  # disk radius, px
    shutter_skew: float = 0.0  # px of horizontal shift per row
    gradient: float = 0.0  # 0..1: how much darker one side of the frame is
    vignette: float = 0.0  # 0..1: how much darker the corners are
    exposure: float = 1.0
    glare: float = 0.0  # peak added brightness, 0..255
    noise: float = 2.0  # read noise sigma (grey levels)
    jpeg: int = 90


def field_payload(rng: np.random.Generator) -> str:
    """An application number (6-32 characters) or a signed ``AQ1.`` token."""
    number = _application_number(rng)
    if rng.random() < 0.45:
        return number
    claims = {
        "a": number,
        "o": _OFFICES[int(rng.integers(len(_OFFICES)))],
        "d": f"2026-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}",
        "s": f"{int(rng.integers(7, 16)):02d}:{int(rng.integers(0, 4)) * 15:02d}",
        "n": int(rng.integers(1, 10**6)),
    }
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"AQ1.{body}.{_b64(rng.bytes(64))}"  # an Ed25519 signature is 64 bytes


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _application_number(rng: np.random.Generator) -> str:
    style = rng.random()
    if style < 0.5:
        return "".join(str(d) for d in rng.integers(0, 10, size=16))
    length = 6 + int(rng.integers(0, 27)) if style < 0.8 else int(rng.integers(6, 11))
    return "".join(_ALNUM[i] for i in rng.integers(0, len(_ALNUM), size=length))


def field_modules(text: str, rng: np.random.Generator) -> tuple[np.ndarray, str, int]:
    """The code's modules (True = dark, 4-module quiet zone), its level and version."""
    level = int(rng.integers(len(_LEVELS)))
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=4)
    code.add_data(text)
    code.make(fit=True)
    version = int(code.version)
    if rng.random() < 0.3:  # printed larger than the data needs
        code = qrcode.QRCode(
            version=min(40, version + int(rng.integers(1, 4))),
            error_correction=_LEVELS[level],
            border=4,
        )
        code.add_data(text)
        code.make(fit=False)
    return np.array(code.get_matrix(), dtype=bool), "LMQH"[level], int(code.version)


def generate_field_frames(per_category: int, *, split: str = "tuning") -> Iterator[FieldFrame]:
    """``per_category`` frames of every category of ``split``, category by category."""
    for category in CATEGORIES:
        for index in range(per_category):
            yield make_field_frame(category, index, split=split)


def make_field_frame(category: str, index: int, *, split: str = "tuning") -> FieldFrame:
    """One frame; the same arguments always give the same frame.

    Raises:
        KeyError: ``split`` is unknown.
        ValueError: ``category`` is unknown.
    """
    rng = np.random.default_rng([SPLITS[split], CATEGORIES.index(category), index])
    payload = field_payload(rng)
    modules, level, version = field_modules(payload, rng)
    shot = _SHOTS[category](rng)
    image = take_picture(rng, modules, shot)
    return FieldFrame(category, index, payload, level, version, image)


# --- the shots of each category -------------------------------------------------


def _pitch(rng: np.random.Generator, low: float = 3.2, high: float = 8.0) -> float:
    return float(rng.uniform(low, high))


def _textured(rng: np.random.Generator) -> Shot:
    return Shot(pitch=_pitch(rng), tilt=float(rng.uniform(0.0, 0.15)))


def _small(rng: np.random.Generator) -> Shot:
    return Shot(pitch=_pitch(rng, 2.0, 3.2), tilt=float(rng.uniform(0.0, 0.08)))


def _motion_blur(rng: np.random.Generator) -> Shot:
    return Shot(pitch=_pitch(rng, 4.0, 8.0), motion=float(rng.uniform(4.0, 14.0)))


def _defocus(rng: np.random.Generator) -> Shot:
    return Shot(pitch=_pitch(rng, 4.0, 8.0), defocus=float(rng.uniform(1.5, 4.5)))


def _jpeg(rng: np.random.Generator) -> Shot:
    return Shot(pitch=_pitch(rng), jpeg=int(rng.integers(8, 30)), noise=float(rng.uniform(2, 6)))


def _rolling_shutter(rng: np.random.Generator) -> Shot:
    skew = float(rng.uniform(0.05, 0.3)) * float(rng.choice([-1.0, 1.0]))
    return Shot(pitch=_pitch(rng, 3.5, 8.0), shutter_skew=skew, motion=float(rng.uniform(1, 4)))


def _uneven_light(rng: np.random.Generator) -> Shot:
    return Shot(
        pitch=_pitch(rng),
        gradient=float(rng.uniform(0.3, 0.8)),
        vignette=float(rng.uniform(0.2, 0.6)),
        exposure=float(rng.uniform(0.45, 1.1)),
        noise=float(rng.uniform(2, 5)),
    )


def _glare(rng: np.random.Generator) -> Shot:
    return Shot(pitch=_pitch(rng), glare=float(rng.uniform(90, 220)))


def _phone_moire(rng: np.random.Generator) -> Shot:
    return Shot(pitch=_pitch(rng, 3.0, 7.0), screen=True, tilt=float(rng.uniform(0.0, 0.12)))


def _combined(rng: np.random.Generator) -> Shot:
    shot = Shot(pitch=_pitch(rng, 3.5, 8.0), noise=float(rng.uniform(3, 7)))
    shot.screen = rng.random() < 0.25
    effects = rng.choice(6, size=int(rng.integers(2, 4)), replace=False)
    for effect in effects:
        if effect == 0:
            shot.motion = float(rng.uniform(3, 8))
        elif effect == 1:
            shot.defocus = float(rng.uniform(1.2, 2.8))
        elif effect == 2:
            shot.jpeg = int(rng.integers(20, 45))
        elif effect == 3:
            shot.shutter_skew = float(rng.uniform(-0.15, 0.15))
        elif effect == 4:
            shot.gradient, shot.vignette = float(rng.uniform(0.2, 0.5)), 0.3
            shot.exposure = float(rng.uniform(0.6, 1.0))
        else:
            shot.glare = float(rng.uniform(60, 140))
    return shot


_SHOTS: dict[str, Callable[[np.random.Generator], Shot]] = {
    "textured": _textured,
    "small": _small,
    "motion_blur": _motion_blur,
    "defocus": _defocus,
    "jpeg": _jpeg,
    "rolling_shutter": _rolling_shutter,
    "uneven_light": _uneven_light,
    "glare": _glare,
    "phone_moire": _phone_moire,
    "combined": _combined,
}


# --- the camera pipeline -------------------------------------------------------


def take_picture(rng: np.random.Generator, modules: np.ndarray, shot: Shot) -> Frame:
    """The frame a camera gives of ``modules`` taken as ``shot`` says."""
    scene = background(rng)
    corners = _code_corners(rng, modules.shape[0], shot)
    if shot.screen:
        _draw_phone(rng, scene, modules, corners)
    else:
        _draw_paper(rng, scene, modules, corners, shot.pitch)
    scene *= _lighting(rng, shot)[..., None]
    if shot.glare:
        scene += _glare_spot(rng, corners, shot.glare)[..., None]
    scene = _optics(scene, shot, float(rng.uniform(0, 180)))
    if shot.shutter_skew:
        scene = _rolling_shutter_skew(rng, scene, shot.shutter_skew)
    scene = _sensor(rng, scene, shot.noise)
    ok, encoded = cv2.imencode(".jpg", scene, [cv2.IMWRITE_JPEG_QUALITY, shot.jpeg])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    decoded: Frame = np.asarray(cv2.imdecode(encoded, cv2.IMREAD_COLOR), dtype=np.uint8)
    return decoded


def background(rng: np.random.Generator) -> np.ndarray:
    """A textured scene behind the code (float32 BGR, 0-255)."""
    kind = int(rng.integers(5))
    ys, xs = _grid()
    if kind == 0:  # fractal noise: a carpet, a wall
        grey = _fractal(rng) * 160 + 50
    elif kind == 1:  # wood grain
        warp = _fractal(rng) * 40
        grey = 120 + 50 * np.sin((xs * 0.9 + ys * 0.1 + warp) * float(rng.uniform(0.05, 0.2)))
    elif kind == 2:  # woven cloth
        period = float(rng.uniform(3, 9))
        grey = 110 + 40 * np.sin(xs / period) * np.sin(ys / period) + _fractal(rng) * 50
    elif kind == 3:  # a printed form: lines of text-like marks on paper
        grey = _printed_form(rng)
    else:  # floor or wall tiles
        tile = int(rng.integers(40, 140))
        grey = np.where(((xs // tile) + (ys // tile)) % 2 == 0, 170.0, 90.0).astype(np.float32)
        grey = grey + _fractal(rng) * 40
    tint = rng.uniform(0.7, 1.15, size=3).astype(np.float32)
    grey = np.broadcast_to(grey, (HEIGHT, WIDTH))
    return np.ascontiguousarray(grey[..., None] * tint, dtype=np.float32)


def _grid() -> tuple[np.ndarray, np.ndarray]:
    """Row and column coordinates as a column and a row (they broadcast to the frame)."""
    return (
        np.arange(HEIGHT, dtype=np.float32)[:, None],
        np.arange(WIDTH, dtype=np.float32)[None, :],
    )


def _fractal(rng: np.random.Generator) -> np.ndarray:
    """Noise with energy at every scale, 0..1 (float32, frame sized)."""
    total = np.zeros((HEIGHT, WIDTH), np.float32)
    weight = 1.0
    for cells in (4, 8, 16, 32, 64, 128):
        grid = rng.random((cells * HEIGHT // WIDTH + 2, cells + 2)).astype(np.float32)
        total += weight * cv2.resize(grid, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
        weight *= 0.6
    total -= total.min()
    return np.asarray(total / max(float(total.max()), 1e-6), dtype=np.float32)


def _printed_form(rng: np.random.Generator) -> np.ndarray:
    grey = np.full((HEIGHT, WIDTH), float(rng.uniform(190, 235)), np.float32)
    line = int(rng.integers(14, 30))
    for top in range(int(rng.integers(5, 20)), HEIGHT - line, line):
        x = int(rng.integers(10, 80))
        while x < WIDTH - 20:
            width = int(rng.integers(6, 60))
            cv2.rectangle(grey, (x, top), (x + width, top + line // 2), 40.0, -1)
            x += width + int(rng.integers(4, 14))
    return np.asarray(cv2.GaussianBlur(grey, (0, 0), 0.8), dtype=np.float32)


def _code_corners(rng: np.random.Generator, n: int, shot: Shot) -> np.ndarray:
    """Where the code's four corners land, the whole code inside the frame (float32, 4 x 2)."""
    size = min(shot.pitch * n, HEIGHT * 0.55)
    angle = np.deg2rad(rng.uniform(-25, 25) if rng.random() < 0.8 else rng.uniform(0, 360))
    square = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]]) * size
    square += rng.uniform(-shot.tilt, shot.tilt, size=(4, 2)) * size
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    placed = square @ turn.T
    low, high = -placed.min(axis=0) + 4, np.array([WIDTH, HEIGHT]) - placed.max(axis=0) - 4
    centre = low + rng.random(2) * np.maximum(high - low, 0)
    return np.asarray(placed + centre, dtype=np.float32)


def _homography(n: int, scale: int, corners: np.ndarray, grow: float = 0.0) -> np.ndarray:
    """Maps a tile of ``n`` modules at ``scale`` px each onto ``corners`` (grown by ``grow``)."""
    side = float(n * scale)
    lo, hi = -grow * side, (1 + grow) * side
    src = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]], dtype=np.float32)
    centre = corners.mean(axis=0)
    dst = ((corners - centre) * (1 + 2 * grow) + centre).astype(np.float32)
    return np.asarray(cv2.getPerspectiveTransform(src, dst))


def _paste(scene: np.ndarray, tile: np.ndarray, matrix: np.ndarray, *, smooth: bool) -> None:
    """Warps a BGR ``tile`` into ``scene`` in place (bilinear, or nearest: aliasing)."""
    flags = cv2.INTER_LINEAR if smooth else cv2.INTER_NEAREST
    size = (WIDTH, HEIGHT)
    warped = cv2.warpPerspective(tile, matrix, size, flags=flags)
    cover = cv2.warpPerspective(np.ones(tile.shape[:2], np.float32), matrix, size, flags=flags)
    cover = np.clip(cover, 0, 1)[..., None]
    scene *= 1 - cover
    scene += warped * cover


def _draw_paper(
    rng: np.random.Generator,
    scene: np.ndarray,
    modules: np.ndarray,
    corners: np.ndarray,
    pitch: float,
) -> None:
    """A printed code: ink on a sheet a little larger than the quiet zone."""
    scale = int(np.clip(np.ceil(pitch * 1.5), 3, 12))  # a warp that shrinks by <= 1.5
    ink, paper = float(rng.uniform(15, 70)), float(rng.uniform(195, 250))
    cells = np.where(modules, ink, paper).astype(np.float32)
    tile = cv2.resize(cells, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    tile = cv2.GaussianBlur(tile, (0, 0), scale * 0.15)  # ink spread
    grow = float(rng.uniform(0.0, 0.25))
    n = modules.shape[0]
    pad = int(grow * n * scale)
    sheet = np.full((n * scale + 2 * pad,) * 2, paper, np.float32)
    sheet[pad : pad + n * scale, pad : pad + n * scale] = tile
    tint = np.array([1.0, 1.0, float(rng.uniform(0.95, 1.05))], np.float32)
    matrix = _homography(n, scale, corners, grow)
    _paste(scene, np.ascontiguousarray(sheet[..., None] * tint), matrix, smooth=True)


def _draw_phone(
    rng: np.random.Generator, scene: np.ndarray, modules: np.ndarray, corners: np.ndarray
) -> None:
    """A code on a phone screen: RGB sub-pixels sampled without filtering (moire)."""
    n = modules.shape[0]
    scale = int(rng.integers(6, 12))  # screen pixels per module
    bezel = np.full((int(n * scale * 1.3),) * 2 + (3,), 12.0, np.float32)
    pad = (bezel.shape[0] - n * scale) // 2
    dark_mode = rng.random() < 0.15
    lit = np.where(modules != dark_mode, 25.0, 255.0).astype(np.float32)
    screen = cv2.resize(lit, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    pixels = np.repeat(screen[..., None], 3, axis=2)
    stripes = np.zeros((n * scale, n * scale, 3), np.float32)
    for channel in range(3):  # vertical B, G, R stripes: one third of each pixel lit
        stripes[:, channel::3, 2 - channel] = 2.6
    stripes[::scale, :, :] *= 0.55  # the dark lines between pixel rows
    bezel[pad : pad + n * scale, pad : pad + n * scale] = pixels * stripes
    matrix = _homography(n, scale, corners, grow=(bezel.shape[0] / (n * scale) - 1) / 2)
    _paste(scene, np.clip(bezel, 0, 255), matrix, smooth=False)
    glow = np.zeros((HEIGHT, WIDTH), np.float32)  # a reflection of the room on the glass
    x0 = int(rng.uniform(0, WIDTH))
    cv2.line(glow, (x0, 0), (x0 + int(rng.uniform(-400, 400)), HEIGHT), 60.0, 60)
    scene += cv2.GaussianBlur(glow, (0, 0), 30)[..., None]


def _lighting(rng: np.random.Generator, shot: Shot) -> np.ndarray:
    """A gain per pixel: exposure, a gradient in a random direction and vignetting."""
    ys, xs = _grid()
    u, v = (xs - WIDTH / 2) / WIDTH, (ys - HEIGHT / 2) / WIDTH
    angle = rng.uniform(0, 2 * np.pi)
    along = (u * np.cos(angle) + v * np.sin(angle)) / 0.6 + 0.5  # about 0..1
    gain = 1.0 - shot.gradient * np.clip(along, 0, 1)
    gain *= 1.0 - shot.vignette * np.clip((u * u + v * v) / 0.34, 0, 1) ** 1.5
    return np.asarray(gain * shot.exposure, dtype=np.float32)


def _glare_spot(rng: np.random.Generator, corners: np.ndarray, peak: float) -> np.ndarray:
    """A specular highlight near the code: an elongated bright blob."""
    centre = corners.mean(axis=0) + rng.uniform(-0.4, 0.4, 2) * np.ptp(corners, axis=0)
    axes = np.ptp(corners, axis=0) * rng.uniform(0.12, 0.35, 2)
    ys, xs = _grid()
    dx, dy = (xs - centre[0]) / axes[0], (ys - centre[1]) / axes[1]
    return np.asarray(peak * np.exp(-(dx * dx + dy * dy) / 2), dtype=np.float32)


def motion_kernel(length: float, angle_deg: float) -> np.ndarray:
    """A line of ``length`` px at ``angle_deg``, summing to one."""
    size = int(np.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    half = (length - 1) / 2
    dx, dy = half * np.cos(np.deg2rad(angle_deg)), half * np.sin(np.deg2rad(angle_deg))
    c = size // 2
    cv2.line(
        kernel,
        (round((c - dx) * 16), round((c - dy) * 16)),
        (round((c + dx) * 16), round((c + dy) * 16)),
        1.0,
        1,
        cv2.LINE_AA,
        shift=4,
    )
    return np.asarray(kernel / max(float(kernel.sum()), 1e-6), dtype=np.float32)


def disk_kernel(radius: float) -> np.ndarray:
    """A defocused lens' point spread: a uniform disk, summing to one."""
    size = int(np.ceil(radius)) * 2 + 1
    c = size // 2
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
    kernel = np.clip(radius + 0.5 - np.hypot(xs - c, ys - c), 0, 1)
    return np.asarray(kernel / float(kernel.sum()), dtype=np.float32)


def _optics(scene: np.ndarray, shot: Shot, direction: float) -> np.ndarray:
    image = scene
    if shot.defocus:
        image = cv2.filter2D(image, -1, disk_kernel(shot.defocus))
    if shot.motion:
        image = cv2.filter2D(image, -1, motion_kernel(shot.motion, direction))
    return np.asarray(cv2.GaussianBlur(image, (0, 0), 0.6), dtype=np.float32)  # the lens


def _rolling_shutter_skew(rng: np.random.Generator, scene: np.ndarray, skew: float) -> np.ndarray:
    """Rows read out one after another while the code moves: a shear with a wobble."""
    ys, xs = (np.ascontiguousarray(np.broadcast_to(a, (HEIGHT, WIDTH))) for a in _grid())
    wobble = float(rng.uniform(0, 4)) * np.sin(ys / float(rng.uniform(30, 90)))
    map_x = xs - skew * (ys - HEIGHT / 2) - wobble
    remapped = cv2.remap(scene, map_x, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    return np.asarray(remapped, dtype=np.float32)


def _sensor(rng: np.random.Generator, scene: np.ndarray, read_noise: float) -> np.ndarray:
    """Shot noise (grows with the signal) plus read noise, clipped to 8 bits."""
    signal = np.clip(scene, 0, 255)
    sigma = cv2.sqrt(signal * np.float32(0.08) + np.float32(read_noise**2))
    normal = np.empty((signal.shape[0], signal.size // signal.shape[0]), np.float32)
    cv2.setRNGSeed(int(rng.integers(2**31)))  # OpenCV's generator: ten times numpy's speed
    cv2.randn(normal, np.zeros(1), np.ones(1))
    noisy = signal + normal.reshape(signal.shape) * sigma
    return np.asarray(np.clip(noisy, 0, 255), dtype=np.uint8)
