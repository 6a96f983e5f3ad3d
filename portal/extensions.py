"""Extension objects, created unbound and initialised once in the app factory."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from portal.models.base import Base, UTCDateTime


def render_migration_item(
    type_: str, obj: object, autogen_context: object
) -> str | bool:
    """Write our UTC column type as a plain timezone-aware DateTime in migration files."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


db = SQLAlchemy(model_class=Base)
migrate = Migrate(
    compare_type=True, render_as_batch=True, render_item=render_migration_item
)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
#: Counters live in the storage named by RATELIMIT_STORAGE_URI (Redis in production), so
#: several gunicorn workers and servers share one count.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
