"""The profile form: choices, filling it from a profile, and turning it into ProfileData.

ESCO terms are typed as labels (or picked as URIs by the skill picker); they are resolved
by ``services.candidates.profile_input.resolve_term`` and unknown ones become field errors with
suggestions. Empty occupation and language rows are ignored.
"""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from forms.candidate import ProfileForm
from portal.domain.cefr import cefr_choices, isced_choices
from portal.models import CandidateProfile
from portal.services.candidates import profile_input
from portal.services.candidates import profiles as candidates
from portal.views.access import acting_user
from portal.views.candidate_common import choices, service_errors
from portal.views.candidate_common import lang as _lang


def build(profile: CandidateProfile | None = None) -> ProfileForm:
    form = ProfileForm()
    lang = _lang()
    form.education_level.choices = choices(
        [
            ("", _("Onbekend")),
            *((code, f"{code} – {label}") for code, label in isced_choices(lang)),
        ]
    )
    named = sorted(
        (
            (code, profile_input.language_name(code, lang))
            for code in profile_input.LANGUAGE_CODES
        ),
        key=lambda pair: pair[1].casefold(),
    )
    languages = choices([("", _("Kies een taal")), *named])
    levels = choices([("", _("Kies een niveau")), *cefr_choices(lang)])
    for language_field, level_field in form.language_rows():
        language_field.choices = languages
        level_field.choices = levels
    if profile is not None and request.method == "GET":
        _fill(form, profile, lang)
    form.skill_uris.choices = choices(
        (uri, profile_input.term_label(uri, lang)[0])
        for uri in form.skill_uris.data or []
    )
    return form


def _fill(form: ProfileForm, profile: CandidateProfile, lang: str) -> None:
    for name in (
        "summary", "reception_centre", "pc4", "max_travel_km", "hours_per_week",
        "available_from", "asylum_application_date", "w_document_valid_until",
        "has_bsn", "in_brp",
    ):  # fmt: skip
        form[name].data = getattr(profile, name)
    form.education_level.data = profile.education_level
    rows = sorted(profile.occupations, key=lambda o: -o.years)
    for (occ_field, years_field), occ in zip(
        form.occupation_rows(), rows, strict=False
    ):
        occ_field.data = profile_input.term_label(occ.esco_uri, lang)[0]
        years_field.data = occ.years
    form.skill_uris.data = [s.skill_uri for s in profile.skills]
    for (code_field, level_field), row in zip(
        form.language_rows(), profile.languages, strict=False
    ):
        code_field.data, level_field.data = row.code, row.level


def form_data(
    form: ProfileForm, profile: CandidateProfile | None
) -> profile_input.ProfileData | None:
    """The form as ProfileData with ESCO terms resolved; None after adding field errors."""
    lang = _lang()
    ok = True
    occupations: dict[str, float] = {}
    prefer_occ = [o.esco_uri for o in profile.occupations] if profile else []
    for occ_field, years_field in form.occupation_rows():
        if not occ_field.data:
            continue
        try:
            uri = profile_input.resolve_term(
                occ_field.data, "occupation", lang=lang, prefer=prefer_occ
            )
        except candidates.UnknownTerm as exc:
            occ_field.errors = [*occ_field.errors, _unknown_message(exc)]
            ok = False
            continue
        occupations[uri] = float(years_field.data or 0)
    skills: list[str] = []
    for uri in form.skill_uris.data or []:
        try:
            skills.append(profile_input.resolve_term(uri, "skill"))
        except candidates.UnknownTerm as exc:
            form.skill_uris.errors = [*form.skill_uris.errors, _unknown_message(exc)]
            ok = False
    prefer_skill = [s.skill_uri for s in profile.skills] if profile else []
    for line in (form.skills.data or "").splitlines():
        if not line.strip():
            continue
        try:
            skills.append(
                profile_input.resolve_term(
                    line, "skill", lang=lang, prefer=prefer_skill
                )
            )
        except candidates.UnknownTerm as exc:
            form.skills.errors = [*form.skills.errors, _unknown_message(exc)]
            ok = False
    languages = {}
    for code_field, level_field in form.language_rows():
        if code_field.data and not level_field.data:
            level_field.errors = [*level_field.errors, _("Kies een niveau.")]
            ok = False
        elif code_field.data:
            languages[code_field.data] = level_field.data
    if not ok:
        # Show an identifier in the summary now too, not only after the terms are fixed.
        try:
            profile_input.check_anonymous("summary", form.summary.data or "")
        except candidates.IdentifiersFound as exc:
            service_errors(form, exc)
        return None
    return profile_input.ProfileData(
        reception_centre=form.reception_centre.data,
        pc4=form.pc4.data,
        max_travel_km=form.max_travel_km.data,
        hours_per_week=form.hours_per_week.data,
        available_from=form.available_from.data,
        asylum_application_date=form.asylum_application_date.data,
        w_document_valid_until=form.w_document_valid_until.data,
        summary=form.summary.data or "",
        education_level=form.education_level.data,
        has_bsn=form.has_bsn.data,
        in_brp=form.in_brp.data,
        occupations=list(occupations.items()),
        skills=list(dict.fromkeys(skills)),
        languages=languages,
    )


def _unknown_message(exc: candidates.UnknownTerm) -> str:
    if exc.suggestions:
        return _(
            "„%(text)s” kennen we niet precies. Bedoelt u: %(options)s?",
            text=exc.text,
            options="; ".join(exc.suggestions),
        )
    return _("„%(text)s” kennen we niet in ESCO.", text=exc.text)


def save(
    form: ProfileForm, profile: CandidateProfile | None
) -> CandidateProfile | None:
    data = form_data(form, profile)
    if data is None:
        return None
    mapping = {"occupations": "occupation_1", "languages": "language_1"}
    try:
        if profile is None:
            return candidates.create_profile(data, by=acting_user())
        candidates.update_profile(profile, data, by=acting_user())
        return profile
    except candidates.CandidateError as exc:
        service_errors(form, exc, mapping)
        return None


def render(form: ProfileForm, profile: CandidateProfile | None) -> str:
    return render_template(
        "candidates/form.html",
        form=form,
        profile=profile,
        term_label=profile_input.term_label,
        lang=_lang(),
    )
