"""The report as a web page for leadership: semantic HTML written from the report's blocks.

Tables become ``<table>`` with a ``<caption>`` and ``<th scope>``; charts become CSS bars in a
``<figure>`` named by the paragraph before it, each figure written as text beside its bar; a
withheld figure draws no bar. The page reads from 320 px wide (wide tables stack their rows),
keeps a comfortable measure on a desktop, follows the reader's light or dark setting and prints to
A4 keeping each table and chart whole. It carries its styles inline, names only local fonts and
fetches nothing: its Content-Security-Policy forbids every other source.
"""

from __future__ import annotations

import re
from html import escape
from itertools import pairwise

from rich.style import Style
from rich.table import Table
from rich.text import Text

from rmtui.core.report.build import BEFORE_BAR, Chart, Report, ReportSection

_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
# A table with this many columns or more shows each row as a small card on a narrow screen.
STACK_FROM = 3
_STYLE = """
:root { --text: #1b1b1b; --muted: #4d4d4d; --page: #ffffff; --head: #1f4e79;
  --rule: #c4cad2; --bar: #2f6bbf; --before: #69737e; --card: #f2f5f8; }
@media screen and (prefers-color-scheme: dark) {
  :root { --text: #e8eaed; --muted: #bfc5cc; --page: #15181c; --head: #a9c9f5; --rule: #48515c;
    --bar: #72a7f2; --before: #a3acb6; --card: #1e232a; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 48rem; padding: 1.5rem 1rem 3rem; color: var(--text); background: var(--page);
  font: 1rem/1.5 system-ui, "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  overflow-wrap: break-word; }
h1, h2 { color: var(--head); line-height: 1.25; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; padding-bottom: .4rem; border-bottom: 2px solid var(--bar); }
h2 { font-size: 1.3rem; margin: 2.25rem 0 .75rem; }
p { margin: 0 0 .8rem; }
p, figcaption { max-width: 38em; }
.lede { font-size: 1.1rem; }
table { width: 100%; border-collapse: collapse; margin: 0 0 1.25rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: .35rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem .35rem 0; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--text); }
figure { margin: 0 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
.bars { list-style: none; margin: 0; padding: 0; }
.bars li { display: grid; grid-template-columns: minmax(0, 16rem) minmax(3rem, 1fr) minmax(0, 10rem);
  gap: .1rem .75rem; align-items: center; padding: .15rem 0; }
.track { display: block; height: .9rem; }
.bar { display: block; height: 100%; min-width: 2px; background: var(--bar);
  -webkit-print-color-adjust: exact; }
.before .bar { background: var(--before); }
.value { font-variant-numeric: tabular-nums; }
.date { white-space: nowrap; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (max-width: 40rem) {
  .bars li { grid-template-columns: minmax(0, 1fr) auto; grid-template-areas: "label value" "track track"; }
  .bars .label { grid-area: label; }
  .bars .value { grid-area: value; align-self: end; text-align: right; }
  .bars .track { grid-area: track; }
  .bars .track:empty { display: none; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.stack, table.stack caption, table.stack tbody { display: block; }
  table.stack tr { display: flex; flex-wrap: wrap; gap: .1rem 1.25rem; padding: .5rem .6rem; margin-bottom: .5rem;
    background: var(--card); }
  table.stack th { flex: 1 0 100%; }
  table.stack th, table.stack td { display: block; border: 0; padding: 0; }
  table.stack td::before { content: attr(data-label) ": "; font-weight: 600; }
}
@page { size: A4; margin: 14mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.35; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12.5pt; margin: 1.1rem 0 .4rem; break-after: avoid; }
  .lede { font-size: 10.5pt; }
  p, th, td { orphans: 3; widows: 3; }
  th, td { padding: .15rem .6rem .15rem 0; }
  table, figure { break-inside: avoid; }
  figure { margin-bottom: 1rem; }
  .keep { break-after: avoid; }
  .bars li { padding: 0; }
  .track { height: .7rem; }
}
"""
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<main>
<h1>{title}</h1>
{sections}
</main>
</body>
</html>
"""


def to_html(report: Report) -> str:
    """A self-contained web page of the report: semantic, readable on a phone, printable on A4."""
    sections = "\n".join(_section(section, number) for number, section in enumerate(report.sections, start=1))
    return _PAGE.format(title=escape(report.title), style=_STYLE, sections=sections)


def _section(section: ReportSection, number: int) -> str:
    heading = f"s{number}"
    parts = [f'<section aria-labelledby="{heading}">', f'<h2 id="{heading}">{escape(section.title)}</h2>']
    blocks = [block for block in section.blocks if isinstance(block, Table) or block.plain.strip()]
    caption: Text | None = None
    for index, block in enumerate(blocks):
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Table):
            parts.append(_table(block, fallback=section.title))
        elif isinstance(block, Chart):
            parts.append(_chart(block, caption, name=f"{heading}c{index}", fallback=section.title))
            caption = None
        elif isinstance(after, Chart):
            caption = block  # the paragraph that introduces a chart becomes its caption
        else:
            kind = "lede" if number == 1 and index == 0 else "keep" if isinstance(after, Table) else ""
            parts.append(_paragraphs(block, kind))
    parts.append("</section>")
    return "\n".join(parts)


def _table(table: Table, fallback: str) -> str:
    headers = [plain(column.header) for column in table.columns]
    stack = ' class="stack"' if len(headers) >= STACK_FROM else ""
    lines = [f"<table{stack}>", f"<caption>{escape(plain(table.title) if table.title else fallback)}</caption>"]
    lines.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in headers) + "</tr></thead>")
    lines.append("<tbody>")
    for first, *rest in zip(*(column.cells for column in table.columns), strict=True):
        cells = "".join(
            f'<td data-label="{escape(header)}">{_cell(cell)}</td>'
            for header, cell in zip(headers[1:], rest, strict=True)
        )
        lines.append(f'<tr><th scope="row">{escape(plain(first))}</th>{cells}</tr>')
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _cell(cell: object) -> str:
    # A date stays on one line: a narrow column would otherwise break it at a hyphen.
    return _DATE.sub(r'<span class="date">\1</span>', escape(plain(cell)))


def _chart(chart: Chart, caption: Text | None, name: str, fallback: str) -> str:
    if caption is None:
        head = f'<figure aria-label="{escape(fallback)}">'
    else:
        head = f'<figure aria-labelledby="{name}">\n<figcaption id="{name}">{_inline(caption)}</figcaption>'
    lines = [head, '<ul class="bars">']
    for bar in chart.bars:
        kind = ' class="before"' if bar.style == BEFORE_BAR else ""
        # A withheld figure (no value) draws no bar; its words stand alone beside the label.
        drawn = (
            f'<span class="bar" style="width: {bar.value / chart.most:.1%}"></span>' if bar.value and chart.most else ""
        )
        lines.append(
            f'<li{kind}><span class="label">{escape(bar.label)}</span><span class="sr-only">: </span>'
            f'<span class="track" aria-hidden="true">{drawn}</span><span class="value">{escape(bar.shown)}</span></li>'
        )
    lines += ["</ul>", "</figure>"]
    return "\n".join(lines)


def _paragraphs(text: Text, kind: str = "") -> str:
    """A text block as paragraphs (split at blank lines), its lines kept apart with <br>; ``kind`` is a class.

    A "keep" paragraph introduces the table after it, so print keeps the two on one page.
    """
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.plain.strip():
            paragraphs[-1].append(_inline(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    opening = f'<p class="{kind}">' if kind else "<p>"
    return "\n".join(opening + "<br>\n".join(lines) + "</p>" for lines in paragraphs if lines)


def _inline(text: Text) -> str:
    """A line of text as HTML, escaped, with its bold as <strong> and its italic as <em>."""
    words = text.plain
    cuts = sorted({0, len(words), *(span.start for span in text.spans), *(span.end for span in text.spans)})
    out = []
    for start, end in pairwise(cuts):
        piece = escape(words[start:end].lstrip() if start == 0 else words[start:end])
        style = Style.combine(
            _style(s) for s in (text.style, *(span.style for span in text.spans if span.start <= start < span.end))
        )
        if style.italic:
            piece = f"<em>{piece}</em>"
        if style.bold:
            piece = f"<strong>{piece}</strong>"
        out.append(piece)
    return "".join(out)


def _style(style: str | Style) -> Style:
    return Style.parse(style) if isinstance(style, str) else style


def plain(cell: object) -> str:
    """A table cell's text on one line."""
    return " ".join((cell.plain if isinstance(cell, Text) else str(cell)).split())
