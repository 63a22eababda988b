"""``WIDTHxHEIGHT+X+Y``: how a window's place is written in kiosk.toml, display.toml and on
the command line."""

import pytest
from pydantic import ValidationError

from queue_protocol.window_geometry import WindowGeometry


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("608x1080+0+0", (608, 1080, 0, 0)),
        ("1092x466+828+614", (1092, 466, 828, 614)),
        (" 1280x720 ", (1280, 720, None, None)),
    ],
)
def test_window_geometry_written_as_x11_writes_it_is_read(
    text: str, fields: tuple[int, int, int | None, int | None]
) -> None:
    place = WindowGeometry.model_validate(text)
    assert (place.width, place.height, place.x, place.y) == fields
    assert str(place) == text.strip()


@pytest.mark.parametrize("text", ["", "1080", "0x1080+0+0", "608x1080-10+0", "608x1080+0", "big"])
def test_window_geometry_malformed_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValidationError, match=r"WIDTHxHEIGHT\+X\+Y|greater than or equal to 1"):
        WindowGeometry.model_validate(text)


def test_window_geometry_survives_a_round_trip_through_a_dict() -> None:
    place = WindowGeometry.model_validate("714x402+652+0")
    assert WindowGeometry.model_validate(place.model_dump()) == place
    assert (place.right, place.bottom) == (1366, 402)
