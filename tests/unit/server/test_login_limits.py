"""The per-address login throttle across names, and the bound on password checks."""

import threading

import pytest
from argon2 import PasswordHasher

from queue_server.domain.errors import LoginBusyError
from queue_server.services.login_throttle import LoginThrottle
from queue_server.services.password_hashing import PasswordHashing


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_one_address_guessing_many_names_is_stopped() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(limit=5, address_limit=20, window=300, clock=clock)
    for n in range(20):
        assert throttle.retry_after(f"name-{n}", "10.0.0.9") == 0
        throttle.failed(f"name-{n}", "10.0.0.9")
    assert throttle.retry_after("name-new", "10.0.0.9") == 301
    assert throttle.retry_after("name-new", "10.0.0.10") == 0  # another address is free
    clock.now += 301
    assert throttle.retry_after("name-new", "10.0.0.9") == 0


def test_throttle_success_does_not_clear_the_address_count() -> None:
    throttle = LoginThrottle(limit=5, address_limit=3, window=300, clock=FakeClock())
    for n in range(3):
        throttle.failed(f"name-{n}", "10.0.0.9")
    throttle.succeeded("own-account", "10.0.0.9")
    assert throttle.retry_after("name-9", "10.0.0.9") > 0


def test_throttle_per_name_limit_still_holds() -> None:
    throttle = LoginThrottle(limit=5, address_limit=20, window=300, clock=FakeClock())
    for _ in range(5):
        throttle.failed("Petugas", "10.0.0.9")
    assert throttle.retry_after("petugas", "10.0.0.9") == 301
    assert throttle.retry_after("kepala", "10.0.0.9") == 0


def test_hashing_refuses_a_check_when_no_slot_frees_up() -> None:
    stored = PasswordHasher().hash("rahasia-123")
    hashing = PasswordHashing(at_once=1, wait_s=0.05)
    with hashing.slot(), pytest.raises(LoginBusyError) as refused:
        hashing.verify(stored, "rahasia-123")
    assert refused.value.http_status == 503
    assert refused.value.retry_after_s > 0
    assert hashing.verify(stored, "rahasia-123")
    assert not hashing.verify(stored, "salah")


def test_hashing_runs_no_more_checks_than_its_slots_at_once() -> None:
    stored = PasswordHasher().hash("rahasia-123")
    hashing = PasswordHashing(at_once=2, wait_s=30)
    running = 0
    most = 0
    lock = threading.Lock()
    results: list[bool] = []

    def check() -> None:
        nonlocal running, most
        with hashing.slot():
            with lock:
                running += 1
                most = max(most, running)
            results.append(PasswordHasher().verify(stored, "rahasia-123"))
            with lock:
                running -= 1

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 2
    assert results == [True] * 8
