"""The matching indexes in use: the candidate index every worker shares, the vacancy index.

Only anonymised fields cross into the matching library: never a name, V-number,
nationality, age or the reception centre's name (only its postcode area, through the
person's current location). Consent and location come from the candidates service's
own rules (:func:`~portal.services.candidates.profiles.has_current_consent`,
:func:`~portal.services.candidates.profiles.current_location`).

The candidate index is built once and kept in files (:mod:`.index_files`,
:mod:`matching.store`) that every worker process maps read-only: the pages are shared,
not copied per worker, and a worker that starts or sees a change maps them in
milliseconds. A page compares a cheap fingerprint of the rows (counts, latest ids and
change times) with the one its mapped index was built from. On a difference the first
worker takes the folder's lock and, when only a few profiles changed, featurises just
those into a small delta file that masks their old rows (``CandidateIndex.update``);
the others then map what it wrote. A new day, new weights, a glossary change or a
change that cannot be traced rebuild the base file. Moves still to come are part of each
profile's row, so a ranking places people where they live on the vacancy's start day
without a second index. The small vacancy index stays per process.

The glossary (Dutch skill labels) is part of both fingerprints: a summary may mention
a skill by a label added since, and a vacancy's text holds its skills' labels. Before
an index is built or used, this process's taxonomy is given the glossary of the
fingerprint (``glossary.labels.apply_version``), inside a request or not (the ``flask
matching index`` command). The administrator's switches of the eligibility rules (the
TWV gate's settings) are not part of the index: the library applies them when it ranks,
so a changed setting counts from the next page on, without a rebuild.

The rows come from :mod:`.profile_rows`, the fingerprints from :mod:`.index_versions`;
writing the files is :mod:`.index_build`, what a process holds and maps :mod:`.index_state`.
This module chooses: map what is in force, or have it updated or built.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy import select

from matching.vacancy_index import VacancyIndex
from portal.extensions import db
from portal.models import Vacancy, VacancyStatus
from portal.models.base import utcnow
from portal.services.candidates import profiles as candidates
from portal.services.glossary import labels as glossary
from portal.services.matches import index_build
from portal.services.matches.index_files import fingerprint
from portal.services.matches.index_state import (
    BuiltIndex,
    IndexCache,
    index_cache,
    index_folder,
    open_manifest,
)
from portal.services.matches.index_versions import (
    glossary_of,
    profiles_version,
    vacancies_version,
)
from portal.services.matches.profile_rows import current_weights, to_vacancy

log = logging.getLogger(__name__)


def candidate_index(as_of: date | None = None) -> BuiltIndex:
    """The candidate pool for ``as_of``: mapped from the shared files, updated or built.

    The first worker to see a new fingerprint takes the folder's lock and writes the
    files (an update when only a few profiles changed); the others wait for it and map
    what it wrote.
    """
    as_of = as_of or candidates.local_today()
    cache = index_cache()
    key = (current_weights(), *profiles_version(as_of))
    # The labels the rows were (or will be) featurised with; vacancies ranked on this
    # index are featurised with them too.
    glossary.apply_version(glossary_of(key))
    built = cache.candidates
    if built is not None and built.key == key:
        return built
    with cache.lock:
        built = cache.candidates
        if built is not None and built.key == key:
            return built
        fresh = _shared_index(cache, key, as_of)
        cache.candidates = fresh
        # Let go of the files no longer in force (their pages go once unused).
        keep = fresh.manifest.files() if fresh.manifest else set()
        for name in set(cache.mapped) - keep:
            del cache.mapped[name]
        return fresh


def _shared_index(cache: IndexCache, key: tuple[Any, ...], as_of: date) -> BuiltIndex:
    folder = index_folder()
    token = fingerprint(key)
    manifest = folder.read_manifest()
    if manifest is not None and manifest.token == token:
        opened = open_manifest(cache, folder, manifest, key)
        if opened is not None:
            cache.loads += 1
            return opened
    with folder.locked():
        manifest = folder.read_manifest()
        if manifest is not None and manifest.token == token:
            opened = open_manifest(cache, folder, manifest, key)
            if opened is not None:
                cache.loads += 1
                return opened
        fresh = None
        if (
            manifest is not None
            and manifest.as_of == as_of.isoformat()
            and manifest.weights == fingerprint(key[0])
            and manifest.glossary == fingerprint(glossary_of(key))
        ):
            current = open_manifest(cache, folder, manifest, key)
            if current is not None:
                fresh = index_build.update(cache, folder, current, key, as_of)
        if fresh is None:
            fresh = index_build.build(cache, folder, key, as_of)
            cache.builds["candidates"] += 1
        else:
            cache.updates += 1
        folder.sweep(keep=fresh.manifest.files() if fresh.manifest else set())
        return fresh


def open_vacancies() -> list[Vacancy]:
    """Published vacancies."""
    return list(
        db.session.scalars(
            select(Vacancy)
            .where(Vacancy.status == VacancyStatus.PUBLISHED)
            .order_by(Vacancy.id)
        )
    )


def vacancy_index() -> BuiltIndex:
    """The fitted pool of published vacancies, rebuilt only when vacancies changed."""
    cache = index_cache()
    key = (current_weights(), *vacancies_version())
    glossary.apply_version(key[-2:])
    built = cache.vacancies
    if built is not None and built.key == key:
        return built
    with cache.lock:
        built = cache.vacancies
        if built is not None and built.key == key:
            return built
        vacancies, ids, skipped = [], {}, 0
        for vacancy in open_vacancies():
            mv = to_vacancy(vacancy)
            if mv is None:
                skipped += 1
                continue
            vacancies.append(mv)
            ids[vacancy.ref] = vacancy.id
        index = VacancyIndex(current_weights()).fit(vacancies) if vacancies else None
        cache.vacancies = BuiltIndex(key, index, ids, utcnow(), skipped)
        cache.builds["vacancies"] += 1
        log.info("vacancy index built: %s vacancies", len(vacancies))
        return cache.vacancies
