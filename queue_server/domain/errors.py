"""Domain errors: a stable code and a sentence in Indonesian and English.

The API turns each into ``{"error": code, "message": ...}`` with the status
code the error class names; nothing else about HTTP lives here.
"""


class DomainError(Exception):
    """A rule said no. ``code`` is stable; ``message_id``/``message_en`` are for people."""

    code = "rejected"
    http_status = 409

    def __init__(self, *, message_en: str, message_id: str, code: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_id = message_id
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    code = "not_found"
    http_status = 404


class InvalidRequestError(DomainError):
    code = "invalid_request"
    http_status = 422


class IllegalTransitionError(DomainError):
    """The ticket's state does not allow this action; the state is unchanged."""

    code = "illegal_transition"
    http_status = 409


class QuotaFullError(DomainError):
    code = "quota_full"
    http_status = 409


class ServiceClosedError(DomainError):
    code = "service_closed"
    http_status = 409


class BookingRejectedError(DomainError):
    """A booking code that is forged, unknown, too early or too late."""

    code = "booking_rejected"
    http_status = 422


class LoginBusyError(DomainError):
    """The server is checking as many passwords as it allows at once; try again soon."""

    code = "login_busy"
    http_status = 503
    retry_after_s = 2

    def __init__(self) -> None:
        super().__init__(
            message_en="The server is checking many logins at once. Try again in a moment.",
            message_id="Server sedang memeriksa banyak login sekaligus. Coba lagi sebentar lagi.",
        )


class TooManyAttemptsError(DomainError):
    """Too many failed logins from one place for one name; try again later."""

    code = "too_many_attempts"
    http_status = 429

    def __init__(self, retry_after_s: int):
        minutes = (retry_after_s + 59) // 60
        super().__init__(
            message_en=f"Too many failed attempts. Try again in {minutes} minutes.",
            message_id=f"Terlalu banyak percobaan gagal. Coba lagi dalam {minutes} menit.",
        )
        self.retry_after_s = retry_after_s
        self.retry_after_min = minutes
