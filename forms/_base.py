"""The shared base form: trims text, and refuses what no field of the portal can hold.

Every form of the portal derives from ``BaseForm``, so every field gets, whatever its own
validators say:

- surrounding white space stripped from text (passwords are left exactly as typed, ASVS:
  no changes to what the user chose; they are only ever hashed);
- a field error for a NUL character (U+0000) anywhere in the value: PostgreSQL refuses it
  in text, and no person types one;
- a field error for a date outside the portal's range (``portal.domain.dates``: 1900 to
  2199), so a year 9999 never reaches ``add_months`` or the database;
- a field error for a number that no column can hold (a whole number beyond 32 bits, an
  amount that is not finite such as ``NaN`` or ``Infinity``).

These checks run before the field's own validators, which then see an empty value
instead of one they might choke on (``NumberRange`` cannot compare ``NaN``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, PasswordField

from portal.domain import dates
from portal.domain.text import NUL, has_nul
from portal.i18n import nl_date

#: The largest whole number a form may pass on (PostgreSQL ``integer``).
MAX_INTEGER = 2**31 - 1

NUL_MESSAGE = _l("Deze tekst bevat een ongeldig teken. Typ de tekst opnieuw.")
NUMBER_MESSAGE = _l("Dit getal is niet geldig of te groot.")


def date_message() -> str:
    return str(
        _l(
            "Kies een datum tussen %(earliest)s en %(latest)s.",
            earliest=nl_date(dates.EARLIEST),
            latest=nl_date(dates.LATEST),
        )
    )


def _strip(value: Any) -> Any:
    """Trim surrounding white space (a NUL is kept: the form refuses it, see above)."""
    return value.strip() if isinstance(value, str) else value


def refusal(field: Field) -> str | None:
    """Why this field's value can never be accepted, or None."""
    raw = field.raw_data or []
    if has_nul(list(raw)) or has_nul(field.data):
        return str(NUL_MESSAGE)
    data = field.data
    if isinstance(data, date) and not dates.in_range(data):
        return date_message()
    if isinstance(data, bool):
        return None
    if isinstance(data, int) and abs(data) > MAX_INTEGER:
        return str(NUMBER_MESSAGE)
    if isinstance(data, Decimal) and (not data.is_finite() or abs(data) > MAX_INTEGER):
        return str(NUMBER_MESSAGE)
    if isinstance(data, float) and not (abs(data) <= MAX_INTEGER):  # also NaN
        return str(NUMBER_MESSAGE)
    return None


def _plain_fields(form: Any) -> Iterator[Field]:
    """Every field of the form, FieldList entries included; sub-forms check themselves."""
    for field in form:
        if isinstance(field, FormField):
            continue
        if isinstance(field, FieldList):
            yield from (
                entry for entry in field.entries if not isinstance(entry, FormField)
            )
            continue
        yield field


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(
            self, form: Any, unbound_field: Any, options: dict[str, Any]
        ) -> Any:
            if issubclass(unbound_field.field_class, PasswordField):
                return unbound_field.bind(form=form, **options)
            # Passed to bind, not written into the shared UnboundField, so the filter is
            # added once per field and not once more for every form instance.
            filters = (_strip, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, filters=filters, **options)

    def validate(self, extra_validators: Any = None) -> bool:
        refused: dict[Field, str] = {}
        for field in _plain_fields(self):
            why = refusal(field)
            if why is not None:
                refused[field] = why
                field.data = None
                field.raw_data = [
                    v.replace(NUL, "") if isinstance(v, str) else v
                    for v in field.raw_data or []
                ]
        valid = super().validate(extra_validators=extra_validators)
        for field, why in refused.items():
            field.errors = [why]
        if refused:
            self._refused = refused
        return valid and not refused


class ConfirmForm(BaseForm):
    """A CSRF-only form for buttons that change state."""
