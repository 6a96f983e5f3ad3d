"""The project's documentation pages: the interchange formats (docs/FORMATS.md) as HTML.

The import pages link here, so a matchmaker can read the file formats in the portal itself.
The Markdown is the small subset FORMATS.md uses (headings, tables, lists, code blocks,
inline code, links, emphasis), rendered with every text escaped.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask import Blueprint, render_template
from markupsafe import Markup, escape

bp = Blueprint("docs", __name__, url_prefix="/documentatie")

FORMATS = Path(__file__).resolve().parents[2] / "docs" / "FORMATS.md"
_INLINE = re.compile(
    r"`([^`]+)`|\[([^\]]+)\]\((https?://[^)\s]+)\)|\*\*([^*]+)\*\*|\*([^*]+)\*"
)
_ANCHORS = {
    "Skill glossary (Dutch skill labels)": "woordenlijst",
    "Samenvatting in het Nederlands": "samenvatting",
}
#: Sections written in another language than the document's English, by heading.
_SECTION_LANG = {"Samenvatting in het Nederlands": "nl"}


def _inline(text: str) -> str:
    out, pos = [], 0
    for m in _INLINE.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        code, label, url, strong, em = m.groups()
        if code is not None:
            out.append(f"<code>{escape(code)}</code>")
        elif label is not None:
            out.append(f'<a href="{escape(url)}">{escape(label)}</a>')
        elif strong is not None:
            out.append(f"<strong>{escape(strong)}</strong>")
        else:
            out.append(f"<em>{escape(em)}</em>")
        pos = m.end()
    return "".join(out) + str(escape(text[pos:]))


def _cells(line: str) -> list[str]:
    line = line.strip().strip("|").replace("\\|", "\x00")
    return [c.strip().replace("\x00", "|") for c in line.split("|")]


def _slug(title: str) -> str:
    return _ANCHORS.get(title) or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def render_markdown(source: str) -> Markup:
    html: list[str] = []
    lines = source.splitlines()
    #: Heading level of the open section in another language (see _SECTION_LANG).
    open_section = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = re.match(r"(#{1,3}) (.*)", line)
        if heading and open_section and len(heading.group(1)) <= open_section:
            html.append("</section>")
            open_section = 0
        if heading and heading.group(2).strip() in _SECTION_LANG:
            lang = _SECTION_LANG[heading.group(2).strip()]
            html.append(f'<section lang="{lang}">')
            open_section = len(heading.group(1))
        if line.startswith("```"):
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            html.append(f"<pre><code>{escape(chr(10).join(block))}</code></pre>")
        elif m := heading:
            level, title = len(m.group(1)), m.group(2).strip()
            html.append(f'<h{level} id="{_slug(title)}">{_inline(title)}</h{level}>')
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            i -= 1
            head = "".join(f'<th scope="col">{_inline(c)}</th>' for c in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
                for row in rows[2:]
            )
            html.append(
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            )
        elif line.startswith("- "):
            items = []
            while i < len(lines) and (
                lines[i].startswith("- ") or lines[i].startswith("  ")
            ):
                if lines[i].startswith("- "):
                    items.append(lines[i][2:])
                else:
                    items[-1] += " " + lines[i].strip()
                i += 1
            i -= 1
            html.append(
                "<ul>" + "".join(f"<li>{_inline(t)}</li>" for t in items) + "</ul>"
            )
        elif line.strip():
            para = [line]
            while (
                i + 1 < len(lines)
                and lines[i + 1].strip()
                and not re.match(r"(#|\||- |```)", lines[i + 1])
            ):
                i += 1
                para.append(lines[i])
            html.append(f"<p>{_inline(' '.join(para))}</p>")
        i += 1
    if open_section:
        html.append("</section>")
    return Markup("\n".join(html))  # noqa: S704 - every text piece is escaped above


@functools.cache
def _formats_html() -> Markup:
    return render_markdown(FORMATS.read_text(encoding="utf-8"))


@bp.get("/bestandsformaten")
def formats() -> str:
    return render_template("docs/formats.html", body=_formats_html())
