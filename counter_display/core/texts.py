"""Words on the board, in Indonesian and English (KBBI spelling: "antrean", "silakan")."""

TEXTS: dict[str, dict[str, str]] = {
    "ticket_number": {"id": "NOMOR ANTREAN", "en": "TICKET NUMBER"},
    "counter": {"id": "LOKET", "en": "COUNTER"},
    "recent": {"id": "PANGGILAN SEBELUMNYA", "en": "PREVIOUS CALLS"},
    "counters": {"id": "LOKET", "en": "COUNTERS"},
    "waiting": {"id": "JUMLAH MENUNGGU", "en": "PEOPLE WAITING"},
    "closed": {"id": "TUTUP", "en": "CLOSED"},
    "idle": {"id": "—", "en": "—"},
    "reconnecting": {"id": "menghubungkan ulang…", "en": "reconnecting…"},
    "not_enrolled": {
        "id": "papan belum terdaftar: antrean display enrol KODE",
        "en": "board not enrolled: antrean display enrol CODE",
    },
    "untrusted": {
        "id": "sertifikat server tidak dipercaya: hubungi teknisi",
        "en": "server certificate not trusted: call the technician",
    },
    "welcome": {"id": "Selamat datang di {office}", "en": "Welcome to {office}"},
    "window_title": {"id": "Papan antrean", "en": "Queue board"},
}


def text(key: str, language: str, **values: str) -> str:
    """The board text ``key`` in ``language``, with ``{placeholders}`` filled."""
    return TEXTS[key][language].format(**values)
