"""The TWV packet: what UWV's application asks about the person, released in stages.

Anonymous until the introduction; after a *confirmed* hire, with the person's consent for
this purpose (``twv_application``), the employer — or the intermediary it delegated to —
gets exactly the fields of ``portal.domain.twv_packet`` and no more. The identity vault
releases the fields and writes the ``identity.read.twv_packet`` audit event (with
``on_behalf_of`` when an intermediary reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matching.geo import load_postcodes
from portal.domain.twv_packet import (
    ATTACHMENTS,
    BEFORE_SUBMITTING,
    PACKET_FIELDS,
    VAULT_FIELDS,
    Attachment,
    PacketField,
)
from portal.domain.twv_rules import Check
from portal.models import HireStatus, TwvCase, User
from portal.models.base import local_today
from portal.services import audit
from portal.services.candidates import identity
from portal.services.candidates.consents import has_current_consent
from portal.services.twv.case_access import acting_for, may_see_case
from portal.services.twv.cases import NotAllowed, TwvError
from portal.services.twv.eligibility import eligibility

#: Why a packet is refused (shown to the user; the codes are stable).
NOT_CONFIRMED = "hire_not_confirmed"
NO_CONSENT = "no_consent"
HIRE_OVER = "hire_over"
CASE_CLOSED = "case_closed"
NO_IDENTITY = "no_identity"


class PacketRefused(TwvError):
    """The packet cannot be shown now; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class PacketLine:
    field: PacketField
    value: object


@dataclass(frozen=True)
class Packet:
    case: TwvCase
    lines: tuple[PacketLine, ...]
    attachments: tuple[Attachment, ...]
    before_submitting: tuple[tuple[str, str], ...]
    checks: tuple[Check, ...]
    on: date

    def sections(self) -> list[tuple[str, list[PacketLine]]]:
        """The lines grouped by section, in the order of the application."""
        grouped: list[tuple[str, list[PacketLine]]] = []
        for line in self.lines:
            if not grouped or grouped[-1][0] != line.field.section:
                grouped.append((line.field.section, []))
            grouped[-1][1].append(line)
        return grouped


def _require_reader(case: TwvCase, by: User) -> None:
    """Only the case's employer, or an intermediary with a delegation in force."""
    if not (by.is_employer or by.is_intermediary) or not may_see_case(by, case):
        raise NotAllowed(f"{by!r} may not read the packet of case {case.id}")


def refusal(case: TwvCase, *, on: date) -> str | None:
    """Why the packet is not available now (None: it is), without reading the vault."""
    hire = case.hire
    if not hire.is_confirmed:
        return NOT_CONFIRMED
    if hire.status not in {HireStatus.PLANNED, HireStatus.ACTIVE}:
        return HIRE_OVER
    if case.closed_on is not None:
        return CASE_CLOSED
    profile = case.candidate
    if profile.anonymised_at is not None or profile.identity is None:
        return NO_IDENTITY
    if not has_current_consent(profile, on, scope=identity.TWV_SCOPE):
        return NO_CONSENT
    return None


def build_packet(
    case: TwvCase,
    *,
    by: User,
    today: date | None = None,
    ip_address: str | None = None,
    request_id: str | None = None,
) -> Packet:
    """The packet for this reader, with one audit event for the identity fields read.

    Raises NotAllowed (not this reader's case) or PacketRefused (with the code).
    """
    today = today or local_today()
    _require_reader(case, by)
    code = refusal(case, on=today)
    if code is not None:
        raise PacketRefused(code)
    with audit.on_behalf_of(acting_for(by, case)):
        try:
            released = identity.release_for_twv_application(
                case.candidate,
                fields=VAULT_FIELDS,
                by=by,
                case_id=case.id,
                on=today,
                ip_address=ip_address,
                request_id=request_id,
            )
        except identity.NoConsent as error:
            raise PacketRefused(NO_CONSENT) from error
        except identity.Anonymised as error:
            raise PacketRefused(NO_IDENTITY) from error
    values = {**released, **_other_values(case)}
    return Packet(
        case=case,
        lines=tuple(PacketLine(f, values.get(f.key)) for f in PACKET_FIELDS),
        attachments=ATTACHMENTS,
        before_submitting=BEFORE_SUBMITTING,
        checks=tuple(eligibility(case, today=today)),
        on=today,
    )


def _place(pc4: str | None, municipality: str | None = None) -> str | None:
    """ "1187 Amstelveen": a postcode area and its municipality (facts of the employer)."""
    if not pc4:
        return None
    if not municipality:
        point = load_postcodes().get(pc4)
        municipality = point.municipality if point is not None else ""
    return f"{pc4} {municipality}".strip()


def _other_values(case: TwvCase) -> dict[str, object]:
    """The packet's values that are not in the vault: employer, profile and contract.

    The place of business and the place of work are the employer's own facts (the
    employer's postcode area, the vacancy's), never the person's.
    """
    hire = case.hire
    vacancy = hire.vacancy
    return {
        "employer_name": case.employer.name,
        "kvk_number": case.employer.kvk_number,
        "employer_location": _place(case.employer.workplace_pc4),
        "place_of_work": _place(vacancy.pc4, vacancy.municipality)
        if vacancy is not None
        else None,
        "w_document_valid_until": case.candidate.w_document_valid_until,
        "function": hire.vacancy.title if hire.vacancy is not None else None,
        "contract_period": (hire.contract_start, hire.contract_end),
        "hours_per_week": hire.hours_per_week,
        "hourly_wage": hire.hourly_wage,
    }
