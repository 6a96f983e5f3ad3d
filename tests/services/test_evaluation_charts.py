"""The server-drawn SVG chart: a bar per shown count, none for a suppressed one, all escaped."""

from __future__ import annotations

from portal.services.evaluation.charts import bar_chart
from portal.services.evaluation.figures import Block, Figure


def test_chart_draws_shown_counts_and_only_marks_hidden_ones(app_ctx) -> None:
    block = Block(
        "b",
        "Plaatsingen <per> sector",
        [
            Figure("a", "Horeca & co", 20),
            Figure("b", "Zorg", 10),
            Figure("c", "Schoonmaak", 3, hidden="<5"),
            Figure("d", "Overig", 0),
        ],
        chart=True,
    )
    svg = str(bar_chart(block, "c1"))
    assert svg.count("<rect ") == 2  # 20 and 10; no bar for <5 or 0
    assert 'width="360"' in svg  # the biggest shown value fills the bar width
    assert 'width="180"' in svg
    assert "&lt;5" in svg
    assert "Plaatsingen &lt;per&gt; sector" in svg
    assert "Horeca &amp; co: 20" in svg  # the description lists every value
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "<script" not in svg
