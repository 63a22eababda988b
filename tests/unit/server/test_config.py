"""A broken office file is refused with the file, the key and what is wrong."""

from pathlib import Path

import pytest

from antrean.cli import main
from queue_server.config import EXAMPLE_OFFICE, ConfigError, load_office
from tests.support.office import always_open_office_text


def test_example_office_loads() -> None:
    office = load_office(EXAMPLE_OFFICE)
    assert office.office.timezone == "WIB"
    assert [stage.code for stage in office.service("PB").stages] == ["berkas", "wawancara"]  # type: ignore[union-attr]
    assert len(office.counters) == 8


def test_priority_walk_in_is_every_walk_in_service_and_the_booking_ones_that_say_so() -> None:
    office = load_office(EXAMPLE_OFFICE)
    pb = office.service("PB")
    assert pb is not None
    assert not pb.walk_in
    assert pb.admits_priority_walk_in
    assert not pb.model_copy(update={"priority_walk_in": False}).admits_priority_walk_in
    walk_in = pb.model_copy(update={"walk_in": True, "priority_walk_in": False})
    assert walk_in.admits_priority_walk_in


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('prefix = "A"', 'prefix = "a1"'), "services[0] (PB).prefix"),
        (('prefix = "B"', 'prefix = "A"'), "prefix 'A' appears more than once"),
        (('services = ["AP", "IN"]', 'services = ["AP", "XX"]'), "unknown queue(s) XX"),
        (("same_day = 35", "# no quota"), "no entry for pool(s) same_day"),
        (('strategy = "sla_aware"', 'strategy = "random"'), "policy.strategy"),
        (("sla_minutes = 30", "sla_minutes = -5"), "sla_minutes"),
    ],
)
def test_broken_config_names_key_and_problem(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    path = tmp_path / "office.toml"
    path.write_text(always_open_office_text().replace(*change, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_office(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_counter_breaks_overlapping_refused(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    text = EXAMPLE_OFFICE.read_text(encoding="utf-8").replace(
        '{ start = "10:00", minutes = 15 }', '{ start = "11:00", minutes = 45 }', 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="counter 1: breaks overlap"):
        load_office(path)
    breaks = load_office(EXAMPLE_OFFICE).counters[0].breaks
    assert [(b.start.isoformat(), b.minutes) for b in breaks] == [
        ("10:00:00", 15),
        ("11:30:00", 60),
    ]


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[office\nid = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_office(bad)
    with pytest.raises(ConfigError, match="no such file"):
        load_office(tmp_path / "missing.toml")


def test_server_refuses_broken_config_with_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "office.toml"
    bad.write_text(
        always_open_office_text().replace('timezone = "WIB"', 'timezone = "Mars"'), encoding="utf-8"
    )
    code = main(
        [
            "server",
            "--config",
            str(bad),
            "--database-url",
            f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "--no-advertise",
        ]
    )
    assert code == 2
    assert "Mars" in capsys.readouterr().err


def test_retention_is_given_per_kind_of_personal_data(tmp_path: Path) -> None:
    text = always_open_office_text().replace("status_tokens = 7", "status_tokens = 2")
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    kept = load_office(path).retention
    assert (kept.status_tokens, kept.passport_hashes, kept.feedback_links) == (2, 90, 7)
    path.write_text(text.replace("sessions = 30", "sessions = 0"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"retention\.sessions"):
        load_office(path)


def test_an_older_office_file_s_retention_days_still_keeps_passport_hashes(
    tmp_path: Path,
) -> None:
    text = always_open_office_text()
    section = text[text.index("[retention]") : text.index("[hours]")]
    older = text.replace(section, "").replace(
        "number_padding = 3", "number_padding = 3\nretention_days = 30"
    )
    path = tmp_path / "office.toml"
    path.write_text(older, encoding="utf-8")
    kept = load_office(path).retention
    assert (kept.passport_hashes, kept.application_numbers) == (30, 90)


def test_signed_booking_codes_cannot_be_required_without_the_key_to_check_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.toml"
    text = always_open_office_text().replace("require_signed = false", "require_signed = true")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="require_signed needs token_public_key"):
        load_office(path)
