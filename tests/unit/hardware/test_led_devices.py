"""Counter LED driver over real serial bytes: pty simulator, loop://, unplugged ports."""

import socket

import pytest

from hardware.led.base import LedError
from hardware.led.codecs import AsciiFrameCodec, ModbusRtuCodec, codec_by_name
from hardware.led.devices import counter_led_for_url
from hardware.led.fake import FakeLedBus, SimulatedCounterLed
from hardware.led.serial_led import SerialCounterLed


@pytest.mark.parametrize("codec_name", ["ascii", "ascii-lrc", "modbus"])
def test_led_round_trip_through_pty_simulator(codec_name: str) -> None:
    codec = codec_by_name(codec_name)
    with FakeLedBus(codec) as bus:
        led = SerialCounterLed(bus.device_path, codec, addresses={3: 13})
        led.open()
        try:
            led.show(3, "A012")
            led.show(5, "E004")
            led.show(3, "A013")
            assert bus.wait_for(13, "A013")
            assert bus.wait_for(5, "E004")
        finally:
            led.close()
    assert bus.history == [(13, "A012"), (5, "E004"), (13, "A013")]


def test_led_socket_url_sends_the_frame_to_a_tcp_peer() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        led = SerialCounterLed(f"socket://127.0.0.1:{port}", AsciiFrameCodec(checksum=True))
        led.open()
        peer, _ = server.accept()
        with peer:
            led.show(2, "B003")
            peer.settimeout(5)
            received = bytearray()
            while len(received) < 10:
                received += peer.recv(64)
        led.close()
        led.close()  # twice is fine
    assert bytes(received) == AsciiFrameCodec(checksum=True).encode(2, "B003")


def test_led_missing_device_is_an_led_error() -> None:
    led = SerialCounterLed("serial:///dev/ttyNO-SUCH-LED?baudrate=9600", AsciiFrameCodec())
    with pytest.raises(LedError, match="no such device"):
        led.open()


def test_led_bad_url_is_an_led_error() -> None:
    with pytest.raises(LedError, match="not a serial device URL"):
        SerialCounterLed("http://panel", AsciiFrameCodec()).open()


def test_led_show_before_open_refused() -> None:
    with pytest.raises(LedError, match="not open"):
        SerialCounterLed("loop://", AsciiFrameCodec()).show(1, "A1")


def test_simulated_counter_led_for_sim_url() -> None:
    led = counter_led_for_url("sim://", "modbus", addresses={1: 21})
    assert isinstance(led, SimulatedCounterLed)
    led.open()
    try:
        led.show(1, "A001")
        assert led.bus.wait_for(21, "A001")
    finally:
        led.close()


def test_modbus_replies_do_not_pile_up() -> None:
    codec = ModbusRtuCodec()
    with FakeLedBus(codec) as bus:
        led = SerialCounterLed(bus.device_path, codec)
        led.open()
        try:
            for n in range(30):
                led.show(1, f"A{n:03d}")
            assert bus.wait_for(1, "A029")
        finally:
            led.close()
