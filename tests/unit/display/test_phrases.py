"""The spoken call: every number 0..9999, both reading modes, both languages."""

import itertools
from pathlib import Path

import pytest

from counter_display.config import DEFAULT_VOICE_DIR
from counter_display.core.phrases import (
    ID_UNITS,
    call_phrase,
    call_text,
    clip_vocabulary,
    digit_words,
    letter_names_id,
    number_words_en,
    number_words_id,
    spoken_number,
)

ALL = range(10_000)

ID_EXPECTED = {
    0: "nol",
    1: "satu",
    7: "tujuh",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    105: "seratus lima",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    112: "seratus dua belas",
    123: "seratus dua puluh tiga",
    200: "dua ratus",
    999: "sembilan ratus sembilan puluh sembilan",
    1000: "seribu",
    1001: "seribu satu",
    1010: "seribu sepuluh",
    1011: "seribu sebelas",
    1100: "seribu seratus",
    1111: "seribu seratus sebelas",
    2000: "dua ribu",
    2019: "dua ribu sembilan belas",
    5300: "lima ribu tiga ratus",
    9999: "sembilan ribu sembilan ratus sembilan puluh sembilan",
    11000: "sebelas ribu",
    100000: "seratus ribu",
}

EN_EXPECTED = {
    0: "zero",
    5: "five",
    12: "twelve",
    19: "nineteen",
    20: "twenty",
    21: "twenty-one",
    99: "ninety-nine",
    100: "one hundred",
    101: "one hundred and one",
    112: "one hundred and twelve",
    123: "one hundred and twenty-three",
    999: "nine hundred and ninety-nine",
    1000: "one thousand",
    1005: "one thousand and five",
    1100: "one thousand one hundred",
    1234: "one thousand two hundred and thirty-four",
    9999: "nine thousand nine hundred and ninety-nine",
}


@pytest.mark.parametrize(("n", "words"), ID_EXPECTED.items())
def test_number_words_id_examples_read_as_written(n: int, words: str) -> None:
    assert " ".join(number_words_id(n)) == words


@pytest.mark.parametrize(("n", "words"), EN_EXPECTED.items())
def test_number_words_en_examples_read_as_written(n: int, words: str) -> None:
    assert spoken_number(n, "en") == words


def test_number_words_id_every_number_keeps_the_rules() -> None:
    for n in ALL:
        words = number_words_id(n)
        assert "kosong" not in words
        assert ("nol" in words) == (n == 0), n
        # "satu" never stands before puluh/belas/ratus/ribu: "se-" replaces it.
        for before, after in itertools.pairwise(words):
            assert not (before == "satu" and after in {"puluh", "belas", "ratus", "ribu"}), n
        assert words.count("ribu") + words.count("seribu") == (1 if n >= 1000 else 0), n


def test_number_words_id_every_number_reads_back_to_itself() -> None:
    for n in ALL:
        assert _parse_id(number_words_id(n)) == n


def test_number_words_en_every_number_reads_back_to_itself() -> None:
    for n in ALL:
        words = number_words_en(n)
        assert _parse_en(words) == n, words
        assert "and" not in (words[0], words[-1]), n


def test_number_words_out_of_range_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        number_words_id(-1)
    with pytest.raises(ValueError, match="outside"):
        number_words_en(1_000_000)


def test_letter_names_id_are_the_indonesian_names() -> None:
    assert [letter_names_id[c] for c in "ABCWXZ"] == ["a", "be", "ce", "we", "eks", "zet"]
    assert len(letter_names_id) == 26


def test_call_phrase_id_words_example() -> None:
    assert call_phrase("A012", 3, "id", "words") == [
        "nomor_antrean", "huruf_a", "dua", "belas", "silakan_menuju_loket", "tiga",
    ]  # fmt: skip


def test_call_phrase_digits_reads_each_zero_as_nol() -> None:
    assert call_phrase("A012", 11, "id", "digits") == [
        "nomor_antrean", "huruf_a", "nol", "satu", "dua", "silakan_menuju_loket", "sebelas",
    ]  # fmt: skip
    assert call_phrase("B100", 3, "en", "digits")[1:5] == ["letter_b", "one", "zero", "zero"]


def test_call_phrase_counter_always_read_as_number() -> None:
    assert call_phrase("A1", 12, "id", "digits")[-2:] == ["dua", "belas"]
    assert call_phrase("A1", 21, "en", "digits")[-2:] == ["twenty", "one"]


def test_call_text_both_languages() -> None:
    assert call_text("A012", 3, "id") == "Nomor antrean A dua belas, silakan menuju loket tiga"
    assert call_text("A012", 3, "en") == "Ticket number A twelve, please proceed to counter three"
    assert call_text("A012", 3, "id", "digits") == (
        "Nomor antrean A nol satu dua, silakan menuju loket tiga"
    )
    assert call_text("C-121", 21, "en") == (
        "Ticket number C one hundred and twenty-one, please proceed to counter twenty-one"
    )


def test_call_phrase_bad_input_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        call_phrase("A012", 3, "fr")
    with pytest.raises(ValueError, match="no letter or digit"):
        call_phrase("--", 3, "id")
    with pytest.raises(ValueError, match="ReadingMode"):
        call_phrase("A012", 3, "id", "roman")


def test_digit_words_leading_zeros_kept() -> None:
    assert digit_words("007", "id") == ["nol", "nol", "tujuh"]
    assert digit_words("007", "en") == ["zero", "zero", "seven"]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("mode", ["words", "digits"])
def test_call_phrase_every_number_uses_only_clips_that_exist(language: str, mode: str) -> None:
    vocabulary = clip_vocabulary(language)
    on_disk = {p.stem for p in (DEFAULT_VOICE_DIR / language).glob("*.wav")}
    assert set(vocabulary) <= on_disk, sorted(set(vocabulary) - on_disk)
    used: set[str] = set()
    for n in ALL:
        clips = call_phrase(f"A{n:03d}", n % 40 + 1, language, mode)
        used.update(clips)
    assert used <= set(vocabulary)
    assert (DEFAULT_VOICE_DIR / "chime.wav").is_file()


def test_clip_vocabulary_small() -> None:
    assert len(clip_vocabulary("id")) == 2 + 26 + 18
    assert len(clip_vocabulary("en")) == 2 + 26 + 31


def _parse_id(words: list[str]) -> int:
    """An independent reader of Indonesian number words, to check the writer."""
    total, part = 0, 0
    for word in words:
        if word in ID_UNITS:
            part += ID_UNITS.index(word)
        elif word in {"sepuluh", "sebelas", "seratus"}:
            part += {"sepuluh": 10, "sebelas": 11, "seratus": 100}[word]
        elif word == "belas":
            part += 10
        elif word == "puluh":
            part = part // 10 * 10 + part % 10 * 10 if part >= 100 else part * 10
        elif word == "ratus":
            part *= 100
        elif word == "seribu":
            total += 1000
        elif word == "ribu":
            total += part * 1000
            part = 0
    return total + part


def _parse_en(words: list[str]) -> int:
    units = {w: i for i, w in enumerate(number_words_en(i)[0] for i in range(20))}
    tens = {w: 10 * i for i, w in enumerate(
        ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
        if w}  # fmt: skip
    total, part = 0, 0
    for word in words:
        if word in units:
            part += units[word]
        elif word in tens:
            part += tens[word]
        elif word == "hundred":
            part *= 100
        elif word == "thousand":
            total, part = total + part * 1000, 0
    return total + part


def test_voice_dir_is_in_assets() -> None:
    assert Path(__file__).resolve().parents[3] / "assets" / "voice" == DEFAULT_VOICE_DIR
