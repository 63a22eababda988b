"""How the kiosk names the Layanan Ramah HAM groups."""

from queue_protocol import LocalizedText, PriorityGroup

PRIORITY_GROUP_NAMES: dict[PriorityGroup, LocalizedText] = {
    PriorityGroup.LANSIA: LocalizedText(id="Lansia (60 tahun ke atas)", en="Senior (60 or older)"),
    PriorityGroup.DISABILITAS: LocalizedText(
        id="Penyandang disabilitas", en="Person with disability"
    ),
    PriorityGroup.IBU_HAMIL: LocalizedText(id="Ibu hamil", en="Pregnant woman"),
    PriorityGroup.ANAK_KECIL: LocalizedText(
        id="Membawa anak balita", en="Accompanying a small child (under 5)"
    ),
}
