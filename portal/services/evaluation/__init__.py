"""The pilot's evaluation: the council's five questions, their exports and the pilots compared.

Owns the report's figures (computed by SQL aggregation, never by loading rows), the
small-numbers protection, the SVG charts, the CSV/XLSX exports, the versioned JSON
exchange format (docs/EVALUATION_FORMAT.md) and the evaluation's own settings (residents
per reception centre, the pilot budget).

It may read every area (it only reads their tables); no area imports it.

Modules: ``period`` (filters, date arithmetic in SQL), ``suppress`` (the small-numbers
rule), ``figures`` (Figure/Block/Section), one module per question (``reach``,
``work``, ``bottlenecks`` with ``permits``, ``placement``), ``report`` (the list of questions: a new
figure is added in its question's module, everything else follows), ``charts``,
``exports``, ``exchange`` and ``setup``.
"""
