"""The interchange formats are part of the product and served as a page."""

from __future__ import annotations

from pathlib import Path

from portal.views.docs import render_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_formats_page_is_served_and_linked_from_the_import_pages(
    client, login, matchmaker, employer_user
):
    page = client.get("/documentatie/bestandsformaten").get_data(as_text=True)
    assert '<h1 id="interchange-formats">Interchange formats</h1>' in page
    assert 'id="woordenlijst"' in page
    assert '<th scope="col" role="columnheader">field</th>' in page
    for who, url in (
        (matchmaker, "/kandidaten/importeren"),
        (employer_user, "/vacatures/import"),
    ):
        html = login(who).get(url).get_data(as_text=True)
        assert "/documentatie/bestandsformaten#" in html, url


def test_the_document_covers_every_format():
    text = (ROOT / "docs" / "FORMATS.md").read_text(encoding="utf-8")
    for heading in (
        "## Candidate profile",
        "## Vacancy",
        "## Match results",
        "## Relevance labels",
        "## Skill glossary",
        "## Vacancies outward",
    ):
        assert heading in text


def test_markdown_is_escaped():
    html = str(render_markdown("# <b>x</b>\n\nA `<i>` and [l](https://e.org/?a=1&b=2)"))
    assert "<b>" not in html
    assert "<code>&lt;i&gt;</code>" in html
    assert 'href="https://e.org/?a=1&amp;b=2"' in html


def test_the_page_starts_with_a_dutch_summary_marked_as_dutch(client):
    page = client.get("/documentatie/bestandsformaten").get_data(as_text=True)
    summary = page.split('<section lang="nl">', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="samenvatting">Samenvatting in het Nederlands</h2>' in summary
    assert "Alles of niets" in summary
    # The English sections after it are outside the Dutch section.
    assert "Candidate profile" not in summary
    assert page.index("</section>") < page.index('id="candidate-profile-anonymised"')


def test_a_section_in_another_language_closes_at_the_next_heading():
    html = str(
        render_markdown(
            "# T\n\n## Samenvatting in het Nederlands\nTekst.\n\n## Next\nText."
        )
    )
    assert html.count('<section lang="nl">') == html.count("</section>") == 1
    assert html.index("</section>") < html.index('id="next"')
