"""Who may see what at headquarters: directorate analysts and admins every office, a
regional head (Kanwil) only the offices of the region."""

from enum import StrEnum


class HqRole(StrEnum):
    ANALYST = "analyst"
    REGIONAL = "regional"
    ADMIN = "admin"


def sees_region(role: HqRole, own_region: str | None, office_region: str) -> bool:
    if role == HqRole.REGIONAL:
        return own_region == office_region
    return True


def region_scope(role: HqRole, own_region: str | None) -> str | None:
    """The one region a user is held to, or None for every office."""
    return own_region if role == HqRole.REGIONAL else None
