"""The one-file HTML report, and both pictures opened in a real browser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from _browser import chromium, pixels, screenshot
from systemsreview import Review, Sensitivity
from systemsreview.cli import main
from systemsreview.examples import domestic_abuse_review
from systemsreview.io.diagram import to_svg
from systemsreview.io.report import to_html
from systemsreview.rules import redact
from systemsreview.strategies import reviews


class _Outline(HTMLParser):
    """Tags, headings and ids of a page, and whether every element closes in order."""

    VOID = frozenset({"meta", "br", "img", "link", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.ids += [value or "" for name, value in attrs if name == "id"]
        if tag not in self.VOID:
            self.stack.append(tag)
        self._heading = tag in {"h1", "h2", "h3"}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.ids += [value or "" for name, value in attrs if name == "id"]

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}>"
        self.stack.pop()
        self._heading = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading:
            self.headings.append(data)


def _outline(page: str) -> _Outline:
    outline = _Outline()
    outline.feed(page)
    outline.close()
    assert outline.stack == []
    return outline


def test_report_has_every_section_a_board_expects() -> None:
    review = domestic_abuse_review()
    page = to_html(review)
    outline = _outline(page)
    for heading in (
        "The case in brief",
        "Agencies",
        "Timeline",
        "Key practice episodes",
        "The AcciMap",
        "Findings",
        "Integrity check",
        "Sources",
    ):
        assert heading in outline.headings
    for landmark in ("header", "nav", "main", "footer", "section", "figure"):
        assert landmark in outline.tags
    text = re.sub(r"\s+", " ", " ".join(outline.text))
    for episode in review.episodes:
        assert episode.title in text
        assert episode.view_at_the_time in text
    finding = review.findings[0]
    for part in (finding.in_this_case, finding.why_not_a_one_off, finding.why_it_matters):
        assert part in text
    for question in finding.questions:
        assert question in text
    assert "Questions for the board" in text
    assert "Evidence trail" in text
    assert "0 errors" in text or "0 error(s)" in text
    assert len(outline.ids) == len(set(outline.ids)), "ids must be unique"


def test_report_is_self_contained_and_printable() -> None:
    page = to_html(domestic_abuse_review())
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page
    assert "@media print" in page
    assert "break-before: page" in page
    assert 'lang="en"' in page
    assert 'role="img" aria-label="AcciMap' in page


def test_hostile_text_cannot_inject_markup() -> None:
    review = domestic_abuse_review()
    finding = attrs.evolve(
        review.findings[0],
        statement='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        questions=("Is </section> safe?",),
    )
    page = to_html(attrs.evolve(review, findings=(finding,)))
    outline = _outline(page)
    assert "script" not in outline.tags
    assert "img" not in outline.tags
    assert '<script>alert("x")</script>' in "".join(outline.text)


def _restricted(review: Review) -> set[str]:
    texts = set()
    for event in review.events:
        if event.sensitivity is Sensitivity.RESTRICTED:
            texts |= {event.id, event.description}
    for source in review.sources:
        if source.sensitivity is Sensitivity.RESTRICTED:
            texts |= {source.id, source.description}
    return texts


def _public(review: Review) -> set[str]:
    public = redact(review)
    return {e.description for e in public.events} | {s.description for s in public.sources}


def _leaks(review: Review, page: str) -> list[str]:
    text = " ".join(_outline(page).text)
    attributes = " ".join(re.findall(r'(?:id|href|data-id)="([^"]*)"', page))
    public = _public(review)
    return [
        secret
        for secret in _restricted(review)
        if not any(secret in kept for kept in public)
        and (secret in text or re.search(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", attributes))
    ]


def test_redacted_report_holds_no_restricted_text_or_id() -> None:
    review = domestic_abuse_review()
    secrets = _restricted(review)
    assert {"s-police-records", "Police domestic abuse incident logs"} <= secrets
    assert _leaks(review, to_html(review)), "the full report shows restricted sources"
    page = to_html(review, redacted=True)
    assert _leaks(review, page) == []
    assert "Redacted" in page


def _marked(review: Review) -> tuple[Review, list[str]]:
    """The review with each restricted event and source given an unmistakable id and text."""
    counts: dict[str, int] = {}
    for entity in review.entities():
        counts[entity.id] = counts.get(entity.id, 0) + 1
    renamed: dict[str, str] = {}
    markers: list[str] = []

    def mark(entity: object, number: int) -> object:
        if entity.sensitivity is not Sensitivity.RESTRICTED:  # type: ignore[attr-defined]
            return entity
        text = f"zqxsecret{number}text"
        markers.append(text)
        changes: dict[str, object] = {"description": text}
        if counts[entity.id] == 1:  # type: ignore[attr-defined]
            renamed[entity.id] = changes["id"] = f"zqxsecret{number}id"  # type: ignore[attr-defined]
            markers.append(renamed[entity.id])  # type: ignore[attr-defined]
        return attrs.evolve(entity, **changes)  # type: ignore[misc]

    events = tuple(mark(e, n) for n, e in enumerate(review.events))
    sources = tuple(mark(s, n + len(events)) for n, s in enumerate(review.sources))
    links = tuple(
        attrs.evolve(
            link,
            source=renamed.get(link.source, link.source),
            target=renamed.get(link.target, link.target),
        )
        for link in review.links
    )
    marked = attrs.evolve(review, events=events, sources=sources, links=links)
    return marked, markers


@settings(max_examples=10, deadline=None)
@given(review=reviews())
def test_any_redacted_report_leaks_nothing(review: Review) -> None:
    marked, markers = _marked(review)
    page = to_html(marked, redacted=True)
    _outline(page)
    assert [m for m in markers if m in page] == []
    everything = to_html(marked)
    assert all(m in everything for m in markers if m.endswith("text"))


def test_cli_writes_svg_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, page, public = tmp_path / "a.svg", tmp_path / "r.html", tmp_path / "p.html"
    assert main(["graph", "example", "--format", "svg", "-o", str(svg)]) == 0
    assert ET.parse(svg).getroot().attrib["viewBox"].startswith("0 0 ")
    assert main(["graph", "example", "--format", "svg", "--focus", "finding-voice-of-child"]) == 0
    assert capsys.readouterr().out.startswith("<svg")
    assert main(["report", "example", "-o", str(page)]) == 0
    assert main(["report", "example", "--redacted", "-o", str(public)]) == 0
    assert "Police domestic abuse incident logs" in page.read_text(encoding="utf-8")
    assert "Police domestic abuse incident logs" not in public.read_text(encoding="utf-8")


def test_cli_bad_svg_options_exit_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "example", "--format", "svg", "--focus", "kpe-school-talks"]) == 2
    assert "not a finding" in capsys.readouterr().err
    assert main(["graph", "example", "--format", "svg", "--levels", "regional"]) == 2
    assert "choose from frontline" in capsys.readouterr().err
    assert main(["graph", "example", "--format", "dot", "--focus", "finding-voice-of-child"]) == 2
    assert "add --format svg" in capsys.readouterr().err


def _browser_or_skip() -> None:
    if chromium() is None:
        pytest.skip("no Chromium found (apt-get install -y chromium); browser rendering not tested")


def _rendered(path: Path, width: int, height: int) -> list[tuple[int, ...]]:
    out = path.with_suffix(".png")
    run = screenshot(path, out, width, height)
    assert run.returncode == 0, run.stderr[-2000:]
    got_width, got_height, rows = pixels(out.read_bytes())
    assert (got_width, got_height) == (width, height)
    return rows


def _near(pixel: tuple[int, ...], colour: str) -> bool:
    target = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return all(abs(a - b) <= 24 for a, b in zip(pixel[:3], target, strict=True))


def test_chromium_renders_the_accimap(tmp_path: Path) -> None:
    _browser_or_skip()
    path = tmp_path / "accimap.svg"
    path.write_text(to_svg(domestic_abuse_review()), encoding="utf-8")
    rows = _rendered(path, 1000, 700)
    ink = sum(1 for p in rows if p[0] < 200 or p[1] < 200 or p[2] < 200)
    assert 0.01 < ink / len(rows) < 0.9, "the picture is blank or flooded"
    assert sum(_near(p, "#fbe3d6") for p in rows) > 2000, "no hindering box drawn"
    assert sum(_near(p, "#dcebf5") for p in rows) > 500, "no supportive box drawn"


def test_chromium_renders_the_report(tmp_path: Path) -> None:
    _browser_or_skip()
    path = tmp_path / "report.html"
    path.write_text(to_html(domestic_abuse_review()), encoding="utf-8")
    rows = _rendered(path, 900, 700)
    ink = sum(1 for p in rows if p[0] < 128 and p[1] < 128 and p[2] < 128)
    assert 0.005 < ink / len(rows) < 0.5, "the report is blank or flooded"
