"""The shared base form: strips surrounding white space from every text field."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(
            self, form: Any, unbound_field: Any, options: dict[str, Any]
        ) -> Any:
            filters = unbound_field.kwargs.get("filters", ())
            unbound_field.kwargs["filters"] = (_strip, *filters)
            return unbound_field.bind(form=form, **options)


class ConfirmForm(BaseForm):
    """A CSRF-only form for buttons that change state."""
