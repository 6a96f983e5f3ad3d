"""Vacancies outward: a schema.org JobPosting page and feed, only when the employer chose it."""

from __future__ import annotations

import json
import re

from portal.extensions import db
from portal.models import Vacancy

#: Google's required and recommended JobPosting properties that the portal always knows.
REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
RECOMMENDED = {"employmentType", "baseSalary", "identifier"}


#: Properties schema.org defines (https://schema.org/<Type>, version 29) for the types a
#: posting or the feed may use; every type also has Thing's properties.
THING = {
    "additionalType", "alternateName", "description", "disambiguatingDescription",
    "identifier", "image", "mainEntityOfPage", "name", "potentialAction", "sameAs",
    "subjectOf", "url",
}  # fmt: skip
PROPERTIES = {
    "JobPosting": {
        "applicantLocationRequirements", "applicationContact", "baseSalary",
        "datePosted", "directApply", "educationRequirements",
        "eligibilityToWorkRequirement", "employerOverview", "employmentType",
        "employmentUnit", "estimatedSalary", "experienceInPlaceOfEducation",
        "experienceRequirements", "hiringOrganization", "incentiveCompensation",
        "industry", "jobBenefits", "jobImmediateStart", "jobLocation",
        "jobLocationType", "jobStartDate", "occupationalCategory",
        "physicalRequirement", "qualifications", "relevantOccupation",
        "responsibilities", "salaryCurrency", "securityClearanceRequirement",
        "sensoryRequirement", "skills", "specialCommitments", "title",
        "totalJobOpenings", "validThrough", "workHours",
    },
    "Organization": {"address", "email", "legalName", "logo", "telephone"},
    "Place": {"address", "geo", "latitude", "longitude"},
    "PostalAddress": {
        "addressCountry", "addressLocality", "addressRegion", "postalCode",
        "postOfficeBoxNumber", "streetAddress",
    },
    "MonetaryAmount": {"currency", "maxValue", "minValue", "validFrom", "validThrough", "value"},
    "QuantitativeValue": {"maxValue", "minValue", "unitCode", "unitText", "value"},
    "PropertyValue": {"propertyID", "unitCode", "unitText", "value"},
    "ItemList": {"itemListElement", "itemListOrder", "numberOfItems"},
    "ListItem": {"item", "nextItem", "position", "previousItem"},
}  # fmt: skip
KEYWORDS = {"@context", "@type", "@id"}


def unknown_properties(node: object, where: str = "") -> list[str]:
    """Every property of a typed object that schema.org does not define for its type."""
    found: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += unknown_properties(item, f"{where}[{i}]")
    elif isinstance(node, dict):
        kind = node.get("@type")
        if kind not in PROPERTIES:
            found.append(f"{where or '/'}: type {kind!r} not on the allow-list")
        else:
            allowed = PROPERTIES[kind] | THING | KEYWORDS
            found += [f"{where}/{key} on {kind}" for key in node if key not in allowed]
        for key, value in node.items():
            if isinstance(value, dict | list):
                found += unknown_properties(value, f"{where}/{key}")
    return found


def test_the_allow_list_check_finds_a_property_of_another_type():
    posting = {"@type": "JobPosting", "title": "Kok", "inLanguage": "nl"}
    assert unknown_properties(posting) == ["/inLanguage on JobPosting"]
    assert unknown_properties({"@type": "Thing2"}) == [
        "/: type 'Thing2' not on the allow-list"
    ]


def _json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD block"
    return json.loads(block.group(1))


def _switch_on(client, vacancy) -> None:
    response = client.post(f"/openbare-vacatures/{vacancy.id}/instellen")
    assert response.status_code == 302


def test_a_vacancy_is_public_only_after_the_employer_switches_it_on(
    app, client, login, employer_user, published_vacancy
):
    url = f"/openbare-vacatures/{published_vacancy.ref}"
    assert client.get(url).status_code == 404
    _switch_on(login(employer_user), published_vacancy)
    assert client.get(url).status_code == 200
    with app.app_context():
        assert db.session.get(Vacancy, published_vacancy.id).public_posting


def test_the_json_ld_is_a_valid_job_posting(
    client, login, employer_user, published_vacancy
):
    _switch_on(login(employer_user), published_vacancy)
    html = client.get(f"/openbare-vacatures/{published_vacancy.ref}").get_data(
        as_text=True
    )
    posting = _json_ld(html)
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "JobPosting"
    assert set(posting) >= REQUIRED | RECOMMENDED
    assert posting["title"] == published_vacancy.title
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", posting["datePosted"])
    assert posting["hiringOrganization"]["@type"] == "Organization"
    assert posting["hiringOrganization"]["name"]
    address = posting["jobLocation"]["address"]
    assert posting["jobLocation"]["@type"] == "Place"
    assert (address["@type"], address["postalCode"], address["addressCountry"]) == (
        "PostalAddress",
        published_vacancy.pc4,
        "NL",
    )
    assert set(posting["employmentType"]) <= {
        "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN",
        "VOLUNTEER", "PER_DIEM", "OTHER",
    }  # fmt: skip
    salary = posting["baseSalary"]
    assert (salary["@type"], salary["currency"]) == ("MonetaryAmount", "EUR")
    assert salary["value"]["@type"] == "QuantitativeValue"
    assert salary["value"]["unitText"] == "HOUR"
    assert salary["value"]["value"] == float(published_vacancy.hourly_wage)
    # validThrough only where known: the portal has no closing date, so it is left out.
    assert "validThrough" not in posting
    # Nothing schema.org does not define for these types (such as inLanguage).
    assert unknown_properties(posting) == []


def test_the_feed_lists_public_postings_and_nothing_about_candidates(
    client, login, employer_user, published_vacancy, candidate_profile
):
    assert client.get("/openbare-vacatures/feed.jsonld").json["numberOfItems"] == 0
    _switch_on(login(employer_user), published_vacancy)
    response = client.get("/openbare-vacatures/feed.jsonld")
    assert response.mimetype == "application/ld+json"
    feed = json.loads(response.get_data(as_text=True))
    assert feed["@type"] == "ItemList"
    (item,) = feed["itemListElement"]
    assert item["item"]["@type"] == "JobPosting"
    assert unknown_properties(feed) == []
    text = response.get_data(as_text=True)
    assert candidate_profile.ref not in text
    assert "candidate" not in text.lower()


def test_a_draft_is_never_public(app, client, login, employer_user, draft_vacancy):
    _switch_on(login(employer_user), draft_vacancy)
    assert client.get(f"/openbare-vacatures/{draft_vacancy.ref}").status_code == 404


def test_a_script_end_tag_in_the_description_cannot_break_out(
    app, client, login, employer_user, published_vacancy
):
    with app.app_context():
        db.session.get(Vacancy, published_vacancy.id).description = "</script><b>x"
        db.session.commit()
    _switch_on(login(employer_user), published_vacancy)
    html = client.get(f"/openbare-vacatures/{published_vacancy.ref}").get_data(
        as_text=True
    )
    assert "</script><b>" not in html
    assert _json_ld(html)["description"] == "</script><b>x"
