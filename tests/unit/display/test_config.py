"""display.toml: the example loads; broken files are refused with file, key and reason."""

from pathlib import Path

import pytest

from counter_display.config import DEFAULT_VOICE_DIR, ConfigError, DisplayConfig, load_config

EXAMPLE = Path(__file__).resolve().parents[3] / "assets" / "display.example.toml"


def test_config_example_loads_with_paths_resolved() -> None:
    config = load_config(EXAMPLE)
    assert config.server == "auto"
    assert config.languages == ["id", "en"]
    assert config.audio.voice_dir == DEFAULT_VOICE_DIR
    assert config.led.addresses == {1: 1, 2: 2, 3: 3}


def test_config_example_copied_elsewhere_speaks_with_the_shipped_clips(tmp_path: Path) -> None:
    copy = tmp_path / "display.toml"
    copy.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    voice = load_config(copy).audio.voice_dir
    assert voice == DEFAULT_VOICE_DIR
    assert (voice / "chime.wav").is_file()


def test_config_defaults_without_file() -> None:
    config = DisplayConfig()
    assert (config.layout, config.audio.enabled, config.led.url) == ("landscape", True, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('layout = "sideways"', "layout: Input should be 'landscape' or 'portrait'"),
        ('server = "10.0.0.2"', 'server: Value error, must be "auto" or a URL'),
        ("languages = []", "languages: List should have at least 1 item"),
        ("colour = 1", "colour: unknown key (a typo?)"),
        ('[led]\ncodec = "morse"', "led.codec: Value error, unknown LED codec 'morse'"),
        ("[led]\naddresses = { 1 = 300 }", "led.addresses.1: Input should be less than or"),
        ("counters = [0]", "counters.0: Input should be greater than or equal to 1"),
        ("[audio]\nenabled = 'maybe'", "audio.enabled: Input should be a valid boolean"),
        ('geometry = "1280x720+0+0"', "set fullscreen = false"),
        ('fullscreen = false\ngeometry = "wide"', "geometry: Value error, must be WIDTHxHEIGHT"),
    ],
)
def test_config_broken_refused_with_key_and_reason(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "display.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_config_not_toml_or_missing_refused(tmp_path: Path) -> None:
    path = tmp_path / "display.toml"
    path.write_text("server = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "absent.toml")
