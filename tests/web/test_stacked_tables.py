"""Stacked tables: column names and ARIA roles are in the HTML the server sends."""

from __future__ import annotations

import re

from portal.stacked_tables import annotate, column_names

TABLE = """<table class="x">
  <caption>Vacatures</caption>
  <thead><tr><th scope="col">Titel</th><th scope="col" class="number">Uren <span class="hint">per week</span></th><th scope="col"><span class="visually-hidden">Actie</span></th></tr></thead>
  <tbody>
    <tr><th scope="row">Kok</th><td class="number">32</td><td><a href="/v/1">Bekijken</a></td></tr>
    <tr><td colspan="2">Geen uren</td><td data-label="Eigen">x</td></tr>
  </tbody>
</table>"""


def cells(page: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*>", page)


def test_every_body_cell_is_named_after_its_column():
    page = annotate(TABLE)
    assert cells(page, "td") == [
        '<td class="number" data-label="Uren per week" role="cell">',
        '<td data-label="Actie" role="cell">',  # a visually hidden header counts
        '<td colspan="2" data-label="Titel" role="cell">',
        # A label the template wrote itself stays; colspan moved the column on.
        '<td data-label="Eigen" role="cell">',
    ]
    assert '<th scope="row" data-label="Titel" role="rowheader">Kok</th>' in page


def test_every_element_keeps_its_table_role():
    page = annotate(TABLE)
    assert page.startswith('<table class="x" role="table">')
    assert '<thead role="rowgroup">' in page
    assert '<tbody role="rowgroup">' in page
    assert len(cells(page, "tr")) == len(re.findall(r'<tr role="row">', page)) == 3
    assert all('role="columnheader"' in th for th in cells(page, "th")[:3])
    # Header cells get no data-label: their text is the label.
    assert all("data-label" not in th for th in cells(page, "th")[:3])


def test_column_names_spread_over_colspan_and_come_from_the_last_header_row():
    table = (
        "<table><thead><tr><th colspan='2'>Groep</th></tr>"
        "<tr><th>A &amp; B</th><th colspan=2>C</th></tr></thead></table>"
    )
    assert column_names(table) == ["A & B", "C", "C"]
    assert 'data-label="A &amp; B"' in annotate(
        table.replace("</table>", "<tbody><tr><td>1</td></tr></tbody></table>")
    )


def test_a_table_without_header_row_gets_roles_only():
    page = annotate("<table><tr><th scope='row'>Naam</th><td>Ada</td></tr></table>")
    assert "data-label" not in page
    assert "<th scope='row' role=\"rowheader\">" in page
    assert '<td role="cell">Ada</td>' in page


def test_a_role_the_template_chose_is_kept_and_other_html_is_untouched():
    page = '<p>Tabel</p><table role="presentation"><tr><td>x</td></tr></table><p>na</p>'
    out = annotate(page)
    assert '<table role="presentation">' in out
    assert out.startswith("<p>Tabel</p>")
    assert out.endswith("<p>na</p>")
    assert annotate("<p>geen tabel</p>") == "<p>geen tabel</p>"


def test_a_header_with_markup_or_quotes_is_escaped_in_the_attribute():
    page = annotate(
        '<table><thead><tr><th>"Naam" <b>&lt;x&gt;</b></th></tr></thead>'
        "<tbody><tr><td>1</td></tr></tbody></table>"
    )
    assert 'data-label="&quot;Naam&quot; &lt;x&gt;"' in page


def test_pages_are_served_with_the_labels_in_their_html(login, admin):
    page = login(admin).get("/beheer/accounts").get_data(as_text=True)
    tables = re.findall(r"<table\b.*?</table>", page, re.S)
    assert tables
    for table in tables:
        assert 'role="table"' in table.split(">", 1)[0]
        names = column_names(table)
        body = table.split("<tbody", 1)[-1]
        for cell in re.findall(r"<td\b[^>]*>", body):
            assert 'role="cell"' in cell
            if names:
                assert "data-label=" in cell, cell


def test_a_file_download_is_left_as_it_is(login, matchmaker):
    response = login(matchmaker).get("/woordenlijst/woordenlijst.csv")
    assert response.mimetype == "text/csv"
    assert b"role=" not in response.get_data()
