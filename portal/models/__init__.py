"""All models, imported here so that Alembic and ``create_all`` see every table."""

from portal.models.audit import AuditEvent, StatusChange
from portal.models.candidate import (
    CandidateLanguage,
    CandidateOccupation,
    CandidateProfile,
    CandidateSkill,
    CandidateStatus,
    Consent,
    Identity,
)
from portal.models.hire import Hire, HireStatus
from portal.models.match import Match, MatchStatus
from portal.models.user import Employer, RecoveryCode, Role, Sector, User
from portal.models.vacancy import Vacancy, VacancyLanguage, VacancySkill, VacancyStatus

__all__ = [
    "AuditEvent",
    "CandidateLanguage",
    "CandidateOccupation",
    "CandidateProfile",
    "CandidateSkill",
    "CandidateStatus",
    "Consent",
    "Employer",
    "Hire",
    "HireStatus",
    "Identity",
    "Match",
    "MatchStatus",
    "RecoveryCode",
    "Role",
    "Sector",
    "StatusChange",
    "User",
    "Vacancy",
    "VacancyLanguage",
    "VacancySkill",
    "VacancyStatus",
]
