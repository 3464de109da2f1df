"""The report's exports and command: formats, self-contained HTML, escaping, and no confidential content."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.table import Table

from rmtui.core.demo import write_demo
from rmtui.core.report import (
    FORMATS,
    Programme,
    build_report,
    cohort_report,
    evaluate,
    export_report,
    format_for,
    to_html,
    to_markdown,
    to_svg,
    to_text,
)
from rmtui.core.store import CohortStore, check_cohort, parse_settings

SECTIONS = (
    "Summary", "Reaction", "Learning", "Behaviour", "Results",
    "Engagement", "Matching review", "Recommendations", "Pairs",
)  # fmt: skip


def readable(export: str) -> str:
    """An export's text as a reader sees it: HTML entities decoded, the SVG's no-break spaces as spaces."""
    return html.unescape(export).replace("\xa0", " ")


@pytest.fixture
def report_output(rmtui: Callable[..., Result], today: date) -> Callable[..., str]:
    """``report_output(path, *args)``: what ``rmtui report`` prints, as of the fixed clock's day unless told otherwise."""

    def report_output(path: Path, *args: str) -> str:
        as_of = () if "--as-of" in args else ("--as-of", today.isoformat())
        result = rmtui("--db", path, "report", *as_of, *args)
        assert result.exit_code == 0, result.output
        return result.output

    return report_output


def test_txt_is_the_default_fits_100_columns_and_has_every_section(
    demo_path: Path, today: date, report_output: Callable[..., str]
) -> None:
    out = report_output(demo_path)
    assert max(len(line) for line in out.splitlines()) <= 100
    for title in SECTIONS:
        assert title in out
    assert out.startswith("Interim evaluation of the reverse mentoring programme — Harbour & Finch")
    assert f"As of: {today}" in out and "interim report" in out


def test_as_of_the_end_is_a_final_report_and_no_pairs_leaves_out_every_name(
    demo_path: Path, report_output: Callable[..., str]
) -> None:
    end = report_output(demo_path, "--as-of", "2026-05-14")
    assert "Interim" not in end and "Evaluation of the reverse mentoring programme" in end
    assert "Kwame Asante" in end
    without = report_output(demo_path, "--no-pairs", "--as-of", "2026-05-14")
    assert "Kwame Asante" not in without and "Pairs\n" not in without


def test_a_bad_date_or_format_is_refused_plainly(demo_path: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("--db", demo_path, "report", "--as-of", "2026-02-30")
    assert result.exit_code == 2 and "'2026-02-30' does not match the format '%Y-%m-%d'" in result.output
    assert "Traceback" not in result.output
    result = rmtui("--db", demo_path, "report", "--format", "pdf")
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output


def test_output_file_is_written(demo_path: Path, tmp_path: Path, report_output: Callable[..., str]) -> None:
    target = tmp_path / "report.md"
    report_output(demo_path, "--format", "md", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith(
        "# Interim evaluation of the reverse mentoring programme — Harbour"
    )


@pytest.fixture
def odd_cohort(demo_path: Path, today: date) -> Iterator[CohortStore]:
    """The demo renamed with markup, HTML and Markdown in its name and one pair's end reason."""
    with CohortStore.open(demo_path, today=lambda: today) as store:
        store.save_settings(parse_settings({"name": "<script>alert(1)</script> & [bold]Co|hort[/]"}, store.settings()))
    store = CohortStore.open(demo_path, today=lambda: today, read_only=True)
    yield store
    store.close()


def test_html_is_self_contained_escaped_and_semantic(odd_cohort: CohortStore) -> None:
    report = cohort_report(odd_cohort)
    page = to_html(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [bold]Co|hort[/]" in page
    assert not re.search(r"https?://|\bsrc=|<link|@import|url\(", page)
    assert "default-src 'none'" in page and '<html lang="en">' in page
    assert re.findall(r"<h2 [^>]*>([^<]*)</h2>", page) == [html.escape(s.title) for s in report.sections]
    assert page.count("<h1>") == 1 and "<h3" not in page  # headings in order: one h1, then h2s
    # No console recording: no preformatted text and no block-character bars; tables are tables.
    assert "<pre" not in page and "█" not in page and "────" not in page
    tables = sum(isinstance(block, Table) for section in report.sections for block in section.blocks)
    assert page.count("<table") == page.count("<caption>") == tables > 0
    assert re.search(r"<em>[^<]*an interim report", page)  # the console's italic, as emphasis
    assert '<th scope="col">Figure</th>' in page and '<th scope="row">Pairs matched / still active</th>' in page
    assert "@page { size: A4" in page and "break-inside: avoid" in page and "break-before: page" not in page
    assert "@media screen and (prefers-color-scheme: dark)" in page


def test_svg_has_no_remote_fonts(odd_cohort: CohortStore) -> None:
    picture = to_svg(cohort_report(odd_cohort))
    assert picture.startswith("<svg") and not re.search(r"url\(\s*[\"']?https?:", picture) and "cdnjs" not in picture
    assert "&lt;script&gt;" in picture and "<script>" not in picture


def test_markdown_has_tables_text_charts_and_escapes_names(odd_cohort: CohortStore) -> None:
    md = to_markdown(cohort_report(odd_cohort))
    assert "| Figure | Value | Reading |" in md and "|---|---|---|" in md
    assert "## Engagement: how pairs met" in md and "```text\n2025-11 " in md
    assert r"\<script\>alert(1)\</script\> & \[bold\]Co\|hort\[/\]" in md


def test_the_report_opens_with_a_summary_that_keeps_the_small_number_rule(
    demo_path: Path, tmp_path: Path, today: date
) -> None:
    with CohortStore.open(demo_path, today=lambda: today, read_only=True) as store:
        start = store.settings().term().start
    # Forty days in, one demo pair had ended (two people): the summary withholds how many pairs still meet.
    early = start + timedelta(days=40)
    with CohortStore.open(demo_path, today=lambda: early, read_only=True) as store:
        page = to_html(cohort_report(store))
    lede = html.unescape(re.search(r'<p class="lede">(.*?)</p>', page, re.DOTALL)[1])
    assert page.index('<p class="lede">') < page.index("<table")  # before the cover figures
    assert lede.startswith(f"An interim report for Harbour & Finch reverse mentoring, as of {early}.")
    assert "average satisfaction: 4.0 / 5" in lede
    assert "Pairs still meeting: withheld;" in lede and not re.search(r"\b\d+ of 1[6-9]\b", lede)
    empty = tmp_path / "new.json"
    CohortStore.open(empty, today=lambda: today).close()
    with CohortStore.open(empty, today=lambda: today, read_only=True) as store:
        words = " ".join(to_text(cohort_report(store)).split())
    assert "No pair is confirmed yet, so there are no figures to report." in words


def _contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio between two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_html_colours_meet_contrast_in_light_and_dark(odd_cohort: CohortStore) -> None:
    page = to_html(cohort_report(odd_cohort))
    schemes = [
        dict(re.findall(r"(--[a-z]+): (#[0-9a-f]{6})", block)) for block in re.findall(r":root \{([^}]*)\}", page)
    ]
    assert len(schemes) == 2  # light, then dark
    for colours in schemes:
        for ground in ("--page", "--card"):
            assert all(_contrast(colours[text], colours[ground]) >= 4.5 for text in ("--text", "--muted", "--head"))
        assert all(_contrast(colours[bar], colours["--page"]) >= 3 for bar in ("--bar", "--before"))


def _bars(page: str) -> list[tuple[str, bool, str]]:
    """Each chart row of an HTML page: its label, whether it draws a bar, and the figure written beside it."""
    rows = re.findall(
        r'<span class="label">(.*?)</span>.*?<span class="track"[^>]*>(.*?)</span>.*?<span class="value">(.*?)</span>',
        page,
    )
    return [(html.unescape(label), 'class="bar"' in track, html.unescape(value)) for label, track, value in rows]


def test_a_withheld_figure_draws_no_bar_in_html_and_every_other_draws_one(demo_path: Path, today: date) -> None:
    # Four months in, two demo pairs have slipped behind their cadence (four people): that band is withheld.
    with CohortStore.open(demo_path, today=lambda: today, read_only=True) as store:
        page = to_html(cohort_report(store))
    rows = _bars(page)
    hidden = [row for row in rows if row[2].startswith("fewer than") or row[2] == "withheld"]
    assert {shown for *_, shown in hidden} == {"fewer than 5 people", "withheld"}
    assert not any(drawn for _, drawn, _ in hidden)
    assert all(row[1] for row in rows if row not in hidden and row[2] != "0")  # every other figure draws a bar
    assert ("slipped (50–89%)", False, "fewer than 5 people") in rows
    assert "Sessions held per month" in page and '<figure aria-labelledby="' in page


def test_long_labels_wrap_in_every_format_and_are_never_cut(tmp_path: Path, today: date) -> None:
    path = tmp_path / "finished.json"
    write_demo(path, today=today, finished=True)
    with CohortStore.open(path, today=lambda: today, read_only=True) as store:
        report = cohort_report(store)
    long = "values and expectations of different generations"  # longer than the label column
    for fmt in FORMATS:
        out = readable(export_report(report, fmt))
        assert "…" not in out, fmt
        words = " ".join(re.sub(r"<[^>]+>", " ", out).split())  # the words a reader sees, tags and wrapping aside
        assert long in words, fmt
    text = to_text(report)
    assert re.search(r"^values and expectations of different *\ngenerations +█+ +27$", text, re.MULTILINE)


def test_a_name_too_long_for_its_column_folds_in_text_and_svg_and_is_never_cut(
    hand_counted_programme: Programme,
) -> None:
    long = "Bartholomew-Fitzwilliam-Montgomery-Oyelaran-Castellanos-Smythe"  # one word, wider than its column
    people = tuple(replace(p, name=long) if p.email == "m1@x.org" else p for p in hand_counted_programme.participants)
    report = build_report(
        evaluate(replace(hand_counted_programme, participants=people), date(2026, 7, 1)), date(2026, 7, 1)
    )
    for out in (to_text(report), readable(to_svg(report))):
        assert "…" not in out
        pieces = re.findall(
            r"[A-Za-z-]*(?:Bartholomew|Fitzwilliam|Montgomery|Oyelaran|Castellanos|Smythe)[A-Za-z-]*", out
        )
        assert long in "".join(pieces)


def test_text_shows_markup_as_typed(odd_cohort: CohortStore) -> None:
    assert "<script>alert(1)</script> & [bold]Co|hort[/]" in to_text(cohort_report(odd_cohort))


def test_the_format_comes_from_the_file_name() -> None:
    assert [format_for(Path(f"r.{suffix}")) for suffix in ("html", "HTM", "svg", "txt", "md")] == [
        "html", "html", "svg", "txt", "md",
    ]  # fmt: skip
    with pytest.raises(Exception, match=r"end the file name in \.json, \.txt, \.html, \.svg or \.md"):
        format_for(Path("report.pdf"))


def test_every_format_builds_from_the_same_report(demo_path: Path, today: date) -> None:
    with CohortStore.open(demo_path, today=lambda: today, read_only=True) as store:
        report = cohort_report(store, today - timedelta(days=30))
    outputs = {fmt: readable(export_report(report, fmt)) for fmt in FORMATS}
    for fmt, out in outputs.items():
        assert ('"sessions.held"' if fmt == "json" else "Sessions held / agreed") in out, fmt
        assert str(today - timedelta(days=30)) in out, fmt


def test_the_finished_demo_gives_a_final_report_with_every_section_filled(
    tmp_path: Path, today: date, report_output: Callable[..., str]
) -> None:
    path = tmp_path / "finished.json"
    passphrases = write_demo(path, today=today, finished=True)
    assert check_cohort(path) == [] and len(passphrases) == 16  # every active pair has a passphrase
    out = report_output(path)
    assert "Interim" not in out and "Evaluation of the reverse mentoring programme" in out
    assert "net promoter score" in out and "In their words" in out
    assert re.search(r"mentor · confidence after +█+ +\d\.\d / 5\n", out)
    assert re.search(r"Would take part again +\d+ of \d+ \(\d+%\)", out)
    assert "1. Find out why mentors left the organisation" in out  # Ruby Kaur left near the end


@pytest.mark.slow  # over 5 s (--durations)
@settings(max_examples=150, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_every_format_shows_typed_text_as_typed_and_html_escapes_it(
    text: str, hand_counted_programme: Programme
) -> None:
    # The text goes into the cohort's name, a mentor's name and a pair's end reason.
    typed = f"<x-evil>[bold]{text}[/]&amp;"
    programme = hand_counted_programme
    people = tuple(replace(p, name=typed) if p.email == "m1@x.org" else p for p in programme.participants)
    pairs = {**programme.pairs, 6: replace(programme.pairs[6], end_reason=typed)}
    programme = replace(programme, settings=replace(programme.settings, name=typed), participants=people, pairs=pairs)
    report = build_report(evaluate(programme, date(2026, 7, 1)), date(2026, 7, 1))
    page = to_html(report)
    assert "<x-evil>" not in page and "&lt;x-evil&gt;[bold]" in page
    assert "[bold]" in to_text(report) and "<x-evil>" in to_text(report)


def test_a_new_empty_cohort_reports_in_every_format_without_inventing_figures(
    tmp_path: Path, today: date, report_output: Callable[..., str]
) -> None:
    path = tmp_path / "new.json"
    CohortStore.open(path, today=lambda: today).close()
    out = report_output(path)
    assert "No pair confirmed yet." in out and "No check-in has come round yet." in out
    assert not re.search(r"\d+ of \d+|\d / 5", out)  # no share and no average out of nothing
    for fmt in ("html", "svg", "md"):
        assert readable(report_output(path, "--format", fmt)).count("New cohort") >= 1


def test_the_cohort_is_read_again_only_after_a_write(demo_path: Path) -> None:
    """The report opened after the dashboard reuses the snapshot the dashboard read, unless the cohort changed."""
    from rmtui.core.report import load_programme
    from rmtui.core.sessions import list_sessions

    with CohortStore.open(demo_path, today=lambda: date(2026, 3, 16)) as store:
        first = load_programme(store)
        assert load_programme(store) is first
        store.save_settings(replace(store.settings(), name="Renamed cohort"))
        renamed = load_programme(store)
        assert renamed is not first and renamed.settings.name == "Renamed cohort"
        assert load_programme(store) is renamed
        assert len(renamed.sessions) == len(list_sessions(store))
    with CohortStore.open(demo_path, read_only=True) as other:
        assert load_programme(other) is not renamed  # another store of the same file reads it for itself


@pytest.mark.parametrize("finished", [False, True])
def test_the_first_page_from_the_meetings_alone_is_the_summary_of_the_full_sessions(
    tmp_path: Path, finished: bool
) -> None:
    """The report screen works its first page out from the snapshot the dashboard reads (the sessions' meetings
    only): every figure on it is the one the full sessions give, today and on an earlier day."""
    from rmtui.core.report import evaluate, load_programme, summarise

    today = date(2026, 3, 16)
    path = tmp_path / "demo.json"
    write_demo(path, today=today, finished=finished)
    with CohortStore.open(path, today=lambda: today) as store:
        meetings = load_programme(store, sessions=False)
        full = load_programme(store)
        assert meetings.meetings and not meetings.sessions and full.sessions and not full.meetings
        for day in (today, today - timedelta(days=60), today - timedelta(days=150)):
            assert summarise(meetings, day) == summarise(full, day)
        with pytest.raises(ValueError, match="needs the sessions themselves"):
            evaluate(meetings, today)  # its session figures would all be 0


def test_the_report_after_the_dashboard_reads_the_full_sessions(demo_path: Path) -> None:
    """The dashboard reads only the sessions' meetings; the report after it must not take that snapshot for its own."""
    from rmtui.core.report import load_programme
    from rmtui.core.sessions import list_sessions

    with CohortStore.open(demo_path, today=lambda: date(2026, 3, 16)) as store:
        dashboards = load_programme(store, sessions=False)
        assert dashboards.meetings and not dashboards.sessions
        reports = load_programme(store)
        assert len(reports.sessions) == len(list_sessions(store))
        assert load_programme(store, sessions=False) is reports, "the full snapshot serves the dashboard too"
