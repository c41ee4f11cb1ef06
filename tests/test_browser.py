"""The HTML report in headless Debian Chromium: rendered text, no script, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HOSTILE_FILES, build_git_repo, hostile_report

from auditor.cli import main
from auditor.renderers import render_html

pytestmark = pytest.mark.browser


def load(browser, path: Path, shot: Path) -> tuple[str, dict[str, list[str]]]:
    """Open a report from disk; return its rendered text and what the page tried to do."""
    seen: dict[str, list[str]] = {"dialogs": [], "console": [], "errors": [], "requests": []}
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on(
        "console",
        lambda m: seen["console"].append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # give any injected timer or onerror a chance to fire
    text = page.inner_text("body")
    page.screenshot(path=str(shot), full_page=True)
    context.close()
    return text, seen


def assert_quiet(seen: dict[str, list[str]], path: Path) -> None:
    assert seen["dialogs"] == [], seen["dialogs"]
    assert seen["console"] == [], seen["console"]
    assert seen["errors"] == [], seen["errors"]
    assert seen["requests"] == [path.as_uri()], seen["requests"]


def test_demo_report_renders(chromium, tmp_cwd: Path) -> None:
    assert main(["demo", "-q", "--checklist", "ml-code-completeness"]) == 0
    html = tmp_cwd / "reports/demo/report.html"
    shot = tmp_cwd.parent / "demo.png"
    text, seen = load(chromium, html, shot)
    assert_quiet(seen, html)
    assert "Reproducibility audit" in text
    assert "ML Code Completeness Checklist" in text and "5 / 5" in text
    for title in ("Dependencies", "Training code", "Evaluation code", "Pre-trained models"):
        assert title in text
    assert shot.stat().st_size > 10_000


def test_hostile_report_runs_no_script(chromium, tmp_path: Path) -> None:
    html = tmp_path / "hostile.html"
    html.write_text(render_html(hostile_report()), encoding="utf-8")
    text, seen = load(chromium, html, tmp_path / "hostile.png")
    assert_quiet(seen, html)
    assert '<script>alert("xss-script")</script>' in text
    assert '<img src=x onerror=alert("xss-img")>' in text
    assert "javascript:alert('xss-js')" in text
    assert (tmp_path / "hostile.png").stat().st_size > 10_000


def test_hostile_repo_report_in_browser(chromium, tmp_path: Path) -> None:
    build_git_repo(tmp_path / "evil", HOSTILE_FILES)
    out = tmp_path / "out"
    argv = ["audit", "--repo", str(tmp_path / "evil"), "--out", str(out), "-q"]
    assert main([*argv, "--checklist", "ml-code-completeness"]) == 0
    text, seen = load(chromium, out / "report.html", tmp_path / "evil.png")
    assert_quiet(seen, out / "report.html")
    assert "train_\"><img src=x onerror=alert('xss-name')>.py" in text
