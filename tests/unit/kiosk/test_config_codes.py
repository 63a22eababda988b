"""kiosk.toml validation, booking codes (signed tokens), passports."""

import base64
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk_app.config import KioskConfigError, KioskMode, Orientation, load_config, parse_config
from kiosk_app.core.booking_code import check_booking_code, load_public_key

ROOT = Path(__file__).resolve().parents[3]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_config_example_file_loads() -> None:
    config = load_config(ROOT / "assets" / "kiosk.example.toml")
    assert config.screen.orientation == Orientation.PORTRAIT
    assert config.devices.printer == "sim://"


def test_config_broken_file_names_file_key_and_problem(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[screen]\norientation = "diagonal"\n[server]\nurl = "ftp://x"\n')
    with pytest.raises(KioskConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert f"{path}: screen.orientation:" in text
    assert "server.url" in text


def test_config_unknown_key_and_bad_toml_are_refused() -> None:
    with pytest.raises(KioskConfigError, match=r"screen\.colour"):
        parse_config('[screen]\ncolour = "red"\n')
    with pytest.raises(KioskConfigError, match="not valid TOML"):
        parse_config("[screen\n")


def test_config_feedback_mode_needs_a_counter() -> None:
    with pytest.raises(KioskConfigError, match="counter"):
        parse_config('mode = "feedback"\n')
    assert parse_config('mode = "feedback"\n[feedback]\ncounter = 3\n').mode == KioskMode.FEEDBACK


def test_booking_code_signed_token_verified_offline() -> None:
    key = Ed25519PrivateKey.generate()
    public = load_public_key(_b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)))
    payload = "AQ1." + _b64(json.dumps({"a": "1234567890123456", "d": "2026-12-01"}).encode())
    token = f"{payload}.{_b64(key.sign(payload.encode()))}"
    assert check_booking_code(token, public).code == token
    altered = token.replace("AQ1.e", "AQ1.f", 1)
    forged = check_booking_code(altered, public)
    assert forged.code is None
    assert forged.failure is not None
    assert forged.failure.code == "booking_forged"
    other = Ed25519PrivateKey.generate()
    assert (
        check_booking_code(f"{payload}.{_b64(other.sign(payload.encode()))}", public).code is None
    )


@pytest.mark.parametrize(
    "text", ["", "12", "x" * 3000, "https://evil.example/?q=<x>", "\x00\x01\x02", "AQ1.only"]
)
def test_booking_code_malformed_input_is_refused_not_raised(text: str) -> None:
    check = check_booking_code(text)
    assert check.code is None
    assert check.failure is not None


def test_booking_public_key_garbage_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Ed25519"):
        load_public_key("not-a-key")


def test_config_garbage_booking_key_is_refused_with_its_key() -> None:
    with pytest.raises(KioskConfigError, match=r"office\.booking_public_key"):
        parse_config('[office]\nbooking_public_key = "not-a-key"\n')


def test_config_geometry_places_a_window_and_not_a_full_screen() -> None:
    screen = parse_config('[screen]\nfullscreen = false\ngeometry = "608x1080+0+0"\n').screen
    assert screen.geometry is not None
    assert (screen.geometry.width, screen.geometry.x) == (608, 0)
    with pytest.raises(KioskConfigError, match=r"screen: .*set fullscreen = false"):
        parse_config('[screen]\ngeometry = "608x1080+0+0"\n')
    with pytest.raises(KioskConfigError, match=r"screen\.geometry: .*WIDTHxHEIGHT\+X\+Y"):
        parse_config('[screen]\nfullscreen = false\ngeometry = "tall"\n')
