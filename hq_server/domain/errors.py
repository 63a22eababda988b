"""Every refusal headquarters gives: a stable code, an HTTP status and a sentence in
Indonesian and English a person (or an office's sender) can act on."""


class HqError(Exception):
    """A refusal. ``code`` is the contract's error code."""

    code = "invalid_request"
    http_status = 422

    def __init__(self, message_id: str, message_en: str, *, code: str | None = None) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en
        if code is not None:
            self.code = code


class UnknownOfficeError(HqError):
    code = "unknown_office"
    http_status = 401


class BadSignatureError(HqError):
    code = "bad_signature"
    http_status = 401


class ClockSkewError(HqError):
    code = "clock_skew"
    http_status = 422


class InvalidBatchError(HqError):
    code = "invalid_batch"
    http_status = 422


class SequenceConflictError(HqError):
    code = "sequence_conflict"
    http_status = 409


class NotFoundError(HqError):
    code = "not_found"
    http_status = 404


class UnauthorizedError(HqError):
    code = "unauthorized"
    http_status = 401


class ForbiddenError(HqError):
    code = "forbidden"
    http_status = 403


class ConflictError(HqError):
    code = "conflict"
    http_status = 409
