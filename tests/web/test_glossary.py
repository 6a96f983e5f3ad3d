"""The glossary: Dutch labels for English-only skills, used everywhere at once."""

from __future__ import annotations

import csv
import io
import json
from html import unescape
from urllib.parse import quote

from flask import url_for

from matching.types import Reason
from portal.extensions import db
from portal.models import AuditEvent, SkillLabel
from portal.services.glossary import labels
from portal.views.match_reasons import reason_text
from tests.fixtures.candidates import create_profile
from tests.fixtures.glossary import UNTRANSLATED_LABEL, UNTRANSLATED_SKILL

DUTCH = "voedingswaarde van voedsel bepalen"


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _save(client, label=DUTCH, alternatives="voedingswaarde\ncalorieën tellen"):
    return client.post(
        f"/woordenlijst/vaardigheid?uri={quote(UNTRANSLATED_SKILL)}",
        data={"label_nl": label, "alternatives": alternatives, "note": "test"},
    )


def test_used_skills_without_dutch_are_listed_most_used_first(
    app, login, matchmaker, untranslated_vacancy
):
    with app.app_context():
        create_profile(skills=[UNTRANSLATED_SKILL])
        db.session.commit()
    page = text(login(matchmaker).get("/woordenlijst/"))
    assert f'<span lang="en">{UNTRANSLATED_LABEL}</span>' in page
    # Listed first: used in one vacancy and one profile, more than any other.
    first_row = page.split("<tbody")[1].split("</tr>")[0]
    assert UNTRANSLATED_LABEL in first_row
    # Skills that already have a Dutch label are not on the to-do list.
    assert "kooktechnieken gebruiken" not in page.split("<h2>")[2]


def test_a_saved_label_shows_on_the_vacancy_page_and_in_the_picker(
    app, login, matchmaker, employer_user, untranslated_vacancy
):
    response = _save(login(matchmaker))
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.query(SkillLabel).one()
        assert (entry.label_nl, entry.changed_by_id) == (DUTCH, matchmaker.id)
        assert entry.alternatives == ["voedingswaarde", "calorieën tellen"]
        assert (
            db.session.query(AuditEvent)
            .filter_by(action="glossary.label_saved")
            .count()
            == 1
        )
    employer = login(employer_user)
    page = text(employer.get(f"/vacatures/{untranslated_vacancy.id}"))
    assert DUTCH in page
    assert UNTRANSLATED_LABEL not in page
    # The picker's search finds the label and the alternative label, in Dutch.
    for query in ("voedingswaarde van", "calorieën"):
        hits = employer.get(f"/taxonomie/vaardigheden.json?q={quote(query)}").json[
            "results"
        ]
        hit = next(h for h in hits if h["uri"] == UNTRANSLATED_SKILL)
        assert (hit["label"], hit["lang"]) == (DUTCH, "nl")


def test_a_label_reaches_matching_text_and_the_candidate_export(app, login, matchmaker):
    client = login(matchmaker)
    with app.app_context():
        create_profile(skills=[UNTRANSLATED_SKILL])
        db.session.commit()
    reason = Reason(
        "essential_skills",
        10.0,
        {"listed": [UNTRANSLATED_SKILL], "inferred": [], "total": 1, "share": 1},
    )
    with app.test_request_context("/"):  # warms the label cache with the English label
        assert UNTRANSLATED_LABEL in " ".join(
            str(d) for d in reason_text(reason).details
        )
    _save(client)
    with app.test_request_context("/"):
        reason = reason_text(
            Reason(
                "essential_skills",
                10.0,
                {
                    "listed": [UNTRANSLATED_SKILL],
                    "inferred": [],
                    "total": 1,
                    "share": 1,
                },
            )
        )
        details = " ".join(str(d) for d in reason.details)
    assert DUTCH in details
    assert 'lang="en"' not in details
    with app.test_request_context("/"):
        url = url_for("candidates.export", fmt="csv")
    export = client.get(url)
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert rows[0]["skills"] == UNTRANSLATED_SKILL
    assert rows[0]["skill_labels_nl"] == DUTCH
    with app.test_request_context("/"):
        url = url_for("candidates.export", fmt="jsonl")
    line = json.loads(client.get(url).get_data(as_text=True).splitlines()[0])
    assert line["skills"] == [UNTRANSLATED_SKILL]
    assert line["skill_labels_nl"] == [DUTCH]


def test_a_label_reaches_the_vacancy_export(
    login, matchmaker, employer_user, untranslated_vacancy
):
    employer = login(employer_user)

    def exported() -> dict:
        response = employer.get("/vacatures/export")
        assert response.status_code == 200
        return json.loads(response.get_data(as_text=True).splitlines()[0])

    line = exported()
    assert line["essential_skills"] == [UNTRANSLATED_SKILL]
    assert line["essential_skill_labels_nl"] == [UNTRANSLATED_LABEL]
    _save(login(matchmaker))
    line = exported()
    assert line["essential_skill_labels_nl"] == [DUTCH]
    assert len(line["optional_skill_labels_nl"]) == len(line["optional_skills"])


def test_removing_a_label_brings_back_the_shipped_one(app, login, matchmaker):
    client = login(matchmaker)
    _save(client)
    with app.app_context():
        entry_id = db.session.query(SkillLabel).one().id
    assert client.post(f"/woordenlijst/{entry_id}/verwijderen").status_code == 302
    hits = client.get(
        f"/taxonomie/vaardigheden.json?q={quote('nutritional properties')}"
    ).json["results"]
    assert (hits[0]["label"], hits[0]["lang"]) == (UNTRANSLATED_LABEL, "en")


def test_an_empty_label_is_a_field_error(login, matchmaker):
    response = _save(login(matchmaker), label="  ")
    assert response.status_code == 200
    assert "Vul de Nederlandse naam in." in text(response)


def test_unknown_skill_is_404(login, matchmaker):
    response = login(matchmaker).get("/woordenlijst/vaardigheid?uri=x")
    assert response.status_code == 404


def test_export_then_import_round_trips(app, login, matchmaker, admin):
    _save(login(matchmaker))
    exported = login(matchmaker).get("/woordenlijst/woordenlijst.csv")
    assert exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows == [
        {
            "conceptUri": UNTRANSLATED_SKILL,
            "preferredLabel": DUTCH,
            "altLabels": "voedingswaarde | calorieën tellen",
            "englishLabel": UNTRANSLATED_LABEL,
            "note": "test",
        }
    ]
    # Another municipality imports it, with one corrected and one broken row.
    rows[0]["preferredLabel"] = "voedingswaarde bepalen"
    broken = [*rows, {**rows[0], "conceptUri": "http://example.org/nope"}]
    client = login(admin)
    for dry_run in ({"dry_run": "y"}, {}):
        # All or nothing: a file with a faulty row saves none of its rows.
        refused = text(_import(client, broken, **dry_run))
        assert "Niets opgeslagen: het bestand heeft fouten" in refused
        assert "1 namen zouden nieuw of gewijzigd zijn" in refused
        assert "Regel 3: onbekende ESCO-vaardigheid (conceptUri)" in refused
        with app.app_context():
            assert db.session.query(SkillLabel).one().label_nl == DUTCH
    # The corrected file: checked first, then imported.
    assert "Controle (niets opgeslagen)" in text(_import(client, rows, dry_run="y"))
    with app.app_context():
        assert db.session.query(SkillLabel).one().label_nl == DUTCH
    page = text(_import(client, rows))
    assert "Geïmporteerd" in page
    assert "1 namen nieuw of gewijzigd" in page
    with app.app_context():
        assert db.session.query(SkillLabel).one().label_nl == "voedingswaarde bepalen"


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _import(client, rows, **extra):
    return client.post(
        "/woordenlijst/importeren",
        data={"file": (io.BytesIO(_csv(rows)), "w.csv"), **extra},
        content_type="multipart/form-data",
    )


def test_a_file_without_the_columns_is_refused(login, admin):
    response = login(admin).post(
        "/woordenlijst/importeren",
        data={"file": (io.BytesIO(b"a,b\n1,2\n"), "w.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Dit is geen woordenlijst" in text(response)


def test_another_worker_picks_up_a_change_after_the_refresh_interval(
    app, login, matchmaker
):
    _save(login(matchmaker))
    with app.app_context():
        labels.forget()  # as a worker that has not seen the change
        labels.refresh(0)
        from matching.taxonomy import load_taxonomy

        assert load_taxonomy().label(UNTRANSLATED_SKILL, "nl") == (DUTCH, "nl")
