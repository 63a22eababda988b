"""``antrean config check KIND FILE``: a broken file named with its key, a valid one summed up
with its warnings; and the office's warnings themselves (the status link a phone cannot open)."""

from pathlib import Path

import pytest

from antrean.asset_files import asset_path
from antrean.cli import main
from queue_server.config import EXAMPLE_OFFICE, load_office
from queue_server.domain.office_warnings import office_warnings


@pytest.mark.parametrize("kind", ["office", "kiosk", "display"])
def test_the_shipped_examples_pass_the_check(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    example = asset_path(f"{kind}.example.toml")
    assert main(["config", "check", kind, str(example)]) == 0
    assert f"{example}: OK: " in capsys.readouterr().out


def test_the_example_office_is_warned_of_its_status_link_on_loopback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config", "check", "office", str(EXAMPLE_OFFICE)]) == 0
    printed = capsys.readouterr().out
    assert "Kantor Imigrasi Kelas I Khusus TPI Jakarta Selatan (kanim-jakarta-selatan)" in printed
    assert "warning: office.public_url = 'http://127.0.0.1:8000': only this PC" in printed


def test_a_broken_office_file_is_refused_with_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "office.toml"
    text = EXAMPLE_OFFICE.read_text(encoding="utf-8")
    broken.write_text(text.replace('timezone = "WIB"', 'timezone = "Mars/Olympus"'))
    assert main(["config", "check", "office", str(broken)]) == 2
    said = capsys.readouterr()
    assert said.out == ""
    assert "office.timezone" in said.err


@pytest.mark.parametrize("kind", ["office", "kiosk", "display"])
def test_a_missing_file_is_refused(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "check", kind, str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml" in capsys.readouterr().err


def office_with_public_url(url: str) -> list[str]:
    office = load_office(EXAMPLE_OFFICE)
    changed = office.model_copy(
        update={"office": office.office.model_copy(update={"public_url": url})}
    )
    return [warning for warning in office_warnings(changed) if "public_url" in warning]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://localhost:8000", ["only this PC"]),
        ("https://10.0.0.2:8443", ["office LAN address"]),
        ("https://192.168.1.20", ["office LAN address"]),
        ("https://antrean.kanim.local", ["office LAN address"]),
        ("https://antrean", ["office LAN address"]),
        ("http://antrean.imigrasi.go.id", ["not HTTPS"]),
        ("https://antrean.imigrasi.go.id", []),
        ("https://36.86.63.182", []),
        ("antrean.imigrasi.go.id", ["not a web address"]),
        ("http://localhost.:8000", ["only this PC"]),
        ("http://app.localhost", ["only this PC"]),
        ("http://0.0.0.0:8000", ["only this PC"]),
        ("https://[::1]:8443", ["only this PC"]),
        ("https://[::ffff:127.0.0.1]", ["only this PC"]),
        ("https://[fe80::1]", ["office LAN address"]),
        ("https://[fd12:3456::20]", ["office LAN address"]),
        ("https://[::ffff:192.168.1.20]", ["office LAN address"]),
        ("https://100.64.7.9", ["office LAN address"]),  # carrier-grade NAT
        ("https://antrean.local", ["office LAN address"]),
        ("https://antrean.kanim.local.", ["office LAN address"]),
        ("https://antrean.home.arpa", ["office LAN address"]),
        ("http://[fd12:3456::20]", ["office LAN address", "not HTTPS"]),
        ("https://[2400:cb00::1]", []),
    ],
)
def test_a_status_link_phones_cannot_open_is_warned_of(url: str, says: list[str]) -> None:
    warnings = office_with_public_url(url)
    assert len(warnings) == len(says), warnings
    for warning, expected in zip(warnings, says, strict=True):
        assert expected in warning
