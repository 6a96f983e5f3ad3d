"""Demo data of the admin console and glossary: public vacancy pages, two glossary labels
and the Amstelveen house style. The public pages are the first published demo vacancies
(by their stable references). Idempotent: it only sets what is not set yet."""

from __future__ import annotations

from sqlalchemy import select

from portal.demo import vacancies as vacancies_demo
from portal.extensions import db
from portal.models import Role, Setting, User, Vacancy
from portal.services.console import theme
from portal.services.glossary import labels

#: Skills that ship without a Dutch label, with the label a matchmaker would give them.
GLOSSARY = {
    "http://data.europa.eu/esco/skill/2846ad39-6535-48cf-a4c4-64f0ae9066c1": (
        "voedingswaarde van voedsel bepalen",
        ["voedingswaarde", "calorieën"],
    ),
    "http://data.europa.eu/esco/skill/1316577b-31f7-437f-97ce-27c408b87a55": (
        "zuivelproducten voorbereiden voor een gerecht",
        ["zuivel"],
    ),
}
PUBLIC_POSTINGS = 3


def load() -> list[str]:
    admin = db.session.scalar(
        select(User).where(User.role == Role.ADMIN).order_by(User.id)
    )
    if admin is None:
        return []  # the accounts step did not run
    lines = []
    added = 0
    for uri, (label, alternatives) in GLOSSARY.items():
        if labels.entry_for(uri) is None:
            labels.save_label(
                uri, label, alternatives=alternatives, note="demo", by=admin
            )
            added += 1
    if added:
        lines.append(f"glossary   {added} namen in de woordenlijst")
    if db.session.scalar(select(Vacancy.id).where(Vacancy.public_posting)) is None:
        published = [v for _n, v in vacancies_demo.published()][:PUBLIC_POSTINGS]
        for vacancy in published:
            vacancy.public_posting = True
        if published:
            lines.append(f"vacancies  {len(published)} openbare vacaturepagina's")
    if db.session.get(Setting, theme.KEY) is None:
        theme.set_theme("amstelveen", by=admin)
        lines.append("console    huisstijl Amstelveen")
    db.session.flush()
    return lines
