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
    VolunteerDeclaration,
)
from portal.models.evaluation import CentreResidents, EvaluationImport
from portal.models.glossary import SkillLabel
from portal.models.hire import FollowUp, Hire, HireStatus
from portal.models.intermediary import (
    Delegation,
    Intermediary,
    IntermediaryKind,
)
from portal.models.journey import DemoMail, UsedFormToken
from portal.models.match import Match, MatchStatus
from portal.models.notification import Notification, OutboxMail, OutboxStatus
from portal.models.oversight import DecisionKind, SuggestionDecision
from portal.models.permits import (
    CoaPartner,
    PermitTask,
    ProcedureEvent,
    ProcedureEventKind,
    Referral,
    ReferralStatus,
    RetentionOutcome,
    TransferRetention,
)
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
    "CentreResidents",
    "CoaPartner",
    "Consent",
    "CycleStatus",
    "DecisionKind",
    "Delegation",
    "DemoMail",
    "Employer",
    "EvaluationImport",
    "FollowUp",
    "Hire",
    "HireStatus",
    "Identity",
    "Intermediary",
    "IntermediaryKind",
    "Match",
    "MatchStatus",
    "MinimumWageRate",
    "Notification",
    "NotifyFrequency",
    "OutboxMail",
    "OutboxStatus",
    "PermitTask",
    "ProcedureEvent",
    "ProcedureEventKind",
    "RecoveryCode",
    "Referral",
    "ReferralStatus",
    "Relocation",
    "Reminder",
    "ReminderStatus",
    "RetentionOutcome",
    "Role",
    "Sector",
    "Setting",
    "ShortageOccupation",
    "SkillLabel",
    "StatusChange",
    "StepState",
    "SuggestionDecision",
    "SupportActivity",
    "SupportType",
    "TransferRetention",
    "TwvCase",
    "TwvCycle",
    "TwvStepState",
    "UsedFormToken",
    "User",
    "Vacancy",
    "VacancyLanguage",
    "VacancySkill",
    "VacancyStatus",
    "VolunteerDeclaration",
]
