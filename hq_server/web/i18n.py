"""Every text of the national dashboard, in Indonesian (the default) and English, and the
number formats. A missing key shows as the key itself: visible, never a crash."""

from collections.abc import Callable
from datetime import date

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Antrean Nasional", "Antrean National"),
    "app.org": ("Direktorat Jenderal Imigrasi", "Directorate General of Immigration"),
    "nav.offices": ("Kantor", "Offices"),
    "nav.trends": ("Tren", "Trends"),
    "nav.logout": ("Keluar", "Log out"),
    "lang.other": ("English", "Bahasa Indonesia"),
    "role.analyst": ("Analis direktorat", "Directorate analyst"),
    "role.regional": ("Kepala wilayah", "Regional head"),
    "role.admin": ("Admin", "Admin"),
    "login.title": ("Masuk", "Log in"),
    "login.username": ("Nama pengguna", "Username"),
    "login.password": ("Kata sandi", "Password"),
    "login.submit": ("Masuk", "Log in"),
    "login.failed": ("Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    "offices.title": ("Semua kantor saat ini", "Every office now"),
    "offices.regions": ("Per wilayah", "By region"),
    "offices.count": ("{n} kantor", "{n} offices"),
    "col.code": ("Kode", "Code"),
    "col.office": ("Kantor", "Office"),
    "col.region": ("Wilayah", "Region"),
    "col.waiting": ("Menunggu", "Waiting"),
    "col.longest": ("Tunggu terlama", "Longest wait"),
    "col.counters": ("Loket buka", "Counters open"),
    "col.issued": ("Tiket hari ini", "Tickets today"),
    "col.served": ("Dilayani", "Served"),
    "col.sla": ("Dalam SLA", "Within SLA"),
    "col.skm": ("SKM 30 hari", "SKM 30 days"),
    "col.report": ("Laporan terakhir", "Last report"),
    "col.day": ("Tanggal", "Day"),
    "col.visits": ("Kunjungan", "Visits"),
    "col.no_show": ("Tidak hadir", "No-show"),
    "col.median": ("Median tunggu", "Median wait"),
    "col.p90": ("P90 tunggu", "P90 wait"),
    "col.service": ("Median layanan", "Median service"),
    "col.queue": ("Antrean", "Queue"),
    "col.month": ("Bulan", "Month"),
    "col.open": ("Buka", "Open"),
    "stale": ("tidak melapor {minutes} mnt", "silent for {minutes} min"),
    "stale.hours": ("tidak melapor {hours} jam", "silent for {hours} h"),
    "region.silent": ("{n} kantor tidak melapor", "{n} offices silent"),
    "minutes": ("mnt", "min"),
    "never": ("belum pernah melapor", "never reported"),
    "closed": ("tutup", "closed"),
    "sort": ("Urutkan", "Sort"),
    "office.days": ("Hari-hari", "Days"),
    "office.stages": ("Tahap pada {day}", "Stages on {day}"),
    "office.none": ("Belum ada data untuk rentang ini.", "No figures for this range yet."),
    "range.from": ("Dari", "From"),
    "range.to": ("Sampai", "To"),
    "show": ("Tampilkan", "Show"),
    "export.csv": ("Unduh CSV", "Download CSV"),
    "export.xlsx": ("Unduh XLSX", "Download XLSX"),
    "trends.title": ("Tren bulanan", "Monthly trends"),
    "trends.scope": ("Cakupan", "Scope"),
    "trends.nation": ("Nasional", "National"),
    "trends.by_region": ("{metric} per wilayah", "{metric} by region"),
    "metric.wait_median": ("Median waktu tunggu (mnt)", "Median wait (min)"),
    "metric.wait_p90": ("Waktu tunggu P90 (mnt)", "P90 wait (min)"),
    "metric.within_sla_share": ("Porsi dalam SLA (%)", "Share within SLA (%)"),
    "metric.visitors": ("Pengunjung", "Visitors"),
    "metric.skm": ("Nilai SKM", "SKM score"),
    "none": ("—", "—"),
}


def translator(language: str) -> Callable[..., str]:
    index = 1 if language == "en" else 0

    def t(key: str, **values: object) -> str:
        text = TEXTS.get(key, (key, key))[index]
        return text.format(**values) if values else text

    return t


def format_number(value: float | None, language: str, decimals: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if language != "en":  # Indonesian: 1.234,5
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_percent(share: float | None, language: str) -> str:
    return "—" if share is None else f"{format_number(share * 100, language)} %"


MONTHS = (
    ("Jan", "Jan"), ("Feb", "Feb"), ("Mar", "Mar"), ("Apr", "Apr"), ("Mei", "May"),
    ("Jun", "Jun"), ("Jul", "Jul"), ("Agu", "Aug"), ("Sep", "Sep"), ("Okt", "Oct"),
    ("Nov", "Nov"), ("Des", "Dec"),
)  # fmt: skip


def month_label(month: date, language: str) -> str:
    return f"{MONTHS[month.month - 1][1 if language == 'en' else 0]} {month:%y}"
