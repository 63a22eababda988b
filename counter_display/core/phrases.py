"""The spoken call, as a list of recorded clip names and as a sentence.

A call is built from a small, fixed clip vocabulary per language so every ticket
number from 0 to 999 999 (in practice 0..9999) can be spoken with no internet and
no speech engine on the display PC:

- ``id``: ``nol`` .. ``sembilan``, ``sepuluh``, ``sebelas``, ``belas``, ``puluh``,
  ``seratus``, ``ratus``, ``seribu``, ``ribu``; letters ``huruf_a`` .. ``huruf_z``
  (Indonesian letter names: a, be, ce, ...); ``nomor_antrean``, ``silakan_menuju_loket``.
- ``en``: ``zero`` .. ``nineteen``, ``twenty`` .. ``ninety``, ``hundred``,
  ``thousand``, ``and``; letters ``letter_a`` .. ``letter_z``; ``ticket_number``,
  ``please_proceed_to_counter``.

English uses the British "and" ("one hundred and twelve"), the usual form in
Indonesia and in international English announcements; zero is "zero" (clearer than
"oh" over a loudspeaker). Indonesian zero is always "nol", never "kosong", and
"se-" replaces "satu" only before puluh, belas, ratus and ribu.

Invariant: every clip name returned by :func:`call_phrase` is in
:func:`clip_vocabulary` for that language (the tests check all numbers 0..9999).
"""

import re
import string
from enum import StrEnum

MAX_NUMBER = 999_999


class ReadingMode(StrEnum):
    """How the digits of a ticket number are read."""

    WORDS = "words"  # "A012" -> "A dua belas"
    DIGITS = "digits"  # "A012" -> "A nol satu dua"


LANGUAGES = ("id", "en")

ID_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
EN_UNITS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Indonesian names of the letters, as a caller says them ("A be ce" not "ey bee cee").
letter_names_id: dict[str, str] = dict(
    zip(
        string.ascii_uppercase,
        [
            "a",
            "be",
            "ce",
            "de",
            "e",
            "ef",
            "ge",
            "ha",
            "i",
            "je",
            "ka",
            "el",
            "em",
            "en",
            "o",
            "pe",
            "ki",
            "er",
            "es",
            "te",
            "u",
            "ve",
            "we",
            "eks",
            "ye",
            "zet",
        ],
        strict=True,
    )
)

_PHRASE_CLIPS = {
    "id": ("nomor_antrean", "silakan_menuju_loket"),
    "en": ("ticket_number", "please_proceed_to_counter"),
}
_PHRASE_TEXT = {
    "id": ("Nomor antrean", "silakan menuju loket"),
    "en": ("Ticket number", "please proceed to counter"),
}
_LETTER_CLIP_PREFIX = {"id": "huruf_", "en": "letter_"}
_TOKEN = re.compile(r"[A-Za-z]|[0-9]+")


def _check_number(n: int) -> None:
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside 0..{MAX_NUMBER}")


def number_words_id(n: int) -> list[str]:
    """Indonesian words of ``n``: 12 -> ["dua", "belas"], 100 -> ["seratus"]."""
    _check_number(n)
    if n < 10:
        return [ID_UNITS[n]]
    if n < 1000:
        return _id_below_thousand(n)
    thousands, rest = divmod(n, 1000)
    head = ["seribu"] if thousands == 1 else [*_id_below_thousand(thousands), "ribu"]
    return head + (_id_below_thousand(rest) if rest else [])


def _id_below_thousand(n: int) -> list[str]:
    """Words of 1..999 (0 gives [] because "seratus nol" is never said)."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [ID_UNITS[hundreds], "ratus"]
    tens, units = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [ID_UNITS[units], "belas"]
    else:
        if tens > 1:
            words += [ID_UNITS[tens], "puluh"]
        if units:
            words.append(ID_UNITS[units])
    return words


def number_words_en(n: int) -> list[str]:
    """English words of ``n``, British style: 112 -> ["one", "hundred", "and", "twelve"]."""
    _check_number(n)
    if n == 0:
        return ["zero"]
    thousands, rest = divmod(n, 1000)
    words = [*_en_below_thousand(thousands), "thousand"] if thousands else []
    if rest:
        # "one thousand and five": the "and" comes before a last part under 100.
        if thousands and rest < 100:
            words.append("and")
        words += _en_below_thousand(rest)
    return words


def _en_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [EN_UNITS[hundreds], "hundred"] if hundreds else []
    if rest:
        if hundreds:
            words.append("and")
        if rest < 20:
            words.append(EN_UNITS[rest])
        else:
            tens, units = divmod(rest, 10)
            words.append(EN_TENS[tens])
            if units:
                words.append(EN_UNITS[units])
    return words


def number_words(n: int, language: str) -> list[str]:
    """The words of ``n`` in ``language`` ("id" or "en")."""
    _check_language(language)
    return number_words_id(n) if language == "id" else number_words_en(n)


def digit_words(digits: str, language: str) -> list[str]:
    """Digit by digit: "012" -> ["nol", "satu", "dua"] / ["zero", "one", "two"]."""
    _check_language(language)
    units = ID_UNITS if language == "id" else EN_UNITS
    return [units[int(d)] for d in digits]


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")


def _tokens(number: str) -> list[str]:
    """Letters one by one and runs of digits; separators such as "-" are dropped."""
    tokens = _TOKEN.findall(number)
    if not tokens:
        raise ValueError(f"ticket number {number!r} has no letter or digit")
    return [t.upper() for t in tokens]


def _number_clips(number: str, language: str, mode: str) -> list[str]:
    reading = ReadingMode(mode)
    clips: list[str] = []
    for token in _tokens(number):
        if token.isalpha():
            clips.append(_LETTER_CLIP_PREFIX[language] + token.lower())
        elif reading is ReadingMode.DIGITS:
            clips += digit_words(token, language)
        else:
            clips += number_words(int(token), language)
    return clips


def call_phrase(number: str, counter: int, language: str, mode: str = "words") -> list[str]:
    """The clip names to play for a call, in order (the chime is not included).

    >>> call_phrase("A012", 3, "id", "words")
    ['nomor_antrean', 'huruf_a', 'dua', 'belas', 'silakan_menuju_loket', 'tiga']

    Counter numbers are always read as numbers ("loket sebelas"), whatever ``mode``.
    """
    _check_language(language)
    lead, follow = _PHRASE_CLIPS[language]
    return [lead, *_number_clips(number, language, mode), follow, *number_words(counter, language)]


def _join_en(words: list[str]) -> str:
    """Join English words, hyphenating tens and units: "twenty-one"."""
    out: list[str] = []
    for word in words:
        if out and out[-1] in EN_TENS[2:] and word in EN_UNITS[1:10]:
            out[-1] = f"{out[-1]}-{word}"
        else:
            out.append(word)
    return " ".join(out)


def _number_text(number: str, language: str, mode: str) -> str:
    reading = ReadingMode(mode)
    parts: list[str] = []
    for token in _tokens(number):
        if token.isalpha():
            parts.append(token)
        elif reading is ReadingMode.DIGITS:
            parts.append(" ".join(digit_words(token, language)))
        else:
            parts.append(spoken_number(int(token), language))
    return " ".join(parts)


def spoken_number(n: int, language: str) -> str:
    """``n`` as it is written out in a sentence: "dua belas", "twenty-one"."""
    words = number_words(n, language)
    return _join_en(words) if language == "en" else " ".join(words)


def call_text(number: str, counter: int, language: str, mode: str = "words") -> str:
    """The call as a sentence, for captions and logs.

    >>> call_text("A012", 3, "id")
    'Nomor antrean A dua belas, silakan menuju loket tiga'
    >>> call_text("A012", 3, "en")
    'Ticket number A twelve, please proceed to counter three'
    """
    _check_language(language)
    lead, follow = _PHRASE_TEXT[language]
    spoken = _number_text(number, language, mode)
    return f"{lead} {spoken}, {follow} {spoken_number(counter, language)}"


def clip_vocabulary(language: str) -> dict[str, str]:
    """Every clip a call in ``language`` may need: clip name -> what the clip says."""
    _check_language(language)
    clips: dict[str, str] = {}
    for clip, text in zip(_PHRASE_CLIPS[language], _PHRASE_TEXT[language], strict=True):
        clips[clip] = text[0].upper() + text[1:]
    for letter in string.ascii_uppercase:
        said = letter_names_id[letter] if language == "id" else letter
        clips[_LETTER_CLIP_PREFIX[language] + letter.lower()] = said
    if language == "id":
        extra = ("sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu")
        words = [*ID_UNITS, *extra]
    else:
        words = [*EN_UNITS, *EN_TENS[2:], "hundred", "thousand", "and"]
    clips.update({word: word for word in words})
    return clips
