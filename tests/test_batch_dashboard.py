"""The batch dashboard: expected numbers (BeautifulSoup), escaping, CSP, and headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from auditor.batch.entries import Entry
from auditor.batch.store import DB_NAME, Store
from auditor.batch.summary import PWC_NEURIPS2019, write_summary

CODE = ("dependencies", "training_code", "evaluation_code", "pretrained_models", "results")
PAPER = ("hyperparameters", "seeds", "error_bars", "compute", "code_link")
EVIL = "<script>alert(1)</script>"
# id, venue, code ticks passed (None = not audited), paper items passed
ENTRIES = [
    ("alpha", "NeurIPS", 5, ("hyperparameters", "seeds", "code_link")),
    ("beta", "NeurIPS", 3, ("hyperparameters",)),
    ("gamma", "ICML", 3, ()),
    ("delta", EVIL, 0, ("hyperparameters", "code_link")),
    ("eps", "ICML", None, ()),
]


def _spec(cid: str, checks: tuple[str, ...], requires: list[str]) -> dict[str, object]:
    return {
        "id": cid, "version": "1", "title": cid.replace("-", " ").title(),
        "requires": requires, "max_score": len(checks),
        "checks": [{"id": c, "title": c.replace("_", " "), "advisory": False} for c in checks],
    }  # fmt: skip


def _result(ticks: int, paper_pass: tuple[str, ...]) -> dict[str, object]:
    findings = [
        {"checklist": "ml-code-completeness", "check": c, "title": c, "advisory": False,
         "weight": 1, "summary": "s", "status": "pass" if i < ticks else "fail"}
        for i, c in enumerate(CODE)
    ] + [
        {"checklist": "paper-reporting", "check": c, "title": c, "advisory": False,
         "weight": 1, "summary": "s", "status": "pass" if c in paper_pass else "fail"}
        for c in PAPER
    ]  # fmt: skip
    return {
        "status": "ok", "fingerprint": "f", "tool_version": "0",
        "scores": {"ml-code-completeness": [ticks, 5], "paper-reporting": [len(paper_pass), 5]},
        "findings": findings,
    }  # fmt: skip


@pytest.fixture
def dashboard(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    with Store(out / DB_NAME) as store:
        store.add_metadata_columns(["venue"])
        store.save_checklists(
            [
                _spec("ml-code-completeness", CODE, ["repo"]),
                _spec("paper-reporting", PAPER, ["paper"]),
            ]
        )
        for n, (eid, venue, ticks, paper) in enumerate(ENTRIES, 2):
            store.mark_started(Entry(id=eid, repo=f"r/{eid}", metadata={"venue": venue}, line=n))
            if ticks is None:
                store.record_result(eid, {"status": "failed", "message": f"boom {EVIL}"})
            else:
                store.record_result(eid, _result(ticks, paper))
        write_summary(store, out, group_by="venue")
    return out / "index.html"


def _shares(soup: BeautifulSoup, selector: str) -> list[float]:
    return [float(td["data-share"]) for td in soup.select(selector)]


def test_dashboard_numbers(dashboard: Path) -> None:
    soup = BeautifulSoup(dashboard.read_text(), "html.parser")
    assert soup.find(id="count-total").text == "5"
    assert soup.find(id="count-ok").text == "4"
    assert soup.find(id="count-failed").text == "1"
    dist = 'table.dist[data-checklist="ml-code-completeness"]'
    assert _shares(soup, f"{dist} tr.ours td") == [0.25, 0, 0, 0.5, 0, 0.25]
    assert tuple(_shares(soup, f"{dist} tr.reference td")) == PWC_NEURIPS2019
    items = 'table.items[data-checklist="ml-code-completeness"] td[data-share]'
    assert _shares(soup, items) == [0.75, 0.75, 0.75, 0.25, 0.25]
    paper = soup.find(id="paper-reporting")
    assert paper is not None
    got = {tr["data-check"]: float(tr.select_one("td[data-share]")["data-share"])
           for tr in paper.select("table.items tbody tr")}  # fmt: skip
    assert got == {"hyperparameters": 0.75, "seeds": 0.25, "error_bars": 0.0, "compute": 0.0,
                   "code_link": 0.5}  # fmt: skip
    groups = {tr["data-group"]: tr for tr in soup.select("table.groups tbody tr")}
    assert set(groups) == {"NeurIPS", "ICML", EVIL}
    assert [td.text for td in groups["ICML"].select("td")][:3] == ["2", "1", "3.0"]
    # plots: one bar per score and series, heights follow the shares
    svg = soup.select_one("#cl-ml-code-completeness svg.chart")
    ours = [float(r["height"]) for r in svg.select('rect.bar[data-series="this batch"]')]
    assert len(ours) == 6 and ours[3] == pytest.approx(2 * ours[0]) and ours[1] == 0
    rows = soup.select("#entries tbody tr")
    assert [r["data-id"] for r in rows] == [e[0] for e in ENTRIES]
    assert rows[4]["data-status"] == "failed" and rows[4].find("a") is None


def test_dashboard_is_self_contained_and_escaped(dashboard: Path) -> None:
    html = dashboard.read_text()
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    code = [s for s in scripts if s.get("type") != "application/json"]
    assert len(code) == 1 and len(scripts) == 2  # ours, and the table's data (not run)
    data = json.loads(soup.select_one("script#entries-data").string)
    assert [r[0] for r in data["rows"]] == [e[0] for e in ENTRIES]
    assert EVIL in [r[3][0] for r in data["rows"]]  # the evil venue is data, shown as text
    assert EVIL in soup.get_text() and EVIL not in html
    assert not soup.select("[src], link[href]")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs and all(h.startswith("entries/") for h in hrefs)
    assert not soup.select("[style]")  # inline style attributes would break the CSP
    csp = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src 'sha256-{digest(code[0].string)}'" in csp
    assert f"style-src 'sha256-{digest(soup.style.string)}'" in csp
    assert "default-src 'none'" in csp


@pytest.mark.browser
def test_dashboard_in_chromium(dashboard: Path, chromium) -> None:
    page = chromium.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(dashboard.as_uri())
    assert problems == []  # no CSP violation, no script error
    assert requests == [dashboard.as_uri()]
    assert page.locator("#count-ok").inner_text() == "4"
    assert page.locator("svg.chart").first.is_visible()
    # filter: text, then status
    page.fill("#filter-text", "neurips")
    assert page.locator("#entries tbody tr:visible").count() == 2
    assert page.locator("#shown").inner_text() == "2"
    page.fill("#filter-text", "")
    page.select_option("#filter-status", "failed")
    assert page.locator("#entries tbody tr:visible").count() == 1
    page.select_option("#filter-status", "")
    # sort by the code score, then descending
    header = page.locator("#entries thead th", has_text="ml-code-completeness")
    header.click()
    ids = page.locator("#entries tbody tr").evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert ids[0] == "eps" and ids[1] == "delta" and ids[-1] == "alpha"
    header.click()
    ids = page.locator("#entries tbody tr").evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert ids[0] == "alpha" and ids[-1] == "eps"
    page.close()


@pytest.fixture
def big_dashboard(tmp_path: Path) -> Path:
    """2,500 entries: the table pages, filters and sorts over all of them."""
    out = tmp_path / "big"
    with Store(out / DB_NAME) as store:
        store.add_metadata_columns(["venue", "year"])
        store.save_checklists([_spec("ml-code-completeness", CODE, ["repo"]),
                               _spec("paper-reporting", PAPER, ["paper"])])  # fmt: skip
        entries = [
            Entry(id=f"e{i:04d}", repo=f"https://github.com/lab/a-rather-long-repository-{i}",
                  metadata={"venue": ("NeurIPS", "ICML")[i % 2], "year": "2019"}, line=i + 2)
            for i in range(2500)
        ]  # fmt: skip
        store.commit_batch([], entries)
        store.commit_batch([(e.id, _result(i % 6, PAPER[: i % 4])) for i, e in enumerate(entries)],
                           [])  # fmt: skip
        write_summary(store, out)
    return out / "index.html"


@pytest.mark.browser
def test_big_dashboard_pages_and_fits_the_window(big_dashboard: Path, chromium) -> None:
    soup = BeautifulSoup(big_dashboard.read_text(), "html.parser")
    assert len(soup.select("#entries tbody tr")) == 100  # the first page is in the HTML
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(big_dashboard.as_uri())
    assert problems == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # no sideways scroll
    heights = page.locator("#entries tbody tr").evaluate_all(
        "rs => rs.map(r => r.getBoundingClientRect().height)"
    )
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    assert len(heights) == 100 and max(heights) < 2 * line  # one line of text per row
    assert page.locator("#shown").inner_text() == "2500"
    assert page.locator("#page-at").inner_text() == "page 1 of 25"
    page.click("#page-next")
    ids = page.locator("#entries tbody tr").evaluate_all("rs => rs.map(r => r.dataset.id)")
    assert ids[0] == "e0100" and ids[-1] == "e0199"
    from playwright.sync_api import expect

    passing = sum(i % 6 == 5 for i in range(2500))  # results passes with 5 ticks
    page.fill("#filter-text", "results:pass")  # check:status tokens; the filter waits a moment
    expect(page.locator("#shown")).to_have_text(str(passing))
    assert page.locator("#page-at").inner_text() == "page 1 of 5"
    header = page.locator("#entries thead th", has_text="ml-code-completeness")
    header.click()
    header.click()  # descending: the best first, across every page
    scores = page.locator("#entries tbody tr td:nth-child(5) .sc").all_inner_texts()
    assert scores[0] == "5" and set(scores) == {"5"}
    page.select_option("#page-size", "1000")
    assert page.locator("#entries tbody tr").count() == passing
    page.close()
