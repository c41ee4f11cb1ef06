"""``auditor serve`` end to end in headless Chromium (JavaScript off, as the app needs none)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from serve_support import DEMO_PAPER, Server, demo_zip

from auditor.models import report_schema

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(os.environ.get("AUDITOR_SHOTS", ""))  # keep screenshots there when set


def _shot(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = SHOTS if str(SHOTS) not in ("", ".") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)
    assert (folder / name).stat().st_size > 1000


def test_reviewer_uploads_paper_and_code_and_reads_the_report(chromium, tmp_path):
    code = tmp_path / "example_project.zip"
    code.write_bytes(demo_zip())
    srv = Server(tmp_path / "data").start()
    requests: list[str] = []
    try:
        context = chromium.new_context(java_script_enabled=False, accept_downloads=True,
                                       viewport={"width": 1200, "height": 900})  # fmt: skip
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(srv.url + "/")
        page.set_input_files("input[name=paper_file]", DEMO_PAPER)
        page.set_input_files("input[name=code_file]", str(code))
        _shot(page, tmp_path, "submit.png")
        page.click("button[type=submit]")
        page.wait_for_selector("#verdicts", timeout=60_000)  # the page refreshes until done
        assert page.inner_text("#status") == "Done"
        verdicts = {
            row.get_attribute("data-check"): row.inner_text().split("\t")[2].strip().lower()
            for row in page.query_selector_all("#verdicts tbody tr")
        }
        assert verdicts["ml-code-completeness/evaluation_code"] == "pass"
        assert (
            verdicts["code-reproducibility/seeds"] == "pass"
        )  # set_seed seeds every RNG the demo uses
        assert verdicts["code-reproducibility/experiment_tracking"] == "fail"
        assert verdicts["paper-reporting/seeds"] == "pass"
        assert "Experiment tracking:" in page.input_value("#review")
        frame = page.frame_locator("iframe.report")
        assert "5 / 5" in frame.locator("#score-ml-code-completeness").inner_text()
        _shot(page, tmp_path, "job.png")
        with page.expect_download() as dl:
            page.click("text=JSON")
        report = json.loads(Path(dl.value.path()).read_text())
        jsonschema.validate(report, report_schema())
        assert report["subject"]["paper"]["source"] and report["checklists"]
        page.goto(srv.url + "/history")
        assert "example_project.zip" in page.inner_text("#history")
        _shot(page, tmp_path, "history.png")
        page.goto(page.url.replace("/history", "") + f"/jobs/{report_job(srv)}/report.html")
        _shot(page, tmp_path, "report.png")
        context.close()
    finally:
        srv.stop()
    assert all(u.startswith(srv.url) for u in requests), requests  # nothing but the app itself


def report_job(srv: Server) -> str:
    with srv.db() as db:
        return str(db.execute("SELECT id FROM jobs").fetchone()[0])
