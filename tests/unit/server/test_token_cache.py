"""Checked tokens are kept ten seconds on the server's monotonic clock, never past their end."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from queue_server.services.token_cache import TokenCache

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


@dataclass(frozen=True)
class _Credential:
    name: str
    ends_at: datetime


class _Seconds:
    def __init__(self) -> None:
        self.value = 100.0

    def __call__(self) -> float:
        return self.value


def test_a_checked_token_is_kept_until_its_seconds_are_up() -> None:
    seconds = _Seconds()
    cache: TokenCache[_Credential] = TokenCache(seconds)
    credential = _Credential("petugas", NOW + timedelta(hours=8))
    cache.put("digest", credential)

    seconds.value += TokenCache.TTL_SECONDS - 0.5
    assert cache.get("digest", NOW) == credential
    seconds.value += 1.0
    assert cache.get("digest", NOW) is None


def test_a_token_past_its_end_is_never_taken_from_the_cache() -> None:
    cache: TokenCache[_Credential] = TokenCache(_Seconds())
    cache.put("digest", _Credential("kiosk-1", NOW + timedelta(seconds=1)))
    assert cache.get("digest", NOW + timedelta(seconds=1)) is None


def test_clear_forgets_every_token() -> None:
    cache: TokenCache[_Credential] = TokenCache(_Seconds())
    cache.put("a", _Credential("a", NOW + timedelta(hours=1)))
    cache.clear()
    assert cache.get("a", NOW) is None
