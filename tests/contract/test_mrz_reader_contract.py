"""The MrzReader contract over the pty simulator (three framings), loop:// and socket://."""

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from hardware.mrz.base import MrzReader, MrzReaderError
from hardware.mrz.fake import SPECIMEN_TD3, FakeSerialMrzReader
from hardware.mrz.framing import MrzFraming, encode_mrz
from hardware.mrz.serial_reader import SerialMrzReader
from queue_protocol.mrz import parse_mrz

TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)


@dataclass
class Rig:
    reader: SerialMrzReader
    send: Callable[[bytes], None]


def _serve_once(
    listener: socket.socket, ready: list[socket.socket], event: threading.Event
) -> None:
    connection, _ = listener.accept()
    ready.append(connection)
    event.set()


@pytest.fixture(params=["pty", "loop", "socket"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    if request.param == "pty":
        with FakeSerialMrzReader() as fake, SerialMrzReader(fake.device_path) as reader:
            yield Rig(reader, fake.send_raw)
        return
    if request.param == "loop":
        with SerialMrzReader("loop://") as reader:
            yield Rig(reader, reader.send_command)  # loop:// echoes what is written
        return
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    event = threading.Event()
    thread = threading.Thread(target=_serve_once, args=(listener, accepted, event))
    thread.start()
    try:
        with SerialMrzReader(f"socket://127.0.0.1:{listener.getsockname()[1]}") as reader:
            assert event.wait(5)
            yield Rig(reader, accepted[0].sendall)
    finally:
        thread.join(5)
        for connection in accepted:
            connection.close()
        listener.close()


def test_contract_is_an_mrz_reader(rig: Rig) -> None:
    reader: MrzReader = rig.reader
    assert reader.url


def test_contract_nothing_sent_returns_none(rig: Rig) -> None:
    assert rig.reader.read_mrz(0.05) is None


@pytest.mark.parametrize("framing", list(MrzFraming))
@pytest.mark.parametrize("mrz", [SPECIMEN_TD3, TD1])
def test_contract_each_framing_gives_parseable_mrz(rig: Rig, framing: MrzFraming, mrz: str) -> None:
    rig.send(encode_mrz(mrz, framing))
    text = rig.reader.read_mrz(2.0)
    assert text == mrz
    assert parse_mrz(text).valid


def test_contract_bad_bcc_frame_skipped(rig: Rig) -> None:
    bad = bytearray(encode_mrz(SPECIMEN_TD3, MrzFraming.THREE_M))
    bad[-1] ^= 0x01
    rig.send(bytes(bad) + encode_mrz(TD1, MrzFraming.THREE_M))
    assert rig.reader.read_mrz(2.0) == TD1
    assert rig.reader.rejected_frames == 1


def test_contract_close_twice_and_read_after_close(rig: Rig) -> None:
    rig.reader.close()
    rig.reader.close()
    with pytest.raises(MrzReaderError, match="not open"):
        rig.reader.read_mrz(0.01)


def test_contract_fake_present_default_specimen() -> None:
    fake = FakeSerialMrzReader(framing=MrzFraming.THREE_M)
    with fake, SerialMrzReader(fake.device_path) as reader:
        fake.present()
        assert reader.read_mrz(2.0) == SPECIMEN_TD3


def test_contract_unplugged_reader_raises() -> None:
    fake = FakeSerialMrzReader()
    fake.open()
    with SerialMrzReader(fake.device_path) as reader:
        fake.close()
        with pytest.raises(MrzReaderError, match="disconnected"):
            reader.read_mrz(1.0)
