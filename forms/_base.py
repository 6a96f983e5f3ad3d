"""The shared base form: strips surrounding white space from every text field.

Passwords are left exactly as typed (ASVS: no changes to what the user chose); they are
only ever hashed, never stored or compared as text in the database.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField


def _strip(value: Any) -> Any:
    """Trim, and drop NUL characters: PostgreSQL refuses them in text (a 500 otherwise)."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


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


class ConfirmForm(BaseForm):
    """A CSRF-only form for buttons that change state."""
