"""Who may see what: the login loader and the role decorators used on every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from portal.extensions import login_manager
from portal.models import Role, User
from portal.services.accounts import users

F = TypeVar("F", bound=Callable[..., Any])


def load_user(user_id: str) -> User | None:
    """Accept the cookie only while its session token is the user's current one."""
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or not token:
        return None
    user = users.get_user_for_request(int(raw_id))
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user


def role_required(*roles: Role) -> Callable[[F], F]:
    """Anonymous visitors go to the login page; a logged-in user of another role gets 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]  # read by the access test
        return wrapped  # type: ignore[return-value]

    return decorator


employer_required = role_required(Role.EMPLOYER)
matchmaker_required = role_required(Role.MATCHMAKER)
admin_required = role_required(Role.ADMIN)
staff_required = role_required(Role.MATCHMAKER, Role.ADMIN)
employer_or_matchmaker_required = role_required(Role.EMPLOYER, Role.MATCHMAKER)
#: Any logged-in account, whatever its role (own account pages, the ESCO search).
any_role_required = role_required(*Role)


def acting_user() -> User:
    """The logged-in user as a model object: services take it as ``by=``."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def found_or_404(obj: Any) -> Any:
    """What a service lookup found, or 404."""
    if obj is None:
        abort(404)
    return obj


def own_or_404(obj: Any, employer_id_attr: str = "employer_id") -> Any:
    """An employer asking for another employer's object gets 404, as if it did not exist."""
    if obj is None:
        abort(404)
    if (
        current_user.is_employer
        and getattr(obj, employer_id_attr) != current_user.employer_id
    ):
        abort(404)
    return obj
