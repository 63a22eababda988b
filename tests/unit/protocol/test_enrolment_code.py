"""Enrolment codes: printed, typed back (with stray spaces), and refused when they could
not be trusted."""

import pytest

from queue_protocol.enrolment import EnrolmentCode, EnrolmentError

PIN = "A" * 52
SECRET = "B" * 24


def test_code_printed_and_read_back_is_the_same() -> None:
    code = EnrolmentCode("https://10.0.0.2:8443", PIN, SECRET)
    assert str(code) == f"https://10.0.0.2:8443/enrol#ca={PIN}&secret={SECRET}"
    assert EnrolmentCode.parse(str(code)) == code


def test_code_typed_with_spaces_and_lower_case_is_read() -> None:
    typed = f"  https://10.0.0.2:8443/enrol#ca={PIN[:26].lower()} {PIN[26:]}\n&secret={SECRET} "
    assert EnrolmentCode.parse(typed) == EnrolmentCode("https://10.0.0.2:8443", PIN, SECRET)


def test_loopback_http_code_without_pin_is_accepted() -> None:
    code = EnrolmentCode.parse(f"http://127.0.0.1:8000/enrol#secret={SECRET}")
    assert code.ca_fingerprint is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("kiosk-1", "Not an enrolment code"),
        (f"https://10.0.0.2:8443/enrol#ca={PIN}", "incomplete"),
        (f"https://10.0.0.2:8443/enrol#ca={PIN}&secret=b1!", "incomplete"),
        (f"https://10.0.0.2:8443/enrol#secret={SECRET}", "no certificate fingerprint"),
        (f"http://10.0.0.2:8000/enrol#secret={SECRET}", "no certificate fingerprint"),
        (f"http://10.0.0.2:8000/enrol#ca={PIN}&secret={SECRET}", "needs an https"),
    ],
)
def test_code_that_cannot_be_trusted_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(EnrolmentError, match=reason):
        EnrolmentCode.parse(text)
