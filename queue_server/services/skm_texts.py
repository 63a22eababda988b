"""The nine SKM questions as the feedback screen asks them (PermenPAN-RB 14/2017).

Element names and answer labels come from ``domain.skm``; the questions follow
the regulation's sample questionnaire, shortened for a touch screen.
"""

from queue_protocol import LocalizedText, SkmElement
from queue_server.domain.skm import ELEMENTS

QUESTIONS: tuple[LocalizedText, ...] = (
    LocalizedText(
        id="Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        en="How well do the requirements fit the service you received?",
    ),
    LocalizedText(
        id="Bagaimana kemudahan prosedur pelayanan di kantor ini?",
        en="How easy was the procedure at this office?",
    ),
    LocalizedText(
        id="Bagaimana kecepatan waktu pelayanan?",
        en="How fast was the service?",
    ),
    LocalizedText(
        id="Bagaimana kewajaran biaya/tarif pelayanan?",
        en="How fair was the fee for the service?",
    ),
    LocalizedText(
        id="Bagaimana kesesuaian hasil pelayanan dengan standar pelayanan?",
        en="How well did the result match the published service standard?",
    ),
    LocalizedText(
        id="Bagaimana kompetensi/kemampuan petugas dalam pelayanan?",
        en="How competent was the officer?",
    ),
    LocalizedText(
        id="Bagaimana kesopanan dan keramahan petugas?",
        en="How polite and friendly was the officer?",
    ),
    LocalizedText(
        id="Bagaimana kualitas sarana dan prasarana?",
        en="How good were the facilities?",
    ),
    LocalizedText(
        id="Bagaimana penanganan pengaduan, saran dan masukan?",
        en="How are complaints and suggestions handled?",
    ),
)


def skm_elements() -> list[SkmElement]:
    return [
        SkmElement(
            number=index + 1,
            name=LocalizedText(id=element.name_id, en=element.name_en),
            question=QUESTIONS[index],
            answers=[
                LocalizedText(id=a_id, en=a_en)
                for a_id, a_en in zip(element.answers_id, element.answers_en, strict=True)
            ],
        )
        for index, element in enumerate(ELEMENTS)
    ]
