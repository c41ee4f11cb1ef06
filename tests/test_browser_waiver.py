"""A waiver in the HTML report, in headless Chromium: visible, with the authors' reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_git_repo

from auditor.cli import main

pytestmark = pytest.mark.browser
REASON = "numbers are in the paper's appendix; table added at camera-ready"
FILES = {
    "README.md": "# Tiny\n\n```bash\npip install -r requirements.txt\npython train.py\n```\n",
    "requirements.txt": "torch==1.4.0\n",
    "train.py": "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n",
    "pyproject.toml": f'[tool.auditor]\nfail-under = 3\nwaive = {{ results = "{REASON}" }}\n',
}


def audit_html(tmp_path: Path, *extra: str) -> Path:
    if not (tmp_path / "r").exists():
        build_git_repo(tmp_path / "r", FILES)
    out = tmp_path / ("out" + "".join(extra))
    argv = ["audit", "--repo", str(tmp_path / "r"), "--out", str(out), "-q"]
    main([*argv, "--checklist", "ml-code-completeness", "--format", "html", *extra])
    return out / "report.html"


def test_waiver_is_visible_in_chromium(chromium, tmp_path: Path) -> None:
    page = chromium.new_page()  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    html = audit_html(tmp_path)
    page.goto(html.as_uri(), wait_until="load")
    card = page.locator("#ml-code-completeness-results")
    assert card.locator(".badge.fail").inner_text().strip().lower() == "fail"
    waived = card.locator(".badge.waived")
    assert waived.is_visible() and waived.inner_text().strip().lower() == "waived"
    box = card.locator(".waiver")
    assert box.is_visible() and REASON in box.inner_text()
    assert "1 waived" in page.locator("#score-ml-code-completeness").inner_text()
    page.screenshot(path=str(tmp_path / "waiver.png"), full_page=True)
    assert requests == [html.as_uri()]
    plain = audit_html(tmp_path, "--no-waivers")
    page.goto(plain.as_uri(), wait_until="load")
    assert page.locator(".waiver").count() == 0
    assert "not applied" in page.locator("header").inner_text()
    page.close()
