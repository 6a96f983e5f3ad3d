"""The bottom of the candidates area: its refusals, the translation helper their messages
use, and :func:`touch`, which every change to a profile calls. Imports no other module of
the area, so all of them can import it."""

from __future__ import annotations

from collections.abc import Sequence

from flask import has_request_context
from flask_babel import gettext

from portal.domain.identifiers import Finding
from portal.models import (
    CandidateProfile,
)
from portal.models.base import utcnow


class CandidateError(Exception):
    """Base class of the profile service's refusals."""


class ProfileInvalid(CandidateError):
    """Input that the form could not check (ESCO terms, postcodes, dates); per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class IdentifiersFound(CandidateError):
    """A text that must be anonymous contains things that look like identifiers."""

    def __init__(self, field_name: str, findings: Sequence[Finding]) -> None:
        kinds = ", ".join(f.kind for f in findings)
        super().__init__(f"{field_name} contains identifiers: {kinds}")
        self.field = field_name
        self.findings = list(findings)


class NotAllowed(CandidateError):
    """The acting user may not do this."""


class UnknownTerm(CandidateError):
    """Typed text that is not exactly one ESCO occupation or skill; with suggestions."""

    def __init__(self, text: str, suggestions: Sequence[str]) -> None:
        super().__init__(f"unknown ESCO term {text!r}")
        self.text = text
        self.suggestions = list(suggestions)


def _t(message: str, **params: object) -> str:
    """Translate now inside a request; elsewhere (CLI, tests) the Dutch source text.

    Extracted for the catalogue with ``-k _t``.
    """
    if has_request_context():
        return gettext(message, **params)
    return message % params if params else message


def touch(profile: CandidateProfile) -> None:
    """Mark the profile as changed, for :func:`profiles_version`."""
    profile.updated_at = utcnow()
