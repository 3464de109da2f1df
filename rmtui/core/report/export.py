"""The report written out: plain text, self-contained HTML, SVG and GitHub-flavoured Markdown.

Text and SVG come from a recording Rich console printing the report's renderables, so they match
the TUI's report screen. HTML (report.html) and Markdown walk the same blocks (paragraphs, tables
and charts). Nothing loads from the network: the SVG's web-font links are taken out.
"""

from __future__ import annotations

import inspect
import io
import re
from pathlib import Path

from rich.console import Console
from rich.table import Table

from rmtui.core.report.build import Chart, Report
from rmtui.core.report.html import plain, to_html

FORMATS = ("txt", "html", "svg", "md", "json")
WIDTH = 100
# Rich's SVG template fetches Fira Code from a CDN; keep only its local() sources.
_SVG_FORMAT = re.sub(
    r',\s*url\("[^"]*"\) format\("[^"]*"\)', "", inspect.signature(Console.export_svg).parameters["code_format"].default
)


def format_for(path: Path) -> str:
    """The report format a file name asks for, from its ending; the command line gives the same error."""
    from rmtui.core.file_formats import format_for as ending_format

    return ending_format(path, FORMATS, "the report")


def _console() -> Console:
    return Console(record=True, file=io.StringIO(), width=WIDTH, color_system="truecolor", force_terminal=True)


def to_text(report: Report) -> str:
    """The report as plain text, at most 100 columns wide."""
    console = _console()
    console.print(report.renderable())
    return console.export_text()


def to_svg(report: Report) -> str:
    """The report as one SVG picture, with no remote fonts."""
    console = _console()
    console.print(report.renderable())
    return console.export_svg(title=report.title, code_format=_SVG_FORMAT)


def _md(text: str) -> str:
    """Text safe in Markdown: characters with a meaning there are escaped, so names show as typed."""
    return re.sub(r"([\\`*_\[\]<>|#~])", r"\\\1", text)


def _md_table(table: Table) -> list[str]:
    lines = [f"**{_md(str(table.title))}**", ""] if table.title else []
    lines.append("| " + " | ".join(_md(plain(column.header)) for column in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for row in zip(*(column.cells for column in table.columns), strict=True):
        lines.append("| " + " | ".join(_md(plain(cell)) for cell in row) + " |")
    return lines


def _md_preformatted(text: str) -> list[str]:
    # A fence longer than any run of backticks inside, so a typed-in topic cannot close it.
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return [f"{fence}text", text, fence]


def to_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown: headings, tables, and charts as preformatted text."""
    lines = [f"# {_md(report.title)}", ""]
    for section in report.sections:
        lines += [f"## {_md(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines += _md_table(block)
            elif isinstance(block, Chart):
                lines += _md_preformatted(block.plain.rstrip("\n"))
            elif block.plain.strip():
                lines += [f"{_md(line)}  " for line in block.plain.strip("\n").split("\n")]
            lines.append("")
    return "\n".join(lines)


def to_json(report: Report) -> str:
    """The report's figures, each under its stable name, as indented JSON."""
    import json

    return json.dumps(report.figures, indent=2, ensure_ascii=False) + "\n"


_WRITERS = {"txt": to_text, "html": to_html, "svg": to_svg, "md": to_markdown, "json": to_json}


def export_report(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    return _WRITERS[fmt](report)
