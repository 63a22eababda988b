"""The counter LED driver for a configured URL and codec name."""

from collections.abc import Mapping

from hardware.led.base import CounterLed
from hardware.led.codecs import codec_by_name
from hardware.led.fake import SimulatedCounterLed
from hardware.led.serial_led import SerialCounterLed


def counter_led_for_url(
    url: str, codec: str = "ascii", *, addresses: Mapping[int, int] | None = None
) -> CounterLed:
    """``sim://`` gives the simulator; anything else is a serial device URL.

    Nothing is opened here; call ``open()``. Raises ``LedCodecError`` for an
    unknown codec name.
    """
    wire = codec_by_name(codec)
    if url == "sim://":
        return SimulatedCounterLed(wire, addresses=addresses)
    return SerialCounterLed(url, wire, addresses=addresses)
