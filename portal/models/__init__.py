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
from portal.models.hire import FollowUp, Hire, HireStatus
from portal.models.journey import DemoMail, UsedFormToken
from portal.models.match import Match, MatchStatus
from portal.models.notification import Notification, OutboxMail, OutboxStatus
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
from portal.models.user import (
    Employer,
    NotifyFrequency,
    RecoveryCode,
    Role,
    Sector,
    User,
)
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
    "DemoMail",
    "Employer",
    "FollowUp",
    "Hire",
    "HireStatus",
    "Identity",
    "Match",
    "MatchStatus",
    "MinimumWageRate",
    "Notification",
    "NotifyFrequency",
    "OutboxMail",
    "OutboxStatus",
    "RecoveryCode",
    "Relocation",
    "Reminder",
    "ReminderStatus",
    "Role",
    "Sector",
    "Setting",
    "ShortageOccupation",
    "StatusChange",
    "StepState",
    "SupportActivity",
    "SupportType",
    "TwvCase",
    "TwvCycle",
    "TwvStepState",
    "UsedFormToken",
    "User",
    "Vacancy",
    "VacancyLanguage",
    "VacancySkill",
    "VacancyStatus",
]
