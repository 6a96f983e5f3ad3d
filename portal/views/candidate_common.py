"""Small helpers shared by the candidate views (``candidates`` and ``candidate_records``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from wtforms import Form, SelectChoice

from portal.domain.identifiers import describe_findings
from portal.i18n import select_locale
from portal.models import CandidateProfile
from portal.services.candidates import profiles as candidates
from portal.views.access import found_or_404


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (labels may be lazy strings)."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]


def lang() -> str:
    return "en" if select_locale() == "en" else "nl"


def profile_or_404(profile_id: int) -> CandidateProfile:
    return found_or_404(candidates.get_profile(profile_id))


def service_errors(
    form: Form, exc: candidates.CandidateError, mapping: dict[str, str] | None = None
) -> None:
    """Show a service refusal as errors on the fields it names (first field otherwise)."""
    mapping = mapping or {}
    errors: dict[str, Any]
    if isinstance(exc, candidates.IdentifiersFound):
        errors = {exc.field: describe_findings(exc.findings, _)}
    elif isinstance(exc, candidates.ProfileInvalid):
        errors = exc.errors
    else:
        errors = {"": str(exc)}
    first = next(
        f.name for f in form if f.type not in {"CSRFTokenField", "HiddenField"}
    )
    for name, message in errors.items():
        target = mapping.get(name, name)
        if target not in form:
            target = first
        form[target].errors = [*form[target].errors, str(message)]
