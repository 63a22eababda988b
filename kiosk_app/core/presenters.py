"""Presenters: the kiosk state turned into the exact texts each screen shows.

Views receive these models and only lay them out; every string comes from here
(or from the server's bilingual messages), in the visitor's language.
"""

from dataclasses import dataclass, field
from typing import TypedDict

from kiosk_app.core.state import KioskState, Mode, PrintState, Screen
from kiosk_app.core.texts import other_language, tr
from queue_protocol import Language, PriorityGroup, ServiceInfo

PRIORITY_ORDER = (
    PriorityGroup.LANSIA,
    PriorityGroup.DISABILITAS,
    PriorityGroup.IBU_HAMIL,
    PriorityGroup.ANAK_KECIL,
)


@dataclass(frozen=True)
class Choice:
    """One big button: what it sends (``key``), its label, a hint line, whether it works."""

    key: str
    label: str
    hint: str = ""
    enabled: bool = True
    secondary: bool = False  # drawn outlined: "none of these", "no"


@dataclass(frozen=True)
class ScreenModel:
    """What a screen shows: a title, lines of text, buttons, and the footer buttons."""

    title: str
    lines: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    detail: str = ""
    home_label: str = ""
    language_label: str = ""
    notice: str = ""
    current_language: str = ""  # set on the start screen: show the two language buttons


@dataclass(frozen=True)
class TicketModel:
    """The ticket screen: the same facts the paper ticket carries, plus print status."""

    title: str
    number: str
    service: str
    lines: tuple[str, ...]
    qr_url: str | None
    qr_hint: str
    status: str
    print_failed: bool
    done_label: str
    language_label: str
    badges: tuple[str, ...] = field(default=())


class _Common(TypedDict):
    home_label: str
    language_label: str
    notice: str


def _common(state: KioskState) -> _Common:
    lang = state.language
    return {
        "home_label": tr("home", lang),
        "language_label": tr("language_other", lang),
        "notice": _connection_notice(state),
    }


def _connection_notice(state: KioskState) -> str:
    if state.untrusted:
        return tr("services_untrusted", state.language)
    return tr("services_offline", state.language) if state.offline else ""


def start_model(state: KioskState) -> ScreenModel:
    lang = state.language
    modes = (Mode.BOOKING, Mode.PASSPORT, Mode.WALK_IN)
    choices = tuple(
        Choice(mode.value, tr(f"mode_{mode.value}", lang), tr(f"mode_{mode.value}_hint", lang))
        for mode in modes
    )
    common = _common(state)
    common["home_label"] = ""
    return ScreenModel(
        title=tr("welcome", lang),
        lines=(tr("start_question", lang),),
        choices=choices,
        detail=tr("scan_anytime", lang),
        current_language=lang.value,
        **common,
    )


def booking_model(state: KioskState) -> ScreenModel:
    lang = state.language
    lines = (tr("booking_scan", lang), tr("booking_type", lang))
    return ScreenModel(title=tr("booking_title", lang), lines=lines, **_common(state))


def passport_model(state: KioskState) -> ScreenModel:
    lang = state.language
    lines = (tr("passport_place", lang), tr("passport_wait", lang))
    return ScreenModel(title=tr("passport_title", lang), lines=lines, **_common(state))


def senior_model(state: KioskState) -> ScreenModel:
    lang = state.language
    choices = (
        Choice("yes", tr("senior_yes", lang)),
        Choice("no", tr("senior_no", lang), secondary=True),
    )
    return ScreenModel(
        title=tr("senior_title", lang),
        lines=(tr("senior_question", lang, age=state.minimum_age),),
        choices=choices,
        **_common(state),
    )


def priority_model(state: KioskState) -> ScreenModel:
    """The Ramah HAM question with the office's groups only; a passport holder is not
    offered "senior" here (one of the office's senior age was asked already)."""
    lang = state.language
    known_age = state.passport is not None and state.passport.age is not None
    groups = [
        g
        for g in PRIORITY_ORDER
        if state.offers(g) and not (known_age and g == PriorityGroup.LANSIA)
    ]
    choices = [
        Choice(g.value, tr(f"priority_{g.value}", lang, age=state.minimum_age)) for g in groups
    ]
    choices.append(Choice("none", tr("priority_none", lang), secondary=True))
    return ScreenModel(
        title=tr("priority_title", lang),
        lines=(tr("priority_question", lang),),
        choices=tuple(choices),
        **_common(state),
    )


def visible_services(state: KioskState) -> list[ServiceInfo]:
    """Walk-in services; with priority, also the booking services a priority visitor may
    walk in to (Layanan Ramah HAM)."""
    if state.priority is not None:
        return [s for s in state.services if s.priority_walk_in]
    return [s for s in state.services if s.walk_in]


def _service_choice(service: ServiceInfo, lang: Language) -> Choice:
    name = service.name.get(lang)
    if not service.open:
        reason = service.closed_reason.get(lang) if service.closed_reason else ""
        return Choice(service.code, name, f"{tr('services_closed', lang)}. {reason}".strip(), False)
    if service.quota_remaining == 0:
        hint = f"{tr('services_full', lang)}. {tr('services_full_hint', lang)}"
        return Choice(service.code, name, hint, False)
    if service.waiting == 0:
        return Choice(service.code, name, tr("services_no_wait", lang))
    waiting = tr("services_waiting", lang, count=service.waiting)
    wait = tr("services_wait", lang, minutes=service.estimated_wait_min)
    return Choice(service.code, name, f"{waiting} · {wait}")


def services_model(state: KioskState) -> ScreenModel:
    lang = state.language
    choices = tuple(_service_choice(s, lang) for s in visible_services(state))
    lines = (tr("services_none", lang),) if not choices else ()
    return ScreenModel(
        title=tr("services_title", lang), lines=lines, choices=choices, **_common(state)
    )


def working_model(state: KioskState) -> ScreenModel:
    return ScreenModel(
        title=tr("working", state.language), language_label=tr("language_other", state.language)
    )


def error_model(state: KioskState) -> ScreenModel:
    """A refusal or a fault: what happened, what failed, and the next step as big buttons."""
    lang = state.language
    failure = state.failure
    message = failure.message.get(lang) if failure else tr("error_unexpected", lang)
    detail = failure.detail.get(lang) if failure and failure.detail else ""
    code = failure.code if failure else ""
    title = tr("passport_misread_title" if code == "mrz_misread" else "error_title", lang)
    retry_key = {Screen.SERVICES: "retry_services", Screen.PASSPORT: "retry_passport"}.get(
        state.retry_screen or Screen.START, "retry"
    )
    choices = [Choice("retry", tr(retry_key, lang))] if state.retry_screen else []
    if code == "booking_required":
        choices.append(Choice("priority", tr("error_priority_option", lang), secondary=True))
    if code == "offline_booking":  # a walk-in ticket, priority asked first if any applies
        choices.append(Choice("priority", tr("error_service_option", lang), secondary=True))
    lines = (message, detail) if detail else (message,)  # what failed, above the buttons
    return ScreenModel(title=title, lines=lines, choices=tuple(choices), **_common(state))


def expired_model(state: KioskState, replacement: str) -> ScreenModel:
    lang = state.language
    info = next((s for s in state.services if s.code == replacement), None)
    name = info.name.get(lang) if info else replacement
    message = state.failure.message.get(lang) if state.failure else ""
    action = Choice("replacement", tr("passport_expired_action", lang, service=name))
    return ScreenModel(
        title=tr("passport_expired_title", lang),
        lines=(message,),
        choices=(action,),
        **_common(state),
    )


def closed_model(state: KioskState) -> ScreenModel:
    lang = state.language
    reason = state.closed.get(lang) if state.closed else tr("closed_hours", lang)
    return ScreenModel(
        title=tr("closed_title", lang),
        lines=(reason, tr("closed_contact", lang)),
        language_label=tr("language_other", lang),
    )


def ticket_model(state: KioskState) -> TicketModel:
    """The ticket screen. Raises ``ValueError`` when the state holds no ticket."""
    ticket = state.ticket
    if ticket is None:
        raise ValueError("no ticket to show")
    lang = state.language
    ahead = (
        tr("ticket_people_ahead", lang, count=ticket.people_ahead)
        if ticket.people_ahead
        else tr("ticket_people_ahead_zero", lang)
    )
    lines = [
        ahead,
        (
            tr(
                "ticket_wait_range",
                lang,
                low=ticket.wait_range_min[0],
                high=ticket.wait_range_min[1],
            )
            if ticket.wait_range_min is not None
            else tr("ticket_wait", lang, minutes=ticket.estimated_wait_min)
        ),
        tr("ticket_wait_call", lang),
    ]
    if ticket.stage_name is not None:
        lines.insert(0, ticket.stage_name.get(lang))
    status = {
        PrintState.PRINTING: tr("ticket_printing", lang),
        PrintState.PRINTED: tr("ticket_printed", lang),
        PrintState.FAILED: tr("ticket_print_failed", lang),
        PrintState.NONE: "",
    }[state.print_state]
    badges = [tr("ticket_priority", lang)] if ticket.priority else []
    if ticket.reprinted:
        badges.append(tr("ticket_reprinted", lang))
    return TicketModel(
        title=tr("ticket_title", lang),
        number=ticket.number,
        service=ticket.service_name.get(lang),
        lines=tuple(lines),
        qr_url=ticket.status_url,
        qr_hint=tr("ticket_qr_hint" if ticket.status_url else "ticket_offline_qr", lang),
        status=status,
        print_failed=state.print_state == PrintState.FAILED,
        done_label=tr("done", lang),
        language_label=tr("language_other", lang),
        badges=tuple(badges),
    )


def language_after_toggle(state: KioskState) -> Language:
    """The language the language button switches to."""
    return other_language(state.language)


def tr_language_label(state: KioskState) -> str:
    """The language button's label: the other language, named in that language."""
    return tr("language_other", state.language)
