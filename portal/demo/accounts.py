"""Demo accounts: a Werkplein team and five verified employers in the pilots' sectors."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Employer, Role, Sector, User
from portal.services.accounts import employers
from portal.services.accounts import users as accounts

#: Shown in the README table "Demo accounts" and printed by ``make demo``.
DEMO_PASSWORD = "Werkbrug-demo-2026"  # noqa: S105 - published in the README on purpose

TEAM = [
    ("admin@werkplein-amstelveen.nl", "Anouk de Beheerder", Role.ADMIN),
    ("matchmaker@werkplein-amstelveen.nl", "Sanne Visser", Role.MATCHMAKER),
    ("matchmaker2@werkplein-amstelveen.nl", "Youssef El Amrani", Role.MATCHMAKER),
    # COA's participation desk; linked to its centres and verified by demo/permits.py.
    ("coa@coa-kronenburg.nl", "Meedoenbalie AZC Kronenburg", Role.COA),
]

#: (e-mail, contact, organisation, KvK, workplace PC4, sector, phone) — all invented.
EMPLOYERS = [
    (
        "werkgever@degoudenlepel.nl",
        "Mark Jansen",
        "Restaurant De Gouden Lepel",
        "81234567",
        "1181",
        Sector.HOSPITALITY,
        "020 123 4567",
    ),
    (
        "personeel@amstelbakkerij.nl",
        "Fatma Yilmaz",
        "Amstel Bakkerij Productie B.V.",
        "82345678",
        "1187",
        Sector.PRODUCTION,
        "020 234 5678",
    ),
    (
        "hr@schipholsidelogistics.nl",
        "Pieter de Vries",
        "Schipholside Logistics B.V.",
        "83456789",
        "1118",
        Sector.LOGISTICS,
        "020 345 6789",
    ),
    (
        "planning@schoonenfris.nl",
        "Esther Bakker",
        "Schoon & Fris Schoonmaak",
        "84567890",
        "1069",
        Sector.CLEANING,
        "020 456 7890",
    ),
    (
        "vacatures@zorggroepamstelland.nl",
        "Ruud Smit",
        "Zorggroep Amstelland",
        "85678901",
        "1183",
        Sector.CARE,
        "020 567 8901",
    ),
]

#: Registered but not yet verified: the matchmaker's verification list has work to do.
PENDING_EMPLOYERS = [
    (
        "info@wasserijdebrug.nl",
        "Joost Kramer",
        "Wasserij De Brug",
        "86789012",
        "1186",
        Sector.CLEANING,
        "020 678 9012",
    ),
]


def load() -> list[str]:
    lines = []
    admin = None
    for email, name, role in TEAM:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.create_user(
                email=email, name=name, password=DEMO_PASSWORD, role=role, by=None
            )
            lines.append(f"{role.value:<10} {email:<40} {DEMO_PASSWORD}")
        if role == Role.ADMIN:
            admin = user
    pending = {row[3] for row in PENDING_EMPLOYERS}
    for email, contact, org, kvk, pc4, sector, phone in EMPLOYERS + PENDING_EMPLOYERS:
        employer = db.session.scalar(select(Employer).where(Employer.kvk_number == kvk))
        if employer is None:
            employer = Employer(
                name=org,
                kvk_number=kvk,
                contact_person=contact,
                workplace_pc4=pc4,
                sector=sector,
                phone=phone,
            )
            db.session.add(employer)
            db.session.flush()
            if kvk not in pending:
                employers.verify(employer, by=admin)
        if db.session.scalar(select(User).where(User.email == email)) is None:
            accounts.create_user(
                email=email,
                name=contact,
                password=DEMO_PASSWORD,
                role=Role.EMPLOYER,
                by=None,
                employer=employer,
            )
            lines.append(f"{'employer':<10} {email:<40} {DEMO_PASSWORD}")
    return lines


#: (e-mail, contact, organisation, KvK) of the demo intermediary (invented), made and
#: verified by ``portal.demo.intermediaries``; De Gouden Lepel delegates to it.
INTERMEDIARIES = [
    (
        "twv@servicepuntamstel.nl",
        "Lotte Hendriks",
        "TWV Servicepunt Amstel B.V.",
        "87123456",
    ),
]


def demo_account_rows() -> list[tuple[str, str, str]]:
    """(role, e-mail, password) of every demo account, team first."""
    rows = [(role.value, email, DEMO_PASSWORD) for email, _name, role in TEAM]
    rows += [("employer", row[0], DEMO_PASSWORD) for row in EMPLOYERS]
    rows += [
        ("employer (unverified)", row[0], DEMO_PASSWORD) for row in PENDING_EMPLOYERS
    ]
    rows += [("intermediary", row[0], DEMO_PASSWORD) for row in INTERMEDIARIES]
    return rows
