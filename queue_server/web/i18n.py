"""Every text of the web pages, in Indonesian (the default) and English, and number formats.

A missing key shows as the key itself, so a forgotten text is visible, never a crash.
"""

from collections.abc import Callable

from queue_protocol import Language
from queue_server.services.report_tables import DECIMALS

TEXTS: dict[str, tuple[str, str]] = {
    # frame
    "app.title": ("Antrean", "Antrean"),
    "nav.counter": ("Loket", "Counter"),
    "nav.reports": ("Laporan", "Reports"),
    "nav.announcements": ("Teks berjalan", "Running text"),
    "nav.admin": ("Admin", "Admin"),
    "nav.logout": ("Keluar", "Log out"),
    "nav.skip": ("Lewati ke isi", "Skip to content"),
    "lang.other": ("English", "Bahasa Indonesia"),
    "role.officer": ("Petugas", "Officer"),
    "role.supervisor": ("Kepala kantor", "Branch head"),
    "role.admin": ("Admin", "Admin"),
    "yes": ("Ya", "Yes"),
    "no": ("Tidak", "No"),
    "print": ("Cetak", "Print"),
    "csv": ("Unduh CSV", "Download CSV"),
    "xlsx": ("Unduh Excel (semua tabel)", "Download Excel (every table)"),
    "show": ("Tampilkan", "Show"),
    "minutes.short": ("mnt", "min"),
    "none": ("—", "—"),
    "live.connected": ("Terhubung langsung", "Live"),
    "live.offline": ("Menyambung ulang…", "Reconnecting…"),
    # login
    "login.title": ("Masuk", "Log in"),
    "login.username": ("Nama pengguna", "Username"),
    "login.password": ("Kata sandi", "Password"),
    "login.submit": ("Masuk", "Log in"),
    "login.failed": ("Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    "login.totp": ("Kode autentikator (admin)", "Authenticator code (admins)"),
    "login.totp_required": (
        "Masukkan kode 6 angka dari aplikasi autentikator Anda.",
        "Enter the 6-digit code from your authenticator app.",
    ),
    "login.bad_totp": ("Kode autentikator salah.", "Wrong authenticator code."),
    "login.totp_not_set_up": (
        "Akun admin ini belum punya autentikator; minta teknisi menjalankan "
        "antrean user totp di server.",
        "This admin account has no authenticator set up; ask the technician to run "
        "antrean user totp on the server.",
    ),
    "login.busy": (
        "Server sedang memeriksa banyak login sekaligus. Coba lagi sebentar lagi.",
        "The server is checking many logins at once. Try again in a moment.",
    ),
    "login.throttled": (
        "Terlalu banyak percobaan gagal. Coba lagi dalam {minutes} menit.",
        "Too many failed attempts. Try again in {minutes} minutes.",
    ),
    "login.expired": (
        "Sesi Anda telah berakhir. Silakan masuk kembali.",
        "Your session has ended. Please log in again.",
    ),
    "login.bye": ("Anda telah keluar.", "You have logged out."),
    "forbidden.title": ("Tidak berwenang", "Not allowed"),
    "forbidden.text": (
        "Halaman ini bukan untuk peran Anda. Pilih halaman Anda di menu.",
        "This page is not for your role. Choose your page in the menu.",
    ),
    "unavailable.title": ("Sistem antrean sedang terganggu", "The queue system is having trouble"),
    "unavailable.text": (
        "Basis data antrean sedang tidak dapat dipakai. Muat ulang halaman ini sebentar "
        "lagi; jika berlanjut, hubungi petugas TI.",
        "The queue database cannot be used right now. Reload this page in a moment; "
        "if it goes on, call IT.",
    ),
    # counter console
    "counter.title": ("Konsol loket", "Counter console"),
    "counter.choose": ("Pilih loket", "Choose a counter"),
    "counter.choose_help": (
        "Pilih loket tempat Anda bertugas hari ini.",
        "Choose the counter you work at today.",
    ),
    "counter.change": ("Ganti loket", "Change counter"),
    "counter.open": ("Buka loket", "Open counter"),
    "counter.pause": ("Jeda", "Pause"),
    "counter.close": ("Tutup loket", "Close counter"),
    "counter.state": ("Status loket", "Counter state"),
    "state.open": ("Buka", "Open"),
    "state.paused": ("Jeda", "Paused"),
    "state.closed": ("Tutup", "Closed"),
    "action.call_next": ("Panggil berikutnya", "Call next"),
    "action.recall": ("Panggil ulang", "Recall"),
    "action.start": ("Mulai", "Start"),
    "action.finish": ("Selesai", "Finish"),
    "action.no_show": ("Tidak hadir", "No-show"),
    "action.transfer": ("Alihkan", "Transfer"),
    "counter.current": ("Tiket saat ini", "Current ticket"),
    "counter.none_current": (
        "Belum ada tiket. Tekan Panggil berikutnya.",
        "No ticket yet. Press Call next.",
    ),
    "counter.waited": ("Menunggu", "Waited"),
    "counter.booking": ("No. permohonan", "Booking ref."),
    "counter.class": ("Kelas", "Class"),
    "counter.service": ("Layanan", "Service"),
    "counter.status": ("Status", "Status"),
    "counter.waiting": ("Menunggu untuk loket ini", "Waiting for this counter"),
    "counter.oldest": ("Terlama", "Oldest"),
    "counter.my_counts": ("Hitungan saya hari ini", "My counts today"),
    "counter.faults": ("Gangguan perangkat", "Device faults"),
    "counter.no_faults": ("Tidak ada gangguan.", "No faults."),
    "counter.reprint": ("Cetak ulang", "Reprint"),
    "counter.resolve": ("Tandai selesai", "Mark handled"),
    "counter.shortcuts": ("Pintasan papan ketik", "Keyboard shortcuts"),
    "counter.nobody": ("Tidak ada yang menunggu.", "Nobody is waiting."),
    "counter.transfer_to": ("Alihkan ke", "Transfer to"),
    "counter.next_stage": ("Tahap berikutnya (nomor sama)", "Next stage (same number)"),
    "counter.cancel": ("Batal", "Cancel"),
    "counter.paused_note": (
        "Loket dijeda: pengunjung tidak dipanggil ke sini.",
        "Counter paused: no visitor is called here.",
    ),
    "status.waiting": ("Menunggu", "Waiting"),
    "status.called": ("Dipanggil", "Called"),
    "status.serving": ("Sedang dilayani", "Being served"),
    "status.done": ("Selesai", "Done"),
    "status.no_show": ("Tidak hadir", "No-show"),
    "status.cancelled": ("Dibatalkan", "Cancelled"),
    "class.priority": ("Prioritas", "Priority"),
    "class.appointment": ("Janji temu", "Appointment"),
    "class.regular": ("Reguler", "Regular"),
    "source.booking": ("M-Paspor", "M-Paspor booking"),
    "source.passport": ("Paspor", "Passport"),
    "source.walk_in": ("Datang langsung", "Walk-in"),
    "outcome.done": ("Selesai", "Done"),
    "outcome.no_show": ("Tidak hadir", "No-show"),
    "outcome.transferred": ("Dialihkan", "Transferred"),
    "outcome.cancelled": ("Dibatalkan", "Cancelled"),
    "pause.title": ("Alasan jeda", "Why is the counter paused?"),
    "pause.break": ("Istirahat", "Break"),
    "pause.prayer": ("Sholat", "Prayer time"),
    "pause.system": ("Gangguan sistem", "System problem"),
    "pause.other": ("Lainnya", "Other"),
    "pause.confirm": ("Jeda loket", "Pause counter"),
    "action.requeue": ("Kembalikan ke antrean", "Put back in line"),
    "counter.recent_no_shows": (
        "Tidak hadir, masih bisa dikembalikan",
        "No-shows that may still come back",
    ),
    "action.cancel": ("Batalkan tiket", "Cancel ticket"),
    "search.title": ("Cari tiket hari ini", "Find a ticket of today"),
    "search.label": ("Nomor tiket", "Ticket number"),
    "search.placeholder": ("mis. A012", "e.g. A012"),
    "search.submit": ("Cari", "Find"),
    "search.queue": ("Antrean", "Queue"),
    "search.ahead": ("Orang di depan", "People ahead"),
    "search.counter": ("Loket", "Counter"),
    "search.history": ("Riwayat", "History"),
    "search.no_actions": (
        "Tidak ada tindakan yang bisa dilakukan untuk tiket ini.",
        "Nothing can be done with this ticket.",
    ),
    "search.close": ("Tutup", "Close"),
    "history.issue": ("Tiket diambil", "Issued"),
    "history.call": ("Dipanggil", "Called"),
    "history.recall": ("Dipanggil ulang", "Recalled"),
    "history.start": ("Mulai dilayani", "Service started"),
    "history.finish": ("Selesai", "Finished"),
    "history.advance": ("Lanjut ke tahap berikutnya", "On to the next stage"),
    "history.transfer": ("Dialihkan", "Transferred"),
    "history.no-show": ("Ditandai tidak hadir", "Marked no-show"),
    "history.cancel": ("Dibatalkan", "Cancelled"),
    "history.requeue": ("Dikembalikan ke antrean", "Put back in line"),
    "history.reprint": ("Dicetak ulang", "Printed again"),
    "history.reprint_requested": ("Cetak ulang diminta", "Reprint asked"),
    "history.print_failed": ("Gagal dicetak", "Printing failed"),
    "desk.open": ("Ambilkan tiket", "Issue a ticket"),
    "desk.title": ("Meja informasi: ambilkan tiket", "Information desk: issue a ticket"),
    "desk.help": (
        "Untuk pengunjung yang tidak dapat memakai kios.",
        "For a visitor who cannot use the kiosk.",
    ),
    "desk.service": ("Layanan", "Service"),
    "desk.priority": ("Layanan prioritas", "Priority service"),
    "desk.no_priority": ("Tanpa prioritas", "No priority"),
    "desk.language": ("Bahasa tiket", "Ticket language"),
    "desk.issue": ("Terbitkan tiket", "Issue ticket"),
    "desk.issued": (
        "Tiket diterbitkan. Sampaikan atau tuliskan nomor ini untuk pengunjung:",
        "Ticket issued. Tell the visitor this number, or write it down:",
    ),
    "desk.print": ("Cetak tiket", "Print ticket"),
    "desk.ticket_label": ("Nomor antrean", "Queue number"),
    "desk.scan_status": (
        "Pindai untuk melihat posisi antrean Anda",
        "Scan to follow your place in line",
    ),
    "desk.ahead": ("orang di depan", "people ahead"),
    "fault.banner": ("Gangguan perangkat · Device fault", "Device fault · Gangguan perangkat"),
    # reports
    "reports.title": ("Laporan", "Reports"),
    "reports.live": ("Langsung", "Live"),
    "reports.day": ("Harian", "Day"),
    "reports.range": ("Rentang tanggal", "Date range"),
    "reports.skm": ("Kepuasan (SKM)", "Satisfaction (SKM)"),
    "reports.staffing": ("Saran petugas", "Staffing advice"),
    "reports.trends": ("Tren", "Trends"),
    "reports.simulation": ("Simulasi", "Simulation"),
    "simulation.configured": ("Konfigurasi kini", "Today's configuration"),
    "simulation.changed": ("Perubahan Anda", "Your change"),
    "simulation.intro": (
        "Mainkan satu hari kantor dua kali di server, dengan kode layanan yang sama: sekali "
        "dengan konfigurasi kini, sekali dengan perubahan Anda. Pengunjungnya sama; bedanya "
        "karena perubahan.",
        "Play one office day twice on the server, through the same service code: once as "
        "configured today, once with your change. The visitors are the same; every difference "
        "is the change's.",
    ),
    "simulation.day": ("Hari", "Day"),
    "simulation.typical": ("Hari biasa", "A typical day"),
    "simulation.past": ("Tanggal lalu", "A past date"),
    "simulation.policy": ("Cara memanggil", "Call policy"),
    "simulation.weights": (
        "Bobot kelas (panggilan per putaran)",
        "Class weights (calls per round)",
    ),
    "simulation.on_duty": ("Loket bertugas per jam", "Counters on duty per hour"),
    "simulation.run": ("Jalankan simulasi", "Run the simulation"),
    "simulation.source.history": (
        "Hari biasa dari riwayat kantor ({days} hari terakhir).",
        "A typical day from the office's history (the last {days} days).",
    ),
    "simulation.source.workload": (
        "Hari biasa dari beban kerja yang dikonfigurasi (riwayat belum cukup).",
        "A typical day from the configured workload (not enough history yet).",
    ),
    "simulation.source.past": (
        "Pengunjung tanggal {day}, diputar ulang.",
        "The visitors of {day}, replayed.",
    ),
    "simulation.result": (
        "{visitors} pengunjung, hari simulasi {day}.",
        "{visitors} visitors, simulated day {day}.",
    ),
    "simulation.chart_waits": (
        "Tunggu rata-rata per layanan (menit): konfigurasi kini dan perubahan",
        "Mean wait per service (minutes): today's configuration and your change",
    ),
    "simulation.chart_busy": (
        "Keterpakaian loket (%): konfigurasi kini dan perubahan",
        "Counter utilisation (%): today's configuration and your change",
    ),
    "simulation.busy": (
        "Simulasi lain sedang berjalan; coba lagi sebentar lagi.",
        "Another simulation is running; try again in a moment.",
    ),
    "simulation.timeout": (
        "Simulasi melewati batas waktu {seconds} detik dan dihentikan.",
        "The simulation ran past its {seconds}-second limit and was stopped.",
    ),
    "simulation.bad_policy": ("Cara memanggil tidak dikenal.", "Unknown call policy."),
    "simulation.bad_weight": (
        "Bobot kelas harus bilangan bulat 1 sampai 20.",
        "Class weights must be whole numbers from 1 to 20.",
    ),
    "simulation.bad_date": (
        "Tanggal lalu harus tanggal yang sah sebelum hari ini.",
        "A past date must be a valid date before today.",
    ),
    "simulation.no_visitors": (
        "Tidak ada pengunjung pada tanggal itu.",
        "There were no visitors on that date.",
    ),
    "simulation.bad_duty": (
        "Pilihan loket per jam tidak sah.",
        "The counters-per-hour choice is not valid.",
    ),
    "simulation.no_duty": (
        "Pilih minimal satu loket bertugas.",
        "Choose at least one counter on duty.",
    ),
    "reports.trends_by_day": ("Per hari", "By day"),
    "reports.trends_by_month": ("Per bulan", "By month"),
    "reports.bad_step": (
        "Pilih step=day (per hari) atau step=month (per bulan).",
        "Choose step=day or step=month.",
    ),
    "reports.chart_visitors": ("Pengunjung", "Visitors"),
    "reports.chart_wait_trend": ("Waktu tunggu (menit)", "Waiting time (minutes)"),
    "reports.chart_sla_trend": ("Dipanggil dalam target SLA", "Called within the SLA target"),
    "reports.chart_skm_trend": ("Nilai SKM (IKM, 25-100)", "SKM score (IKM, 25-100)"),
    "table.trends": ("Tren per periode", "Trends by period"),
    "table.skm_counters": ("SKM per loket", "SKM by counter"),
    "table.skm_officers": ("SKM per petugas", "SKM by officer"),
    "col.period": ("Periode", "Period"),
    "col.visitors": ("Pengunjung", "Visitors"),
    "col.skm_score": ("Nilai SKM", "SKM score"),
    "reports.date": ("Tanggal", "Date"),
    "reports.from": ("Dari", "From"),
    "reports.to": ("Sampai", "To"),
    "reports.bad_range": (
        "Rentang tanggal tidak valid (paling lama 5 tahun, awal sebelum akhir).",
        "Invalid date range (at most 5 years, start before end).",
    ),
    "reports.issued": ("Tiket diterbitkan", "Tickets issued"),
    "reports.served": ("Selesai dilayani", "Served"),
    "reports.no_show": ("Tidak hadir", "No-show"),
    "reports.days": ("Hari dengan data", "Days with data"),
    "reports.wait_median": ("Median tunggu", "Median wait"),
    "reports.within_sla": ("Dalam target SLA", "Within SLA target"),
    "reports.priority_share": ("Porsi prioritas", "Priority share"),
    "reports.booked_share": ("Porsi M-Paspor", "Booked share"),
    "reports.waiting_now": ("Menunggu sekarang", "Waiting now"),
    "reports.longest_now": ("Tunggu terlama sekarang", "Longest wait now"),
    "reports.open_counters": ("Loket buka", "Counters open"),
    "reports.at_risk": ("Berisiko melewati SLA", "At risk of missing the SLA"),
    "reports.no_risk": ("Tidak ada layanan berisiko.", "No service at risk."),
    "reports.heat_day": ("Kedatangan per jam dan layanan", "Arrivals per hour and service"),
    "reports.heat_week": (
        "Rata-rata kedatangan per hari kerja dan jam",
        "Mean arrivals per weekday and hour",
    ),
    "reports.chart_waits": (
        "Median dan p90 tunggu per layanan (menit)",
        "Median and p90 wait per service (minutes)",
    ),
    "reports.chart_waiting": ("Menunggu per layanan", "Waiting per service"),
    "reports.chart_staffing": (
        "Loket dibutuhkan dan aktif per jam",
        "Counters needed and active per hour",
    ),
    "reports.no_data": ("Belum ada data untuk periode ini.", "No data for this period yet."),
    "reports.updated": ("Diperbarui", "Updated"),
    "reports.durations_note": (
        "Tunggu: dari masuk antrean sampai dipanggil. Layanan: dari dipanggil sampai selesai. "
        "Dalam menit, dibulatkan per tiket ke menit terdekat.",
        "Wait: from joining the queue to being called. Service: from being called to finishing. "
        "In minutes, each ticket rounded to the nearest minute.",
    ),
    "skm.title": ("Survei Kepuasan Masyarakat (SKM)", "Community Satisfaction Survey (SKM)"),
    "skm.basis": (
        "Menurut PermenPAN-RB No. 14 Tahun 2017: NRR per unsur = jumlah nilai / jumlah "
        "responden yang mengisi; indeks = Σ NRR × bobot; IKM = indeks × 25.",
        "Per PermenPAN-RB No. 14/2017: element NRR = sum of answers / respondents answering; "
        "index = Σ NRR × weight; IKM = index × 25.",
    ),
    "skm.index": ("IKM (nilai konversi)", "IKM (converted score)"),
    "skm.grade": ("Mutu pelayanan", "Service grade"),
    "skm.respondents": ("Responden", "Respondents"),
    "skm.weight_mode": ("Bobot", "Weight"),
    "skm.weight.exact": ("1/9 per unsur (tepat)", "1/9 per element (exact)"),
    "skm.weight.rounded": (
        "0,11 per unsur (dibulatkan, sesuai contoh Permen)",
        "0.11 per element (rounded, as in the regulation's example)",
    ),
    "staffing.basis": (
        "Erlang C: jumlah loket terkecil agar 80% pengunjung dipanggil dalam target SLA, "
        "dari kedatangan dan waktu layanan terukur (rata-rata per hari). Loket aktif: loket "
        "yang memanggil pengunjung pada jam itu.",
        "Erlang C: the fewest counters for 80% of visitors to be called within the SLA target, "
        "from measured arrivals and service times (mean per day). Active counters: counters "
        "that called someone in that hour.",
    ),
    "staffing.short": ("Kurang loket", "Short of counters"),
    "staffing.legend_erlang": ("Erlang C", "Erlang C"),
    "staffing.legend_simulated": ("Simulasi", "Simulation"),
    "staffing.stages_more": (
        "Per tahap dan jam: Erlang C dan simulasi",
        "Per stage and hour: Erlang C and simulation",
    ),
    "staffing.simulated_basis": (
        "Simulasi: tiap tahap dimainkan 40 hari dengan loketnya sendiri, kedatangan per jam "
        "dan waktu layanan terukur, dan antrean sisa jam sebelumnya; dicari loket terkecil "
        "agar 80% pengunjung jam itu dipanggil dalam target SLA.",
        "Simulation: each stage is played over 40 days on counters of its own, with the "
        "measured arrivals per hour and service times and the queue the hour before left; "
        "the fewest counters that call 80% of that hour's visitors within the SLA target.",
    ),
    "staffing.why_differ": (
        "Angka keduanya berbeda karena Erlang C menghitung satu jam yang sudah stabil dengan "
        "semua loket melayani semua layanan dan waktu layanan acak eksponensial, sedangkan "
        "simulasi memberi tiap tahap loketnya sendiri (loket tidak bisa dibagi antar tahap), "
        "memakai waktu layanan yang benar-benar tercatat, dan membawa antrean dari jam ke jam.",
        "The two differ because Erlang C rates one settled hour with every counter serving "
        "every service and exponential service times, while the simulation gives each stage "
        "counters of its own (a counter cannot be shared between stages), uses the service "
        "times actually recorded, and carries the queue from one hour into the next.",
    ),
    # tables
    "table.queues": ("Per layanan dan tahap", "Per service and stage"),
    "table.hours": ("Kedatangan per jam", "Arrivals per hour"),
    "table.counters": ("Per loket", "Per counter"),
    "table.officers": ("Per petugas", "Per officer"),
    "table.sources": ("M-Paspor dan datang langsung", "Booked and walk-in"),
    "table.classes": ("Kelas tiket (porsi prioritas)", "Ticket class (priority share)"),
    "table.faults": ("Gangguan kios dan printer", "Kiosk and printer faults"),
    "table.skm_elements": ("Nilai per unsur", "Score per element"),
    "table.skm_summary": ("Ringkasan IKM", "IKM summary"),
    "table.staffing": ("Kebutuhan loket per jam", "Counters needed per hour"),
    "table.simulation_overall": ("Hasil simulasi", "Simulation outcome"),
    "table.simulation_classes": ("Per kelas tiket", "Per ticket class"),
    "table.simulation_services": ("Per layanan dan tahap", "Per service and stage"),
    "table.simulation_counters": ("Keterpakaian loket", "Counter utilisation"),
    "table.staffing_stages": (
        "Kebutuhan loket per tahap dan jam (Erlang C dan simulasi)",
        "Counters needed per stage and hour (Erlang C and simulation)",
    ),
    "table.live_queues": ("Antrean per layanan", "Queues per service"),
    "table.live_counters": ("Loket", "Counters"),
    "col.queue": ("Layanan / tahap", "Service / stage"),
    "col.queued": ("Masuk antrean", "Queued"),
    "col.done": ("Selesai", "Done"),
    "col.no_show": ("Tidak hadir", "No-show"),
    "col.cancelled": ("Dibatalkan", "Cancelled"),
    "col.transferred": ("Dialihkan", "Transferred"),
    "col.open": ("Belum selesai", "Unfinished"),
    "col.wait_median": ("Tunggu median", "Wait median"),
    "col.wait_p90": ("Tunggu p90", "Wait p90"),
    "col.wait_max": ("Tunggu maks", "Wait max"),
    "col.service_median": ("Layanan median", "Service median"),
    "col.service_p90": ("Layanan p90", "Service p90"),
    "col.service_max": ("Layanan maks", "Service max"),
    "col.service_mean": ("Layanan rata-rata (mnt)", "Mean service (min)"),
    "col.sla": ("Target SLA (mnt)", "SLA target (min)"),
    "col.within_sla": ("Dalam SLA (%)", "Within SLA (%)"),
    "col.row": ("", ""),
    "col.counter": ("Loket", "Counter"),
    "col.officer": ("Petugas", "Officer"),
    "col.source": ("Sumber", "Source"),
    "col.class": ("Kelas", "Class"),
    "col.run": ("Skenario", "Scenario"),
    "col.wait_mean": ("Tunggu rata-rata", "Wait mean"),
    "col.wait_longest": ("Tunggu terlama", "Longest wait"),
    "col.visits": ("Kunjungan", "Visits"),
    "col.turned_away": ("Ditolak di kios", "Turned away at the kiosk"),
    "col.utilisation_configured": ("Terpakai: konfigurasi kini", "Busy: today's configuration"),
    "col.utilisation_changed": ("Terpakai: perubahan", "Busy: your change"),
    "col.tickets": ("Tiket", "Tickets"),
    "col.share": ("Porsi (%)", "Share (%)"),
    "col.kiosk": ("Kios", "Kiosk"),
    "col.device": ("Perangkat", "Device"),
    "col.state": ("Keadaan", "State"),
    "col.count": ("Jumlah", "Count"),
    "col.element_no": ("No", "No"),
    "col.element": ("Unsur", "Element"),
    "col.answers": ("Jawaban", "Answers"),
    "col.nrr": ("NRR", "NRR"),
    "col.nrr_weighted": ("NRR tertimbang", "Weighted NRR"),
    "col.respondents": ("Responden", "Respondents"),
    "col.index": ("Nilai indeks", "Index"),
    "col.score": ("IKM (konversi)", "IKM (converted)"),
    "col.grade": ("Mutu", "Grade"),
    "col.grade_label": ("Kinerja unit", "Performance"),
    "col.weight_mode": ("Mode bobot", "Weight mode"),
    "col.hour": ("Jam", "Hour"),
    "col.arrivals_per_hour": ("Kedatangan/jam", "Arrivals/hour"),
    "col.target_wait": ("Target tunggu (mnt)", "Target wait (min)"),
    "col.needed": ("Loket dibutuhkan (Erlang C)", "Counters needed (Erlang C)"),
    "col.simulated": ("Loket dibutuhkan (simulasi)", "Counters needed (simulation)"),
    "col.active": ("Loket aktif", "Counters active"),
    "col.gap": ("Aktif − dibutuhkan", "Active − needed"),
    "col.waiting": ("Menunggu", "Waiting"),
    "col.oldest_wait": ("Tunggu terlama (mnt)", "Oldest wait (min)"),
    "col.estimate": ("Perkiraan (mnt)", "Estimate (min)"),
    "col.at_risk": ("Berisiko", "At risk"),
    "col.serving": ("Melayani", "Serving"),
    "col.serves": ("Antrean", "Queues"),
    # admin
    "admin.title": ("Administrasi", "Administration"),
    "announce.title": ("Teks berjalan di layar antrean", "Running text on the queue boards"),
    "announce.help": (
        "Setiap baris tampil bergantian di semua layar ruang tunggu sampai ditarik.",
        "Each line scrolls on every waiting-room board until it is withdrawn.",
    ),
    "announce.new": ("Baris baru", "New line"),
    "announce.text_id": ("Bahasa Indonesia", "Indonesian"),
    "announce.text_en": ("Bahasa Inggris", "English"),
    "announce.post": ("Tampilkan", "Show"),
    "announce.shown": ("Tampil sekarang", "Shown now"),
    "announce.since": ("Sejak", "Since"),
    "announce.withdraw": ("Tarik", "Withdraw"),
    "announce.none": ("Tidak ada teks berjalan.", "No running text."),
    "announce.posted": ("Baris ditampilkan di layar.", "The line is on the boards."),
    "announce.withdrawn": ("Baris ditarik dari layar.", "The line is off the boards."),
    "admin.users": ("Pengguna", "Users"),
    "admin.devices": ("Perangkat", "Devices"),
    "admin.audit": ("Log audit", "Audit log"),
    "admin.config": ("Konfigurasi kantor", "Office configuration"),
    "admin.upstream": ("Laporan ke pusat", "Reports to HQ"),
    "admin.visitor_data": ("Data pengunjung", "Visitor data"),
    "visitor.intro": (
        "Permintaan pengunjung atas datanya (UU PDP 27/2022): periksa identitasnya dahulu. "
        "Setiap ekspor dan penghapusan dicatat di log audit atas nama Anda.",
        "A visitor's request about their data (UU PDP 27/2022): check their identity first. "
        "Every export and erasure is written to the audit log under your name.",
    ),
    "visitor.export": ("Ekspor data", "Export data"),
    "visitor.erase": ("Hapus data", "Erase data"),
    "visitor.kind": ("Cari dengan", "Find by"),
    "visitor.application": ("Nomor permohonan M-Paspor", "M-Paspor application number"),
    "visitor.passport": ("Nomor paspor", "Passport number"),
    "visitor.number": ("Nomor", "Number"),
    "visitor.export_button": ("Unduh JSON", "Download JSON"),
    "visitor.erase_button": ("Hapus", "Erase"),
    "visitor.confirm": (
        "Identitas pengunjung sudah diperiksa; hapus datanya",
        "The visitor's identity is checked; erase their data",
    ),
    "visitor.erase_what": (
        "Booking dihapus; tiket tetap sebagai nomor dan waktu saja (tanpa paspor, tautan "
        "status, atau booking), penilaian tanpa tautan ke tiket. Laporan tetap benar.",
        "Bookings are deleted; tickets stay as numbers and times only (no passport, status "
        "link or booking), ratings without their link to the ticket. Reports stay right.",
    ),
    "visitor.erased": ("Dihapus", "Erased"),
    "visitor.bookings": ("booking", "bookings"),
    "visitor.tickets": ("tiket", "tickets"),
    "visitor.ratings": ("penilaian", "ratings"),
    "upstream.not_enrolled": (
        "Kantor ini belum terdaftar di pusat (Direktorat Jenderal Imigrasi). Jalankan "
        "'antrean upstream enrol KODE' dengan kode dari pusat, lalu mulai ulang server.",
        "This office is not enrolled at headquarters (the Directorate General of "
        "Immigration). Run 'antrean upstream enrol CODE' with the code from headquarters, "
        "then restart the server.",
    ),
    "upstream.hq": ("Pusat", "Headquarters"),
    "upstream.acknowledged": ("Diterima pusat", "Acknowledged by HQ"),
    "upstream.batch": ("kiriman", "batch"),
    "upstream.never": ("belum pernah", "never"),
    "upstream.waiting": ("Menunggu dikirim", "Waiting to be sent"),
    "upstream.records": ("catatan", "records"),
    "upstream.last_error": ("Kesalahan terakhir", "Last error"),
    "upstream.ok": ("Laporan terkirim tanpa masalah.", "Reports are getting through."),
    "upstream.refused": (
        "Kiriman yang ditolak pusat (disimpan, tidak dikirim lagi)",
        "Batches headquarters refused (kept, not sent again)",
    ),
    "upstream.what": (
        "Yang dikirim: durasi tunggu dan layanan tanpa identitas, jawaban SKM, jumlah tiket "
        "per hari, pengumuman, dan keadaan antrean saat ini. Tidak ada nama, nomor paspor, "
        "nomor permohonan, atau nomor tiket.",
        "What is sent: waiting and service times without identities, SKM answers, tickets "
        "per day, notices, and the queues now. No names, passport, application or ticket "
        "numbers.",
    ),
    "admin.add_user": ("Tambah pengguna", "Add user"),
    "admin.role": ("Peran", "Role"),
    "admin.status": ("Status", "Status"),
    "admin.active": ("Aktif", "Active"),
    "admin.disabled": ("Nonaktif", "Disabled"),
    "admin.disable": ("Nonaktifkan", "Disable"),
    "admin.enable": ("Aktifkan", "Enable"),
    "admin.reset_password": ("Atur ulang kata sandi", "Reset password"),
    "admin.new_password": ("Kata sandi baru (min. 8)", "New password (min. 8)"),
    "admin.created": ("Dibuat", "Created"),
    "admin.saved": ("Tersimpan.", "Saved."),
    "admin.enrol": ("Daftarkan perangkat", "Enrol a device"),
    "admin.kind": ("Jenis", "Kind"),
    "admin.feedback_counter": ("Loket (untuk layar survei)", "Counter (for a feedback screen)"),
    "admin.name": ("Nama", "Name"),
    "admin.revoke": ("Cabut", "Revoke"),
    "admin.revoked": ("Dicabut", "Revoked"),
    "admin.code_once": (
        "Kode pendaftaran — berlaku 72 jam, sekali pakai, dan tidak akan ditampilkan lagi. "
        "Pindai kode QR di layar pendaftaran anjungan, atau jalankan di perangkat:",
        "Enrolment code — valid 72 hours, usable once, and not shown again. Scan the QR code "
        "at the kiosk's enrolment screen, or run on the device:",
    ),
    "admin.waiting": ("Menunggu pendaftaran", "Waiting for enrolment"),
    "admin.token_ends": ("Token berakhir", "Token ends"),
    "admin.rotate": ("Ganti token", "Swap token"),
    "admin.last_contact": ("Kontak terakhir", "Last contact"),
    "admin.connected": ("Terhubung sekarang", "Connected now"),
    "admin.never_seen": ("Belum pernah", "Never"),
    "admin.silent": ("Diam", "Silent"),
    "admin.silent_devices": (
        "{count} perangkat tidak menghubungi server lebih dari {minutes} menit: periksa daya, "
        "jaringan, dan layarnya.",
        "{count} device(s) have not contacted the server for more than {minutes} minutes: "
        "check their power, network and screen.",
    ),
    "admin.add_again": (
        "Nama perangkat yang dicabut dapat didaftarkan lagi.",
        "A revoked device's name may be enrolled again.",
    ),
    "admin.when": ("Waktu", "When"),
    "admin.who": ("Siapa", "Who"),
    "admin.what": ("Apa", "What"),
    "admin.ticket": ("Tiket", "Ticket"),
    "admin.filter": ("Saring", "Filter"),
    "admin.config_ok": (
        "Konfigurasi valid dan sedang dipakai.",
        "The configuration is valid and in use.",
    ),
    "admin.config_file": ("Berkas", "File"),
    "admin.config_problems": (
        "Masalah pada berkas saat ini di disk",
        "Problems in the file now on disk",
    ),
    "admin.config_changed": (
        "Berkas di disk berbeda dari yang dimuat; mulai ulang server untuk memakainya.",
        "The file on disk differs from the one loaded; restart the server to use it.",
    ),
    "admin.confirm_revoke": ("Cabut perangkat ini?", "Revoke this device?"),
    "admin.services": ("Layanan", "Services"),
    "admin.counters": ("Loket", "Counters"),
    # status page
    "ticket.title": ("Status tiket", "Ticket status"),
    "ticket.unknown": (
        "Tiket tidak ditemukan. Periksa tautan pada tiket Anda.",
        "Ticket not found. Check the link on your ticket.",
    ),
    "ticket.position": ("Orang di depan Anda", "People ahead of you"),
    "ticket.estimate": ("Perkiraan tunggu", "Estimated wait"),
    "ticket.go_to": ("Silakan menuju", "Please go to"),
    "ticket.refresh": ("Halaman ini diperbarui otomatis.", "This page updates itself."),
    "ticket.live": ("Diperbarui langsung.", "Updated live."),
    "ticket.polling": (
        "Koneksi langsung terputus; diperbarui tiap 15 detik.",
        "Live connection lost; updated every 15 seconds.",
    ),
    "ticket.ended": ("Tiket ini sudah selesai.", "This ticket has ended."),
    "ticket.called_to": ("Dipanggil ke loket {counter}", "Called to counter {counter}"),
    "ticket.near_turn": ("Sebentar lagi giliran Anda", "Almost your turn"),
    "ticket.near_turn_hint": (
        "Silakan mendekat ke loket dan perhatikan layar panggilan.",
        "Please come near the counters and watch the calling screen.",
    ),
    "ticket.sound_on": ("Aktifkan suara & getar", "Turn on sound & vibration"),
    "ticket.sound_is_on": ("Suara & getar aktif", "Sound & vibration on"),
}


def text(key: str, language: Language | str, **values: object) -> str:
    """The text of ``key`` in ``language``, with ``{name}`` placeholders filled."""
    pair = TEXTS.get(key)
    if pair is None:
        return key
    chosen = pair[1] if language == Language.EN else pair[0]
    return chosen.format(**values) if values else chosen


def translator(language: Language) -> Callable[..., str]:
    """``t(key, **values)`` for templates."""

    def t(key: str, **values: object) -> str:
        return text(key, language, **values)

    return t


def format_value(value: object, kind: str, language: Language | str) -> str:
    """A table cell for the page: as in the CSV, with a decimal comma in Indonesian."""
    if value is None:
        return "—"
    if kind == "pct" and isinstance(value, int | float):
        shown = f"{value * 100:.1f}"
    elif kind in DECIMALS and isinstance(value, int | float):
        shown = f"{value:.{DECIMALS[kind]}f}"
    elif kind == "int" and isinstance(value, int):
        return f"{value:,}".replace(",", "." if language != Language.EN else ",")
    else:
        return str(value)
    return shown.replace(".", ",") if language != Language.EN else shown


def format_minutes(value: float | None, language: str = "id") -> str:
    return format_value(value, "min", language)


def format_number(value: int | None, language: str = "id") -> str:
    return format_value(value, "int", language)


def format_percent(value: float | None, language: str = "id") -> str:
    return "—" if value is None else format_value(value, "pct", language) + " %"
