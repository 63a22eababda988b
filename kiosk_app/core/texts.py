"""Every text the kiosk shows or prints, in Indonesian and English.

Invariant: every key has both languages, with the same ``{placeholders}``
(checked by a unit test). Indonesian follows KBBI spelling: "antrean",
"silakan", "nol".
"""

from queue_protocol import Language

Pair = tuple[str, str]

TEXTS: dict[str, Pair] = {
    # start
    "welcome": ("Selamat datang", "Welcome"),
    "choose_language": ("Pilih bahasa", "Choose your language"),
    "start_question": ("Apa yang Anda bawa hari ini?", "What do you have with you today?"),
    "mode_booking": ("Saya punya booking M-Paspor", "I have an M-Paspor booking"),
    "mode_booking_hint": (
        "Tunjukkan kode QR atau ketik nomor permohonan",
        "Show the QR code or type the application number",
    ),
    "mode_passport": ("Saya membawa paspor", "I have my passport"),
    "mode_passport_hint": (
        "Letakkan paspor di alat pembaca",
        "Place your passport on the reader",
    ),
    "mode_walk_in": ("Layanan lain tanpa booking", "Other services, no booking"),
    "mode_walk_in_hint": (
        "Paspor hilang/rusak, pengambilan paspor, izin tinggal, informasi",
        "Lost/damaged passport, passport collection, stay permits, information",
    ),
    "scan_anytime": (
        "Anda juga bisa langsung memindai kode QR booking.",
        "You can also scan your booking QR code right away.",
    ),
    # common buttons
    "back": ("Kembali", "Back"),
    "home": ("Ke awal", "Start again"),
    "retry": ("Coba lagi", "Try again"),
    "retry_services": ("Pilih layanan lain", "Choose another service"),
    "retry_passport": ("Pindai paspor lagi", "Scan the passport again"),
    "done": ("Selesai", "Done"),
    "language_other": ("English", "Bahasa Indonesia"),
    # booking
    "booking_title": ("Booking M-Paspor", "M-Paspor booking"),
    "booking_scan": (
        "Tunjukkan kode QR booking ke kamera atau pemindai di bawah layar.",
        "Show your booking QR code to the camera or the scanner below the screen.",
    ),
    "booking_type": ("Atau ketik nomor permohonan:", "Or type the application number:"),
    "keypad_delete": ("Hapus", "Delete"),
    "keypad_clear": ("Kosongkan", "Clear"),
    "keypad_ok": ("Lanjut", "Continue"),
    "keypad_too_short": (
        "Nomor permohonan terdiri dari 16 angka.",
        "The application number has 16 digits.",
    ),
    # passport
    "passport_title": ("Paspor", "Passport"),
    "passport_place": (
        "Letakkan halaman data paspor menghadap ke bawah di alat pembaca.",
        "Place the passport's photo page face down on the reader.",
    ),
    "passport_wait": ("Menunggu paspor...", "Waiting for the passport..."),
    "passport_misread_title": ("Paspor belum terbaca", "The passport was not read"),
    "passport_misread": (
        "Silakan pindai sekali lagi. Letakkan paspor rata di kaca, halaman data ke bawah.",
        "Please scan again. Lay the passport flat on the glass, photo page down.",
    ),
    "passport_misread_detail": ("Yang gagal: {detail}", "What failed: {detail}"),
    "passport_expired_title": ("Paspor sudah habis masa berlakunya", "The passport has expired"),
    "passport_expired": (
        "Paspor ini berlaku sampai {date}. Untuk menggantinya, pilih layanan {service}.",
        "This passport was valid until {date}. To replace it, choose {service}.",
    ),
    "passport_expired_action": ("Antrean {service}", "Queue for {service}"),
    "senior_title": ("Layanan prioritas untuk lansia", "Priority service for seniors"),
    "senior_question": (
        "Anda berusia {age} tahun atau lebih. Apakah Anda ingin layanan prioritas?",
        "You are {age} or older. Would you like priority service?",
    ),
    "senior_yes": ("Ya, layanan prioritas", "Yes, priority service"),
    "senior_no": ("Tidak, antrean biasa", "No, the regular queue"),
    # priority
    "priority_title": ("Layanan prioritas (Ramah HAM)", "Priority service (Ramah HAM)"),
    "priority_question": (
        "Apakah salah satu ini berlaku untuk Anda? Sentuh satu.",
        "Does one of these apply to you? Tap one.",
    ),
    "priority_lansia": ("Lansia ({age} tahun ke atas)", "Senior ({age} or older)"),
    "priority_disabilitas": ("Penyandang disabilitas", "Person with a disability"),
    "priority_ibu_hamil": ("Ibu hamil", "Pregnant"),
    "priority_anak_kecil": ("Membawa anak kecil (balita)", "With a small child (under 5)"),
    "priority_none": ("Tidak ada yang berlaku", "None of these"),
    # services
    "services_title": ("Pilih layanan", "Choose a service"),
    "services_waiting": ("{count} orang menunggu", "{count} people waiting"),
    "services_wait": ("perkiraan {minutes} menit", "about {minutes} min"),
    "services_no_wait": ("Tidak ada antrean", "No one waiting"),
    "services_full": ("Kuota hari ini habis", "Today's quota is full"),
    "services_closed": ("Tutup", "Closed"),
    "services_full_hint": (
        "Silakan datang pada hari kerja berikutnya, atau tanyakan di meja informasi.",
        "Please come back on the next working day, or ask at the information desk.",
    ),
    "services_none": (
        "Saat ini tidak ada layanan yang dapat dipilih. Silakan ke meja informasi.",
        "No service can be chosen right now. Please go to the information desk.",
    ),
    "services_offline": (
        "Sambungan ke server terputus; nomor antrean tetap diberikan.",
        "The server cannot be reached; tickets are still issued.",
    ),
    "services_untrusted": (
        "Server tidak dikenali (sertifikat tidak cocok); nomor antrean tetap diberikan. "
        "Petugas: hubungi teknisi.",
        "The server is not recognised (its certificate does not match); tickets are still "
        "issued. Staff: call the technician.",
    ),
    # working
    "working": ("Mohon tunggu sebentar...", "One moment, please..."),
    # ticket
    "ticket_title": ("Nomor antrean Anda", "Your ticket number"),
    "ticket_people_ahead": ("{count} orang di depan Anda", "{count} people ahead of you"),
    "ticket_people_ahead_zero": ("Tidak ada yang di depan Anda", "Nobody is ahead of you"),
    "ticket_wait": ("Perkiraan menunggu {minutes} menit", "Estimated wait {minutes} minutes"),
    "ticket_wait_range": (
        "Perkiraan menunggu {low}–{high} menit",
        "Estimated wait {low}–{high} minutes",
    ),
    "ticket_priority": ("Layanan prioritas", "Priority service"),
    "ticket_printing": ("Tiket sedang dicetak...", "Printing your ticket..."),
    "ticket_printed": (
        "Silakan ambil tiket Anda di bawah layar.",
        "Please take your ticket from below the screen.",
    ),
    "ticket_reprinted": (
        "Anda sudah terdaftar. Ini tiket Anda yang sama, dicetak ulang.",
        "You are already checked in. This is your same ticket, printed again.",
    ),
    "ticket_print_failed": (
        "Printer sedang bermasalah. Silakan foto layar ini; petugas sudah diberi tahu "
        "dan dapat mencetak ulang tiket Anda.",
        "The printer has a problem. Please take a photo of this screen; staff have been "
        "told and can reprint your ticket.",
    ),
    "ticket_qr_hint": ("Pindai untuk melihat status antrean", "Scan to follow your place"),
    "ticket_offline_qr": (
        "Status daring tersedia setelah sambungan pulih.",
        "Online status is available once the connection is back.",
    ),
    "ticket_wait_call": (
        "Silakan menunggu nomor Anda dipanggil.",
        "Please wait until your number is called.",
    ),
    # errors
    "error_title": ("Mohon maaf", "We are sorry"),
    "error_unreachable": (
        "Server antrean tidak terjangkau. Silakan coba lagi atau ke meja informasi.",
        "The queue server cannot be reached. Please try again or go to the information desk.",
    ),
    "error_offline_booking": (
        "Sambungan ke server sedang terputus, dan nomor permohonan tidak dapat diperiksa "
        "tanpa server. Silakan pindai kode QR pada bukti pembayaran M-Paspor, tanyakan di "
        "meja informasi, atau pilih layanan.",
        "The connection to the server is down, and an application number cannot be checked "
        "without it. Please scan the QR code on your M-Paspor payment proof, ask at the "
        "information desk, or choose a service.",
    ),
    "error_offline_booking_day": (
        "Booking Anda untuk tanggal {date}. Silakan datang pada tanggal tersebut, atau "
        "tanyakan di meja informasi.",
        "Your booking is for {date}. Please come on that day, or ask at the information desk.",
    ),
    "error_no_lease": (
        "Nomor antrean untuk layanan ini habis selama sambungan terputus. Silakan ke meja "
        "informasi.",
        "No ticket numbers are left for this service while the connection is down. Please "
        "go to the information desk.",
    ),
    "error_code_malformed": (
        "Kode ini bukan kode booking M-Paspor. Pindai kode QR pada bukti pembayaran, atau "
        "ketik nomor permohonan.",
        "This is not an M-Paspor booking code. Scan the QR code on the payment proof, or "
        "type the application number.",
    ),
    "error_code_forged": (
        "Kode booking ini tidak sah. Silakan ke meja informasi.",
        "This booking code is not valid. Please go to the information desk.",
    ),
    "error_unexpected": (
        "Terjadi kesalahan. Silakan coba lagi atau ke meja informasi.",
        "Something went wrong. Please try again or go to the information desk.",
    ),
    "error_priority_option": ("Layanan prioritas", "Priority service"),
    "error_service_option": ("Pilih layanan", "Choose a service"),
    # closed
    "closed_title": ("Pendaftaran antrean ditutup", "Ticket issuing is closed"),
    "closed_hours": (
        "Di luar jam layanan. Silakan datang kembali pada jam layanan.",
        "Outside office hours. Please come back during office hours.",
    ),
    "closed_full": (
        "Semua kuota hari ini sudah habis. Silakan datang kembali pada hari kerja berikutnya.",
        "Every quota for today is full. Please come back on the next working day.",
    ),
    "closed_contact": (
        "Pertanyaan? Silakan ke meja informasi.",
        "Questions? Please ask at the information desk.",
    ),
    # devices
    "device_printer_down": ("Printer bermasalah", "Printer problem"),
    "device_offline": ("Mode offline", "Offline mode"),
    # enrolment (for the technician: shown in both languages at once)
    "enrol_title": ("Pendaftaran perangkat", "Device enrolment"),
    "enrol_how": (
        "Pindai kode QR pendaftaran (Admin > Perangkat di server, atau 'antrean device add') "
        "dengan pemindai anjungan ini, atau ketik kodenya lalu tekan Enter.",
        "Scan the enrolment QR code (Admin > Devices on the server, or 'antrean device add') "
        "with this kiosk's scanner, or type the code and press Enter.",
    ),
    "enrol_button": ("Daftarkan", "Enrol"),
    "enrol_busy": ("Menghubungi server...", "Contacting the server..."),
    "enrol_done": ("Terdaftar sebagai {name}.", "Enrolled as {name}."),
    "enrol_failed": (
        "Pendaftaran gagal; lihat log perangkat.",
        "Enrolment failed; see the device's log.",
    ),
    "enrol_where": ("Disimpan di", "Kept in"),
    # feedback
    "feedback_idle_title": ("Terima kasih", "Thank you"),
    "feedback_idle": (
        "Setelah layanan selesai, mohon nilai layanan kami di layar ini.",
        "When your service is finished, please rate it on this screen.",
    ),
    "feedback_intro": (
        "Bagaimana layanan kami? Sentuh satu jawaban untuk setiap pertanyaan.",
        "How was our service? Tap one answer for each question.",
    ),
    "feedback_progress": ("Pertanyaan {index} dari {total}", "Question {index} of {total}"),
    "feedback_skip": ("Lewati", "Skip"),
    "feedback_skip_all": ("Selesai menilai", "Stop rating"),
    "feedback_thanks": (
        "Terima kasih atas penilaian Anda.",
        "Thank you for your rating.",
    ),
    "feedback_counter": ("Loket {counter}", "Counter {counter}"),
    # window titles (what a window list or a desktop's task bar shows)
    "window_kiosk": ("Anjungan antrean", "Queue kiosk"),
    "window_feedback": ("Penilaian layanan loket {counter}", "Counter {counter} feedback"),
}


def tr(key: str, language: Language | str, **values: object) -> str:
    """The text ``key`` in ``language`` with ``values`` filled in.

    Raises:
        KeyError: ``key`` is not a known text (a bug, caught by the tests).
    """
    indonesian, english = TEXTS[key]
    text = english if language == Language.EN else indonesian
    return text.format(**values) if values else text


def both(key: str, *, separator: str = "\n") -> str:
    """The text ``key`` in Indonesian, then English: for the technician's screens, and
    window titles ("Anjungan antrean / Queue kiosk" with ``separator=" / "``)."""
    indonesian, english = TEXTS[key]
    return f"{indonesian}{separator}{english}"


def other_language(language: Language) -> Language:
    """The language the language button switches to."""
    return Language.ID if language == Language.EN else Language.EN
