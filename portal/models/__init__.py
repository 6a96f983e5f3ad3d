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
    Relocation,
    SupportActivity,
    SupportType,
)
from portal.models.glossary import SkillLabel
from portal.models.hire import Hire, HireStatus
from portal.models.match import Match, MatchStatus
from portal.models.settings import MinimumWageRate, Setting
from portal.models.twv import (
    CycleStatus,
    Reminder,
    ReminderStatus,
    StepState,
    TwvCase,
    TwvCycle,
    TwvStepState,
)
from portal.models.user import Employer, RecoveryCode, Role, Sector, User
from portal.models.vacancy import (
    ShortageOccupation,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
    VacancyStatus,
)

__all__ = [
    "AuditEvent",
    "CandidateLanguage",
    "CandidateOccupation",
    "CandidateProfile",
    "CandidateSkill",
    "CandidateStatus",
    "Consent",
    "CycleStatus",
    "Employer",
    "Hire",
    "HireStatus",
    "Identity",
    "Match",
    "MatchStatus",
    "MinimumWageRate",
    "RecoveryCode",
    "Relocation",
    "Reminder",
    "ReminderStatus",
    "Role",
    "Sector",
    "Setting",
    "ShortageOccupation",
    "SkillLabel",
    "StatusChange",
    "StepState",
    "SupportActivity",
    "SupportType",
    "TwvCase",
    "TwvCycle",
    "TwvStepState",
    "User",
    "Vacancy",
    "VacancyLanguage",
    "VacancySkill",
    "VacancyStatus",
]
