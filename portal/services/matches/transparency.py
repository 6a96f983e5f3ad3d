"""Transparency documents generated from the live system (AI Act art. 13, 26; Algoritmeregister).

The algorithm-register entry and the instructions for use are built by the matching
library from the weights the portal ranks with, the measured quality, whether an
administrator switched automated proposals off, and which order (fixed weights or the
learned re-ordering) is in use now. The candidate notice is a set of templates, one
per language spoken most in the reception centres, that an administrator reviews and
a matchmaker prints at intake.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from flask import current_app

from matching.algoritmeregister import IMPACT_ASSESSMENTS, algorithm_register_entry
from matching.instructions import instructions_for_use
from portal.services.matches import ranking as matching_service
from portal.services.matches import reranker
from portal.services.settings import values

#: Languages of the candidate notice: code → (name in Dutch, own name, direction).
NOTICE_LANGUAGES: dict[str, tuple[str, str, str]] = {
    "nl": ("Nederlands", "Nederlands", "ltr"),
    "en": ("Engels", "English", "ltr"),
    "ar": ("Arabisch", "العربية", "rtl"),
    "ti": ("Tigrinya", "ትግርኛ", "ltr"),
    "tr": ("Turks", "Türkçe", "ltr"),
    "fa": ("Perzisch (Farsi)", "فارسی", "rtl"),
}


def _organisation() -> str:
    return f"Werkplein {current_app.config.get('MUNICIPALITY', '')}".strip()


def contact() -> str:
    """Where people ask about the matching (ALGORITHM_CONTACT, else the Werkplein)."""
    return str(current_app.config.get("ALGORITHM_CONTACT") or _organisation())


def version() -> str:
    """The installed Werkbrug version (empty when not installed as a package)."""
    try:
        return metadata.version("werkbrug")
    except metadata.PackageNotFoundError:
        return ""


def register_entry() -> dict[str, Any]:
    """The Algoritmeregister entry as the portal runs now (JSON-ready).

    Where the source code is published and the status of the impact assessments come
    from the configuration (``ALGORITHM_SOURCE_CODE``, ``DPIA_STATUS``,
    ``FRIA_STATUS``, ``IAMA_STATUS``): the entry claims nothing the deployer has not
    reported.
    """
    config = current_app.config
    return algorithm_register_entry(
        matching_service.current_weights(),
        organisation=_organisation(),
        contact=contact(),
        source_code=config.get("ALGORITHM_SOURCE_CODE") or None,
        version=version(),
        impact_assessments={
            code: str(config.get(f"{code.upper()}_STATUS") or "")
            for code in IMPACT_ASSESSMENTS
        },
        suggestions_on=values.automated_suggestions_on(),
        model_in_use=reranker.current_report().in_use,
    )


def instructions() -> dict[str, Any]:
    """The instructions for use, with the weights in use."""
    return instructions_for_use(matching_service.current_weights())
