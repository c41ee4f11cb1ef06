"""The GitHub Action's step (action.yml): audit the workspace, write the Markdown job summary
and the step outputs, and exit with auditor's code (1 below --fail-under).

Runs anywhere with the GITHUB_* variables set, e.g. locally:

    GITHUB_WORKSPACE=. GITHUB_STEP_SUMMARY=/tmp/summary.md GITHUB_OUTPUT=/tmp/out \\
        RUNNER_TEMP=/tmp INPUT_FAIL_UNDER=3 python action/run.py

Inputs come as environment variables (INPUT_PAPER, INPUT_CHECKLIST, INPUT_FAIL_UNDER,
INPUT_FORMAT, INPUT_ARGS), never spliced into a shell command.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

ALWAYS = ("json", "md", "sarif")
MAX_SUMMARY = 1000 * 1024  # GitHub caps a step summary at 1 MiB


def _split(value: str) -> list[str]:
    return [x for x in re.split(r"[\s,]+", value.strip()) if x]


def _in_workspace(workspace: Path, value: str) -> str:
    """A relative path that exists in the workspace is passed as a path there."""
    candidate = workspace / value
    return str(candidate) if not os.path.isabs(value) and candidate.exists() else value


def build_command(env: Mapping[str, str], workspace: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "auditor", "audit", "--repo", str(workspace), "--out", str(out)]
    formats = dict.fromkeys([*ALWAYS, *_split(env.get("INPUT_FORMAT", ""))])
    for fmt in formats:
        cmd += ["--format", fmt]
    if env.get("INPUT_PAPER", "").strip():
        cmd += ["--paper", _in_workspace(workspace, env["INPUT_PAPER"].strip())]
    for name in _split(env.get("INPUT_CHECKLIST", "")):
        cmd += ["--checklist", _in_workspace(workspace, name)]
    fail_under = env.get("INPUT_FAIL_UNDER", "").strip()
    if fail_under:
        if not fail_under.isdigit():
            raise ValueError(f"fail-under must be a whole number, got {fail_under!r}")
        cmd += ["--fail-under", fail_under]
    return cmd + shlex.split(env.get("INPUT_ARGS", ""))


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)


def summarise(env: Mapping[str, str], out: Path, code: int) -> None:
    """Job summary (the Markdown report) and outputs (score, max-score, report-dir, sarif)."""
    outputs = {"report-dir": str(out), "sarif": str(out / "report.sarif")}
    report = out / "report.json"
    if code in (0, 1) and report.is_file():
        data = json.loads(report.read_text(encoding="utf-8"))
        if data.get("checklists"):
            first = data["checklists"][0]
            outputs.update(score=str(first["score"]), **{"max-score": str(first["max_score"])})
        md = (out / "report.md").read_text(encoding="utf-8")
        if len(md.encode()) > MAX_SUMMARY:
            md = (
                md.encode()[:MAX_SUMMARY].decode(errors="ignore")
                + "\n\n(truncated; see report.md)\n"
            )
        _append(env.get("GITHUB_STEP_SUMMARY"), md + "\n")
    else:
        _append(
            env.get("GITHUB_STEP_SUMMARY"), f"auditor could not audit (exit {code}); see the log.\n"
        )
    lines = "".join(f"{k}={v}\n" for k, v in outputs.items() if "\n" not in v)
    _append(env.get("GITHUB_OUTPUT"), lines)


def main(env: Mapping[str, str] = os.environ) -> int:
    workspace = Path(env.get("GITHUB_WORKSPACE") or os.getcwd()).resolve()
    temp = env.get("RUNNER_TEMP") or tempfile.mkdtemp(prefix="auditor-action-")
    out = Path(temp) / "auditor-report"
    try:
        cmd = build_command(env, workspace, out)
    except ValueError as exc:
        print(f"auditor action: error: {exc}", file=sys.stderr)
        return 2
    print("+ " + shlex.join(cmd[1:]), flush=True)
    code = subprocess.run(cmd, check=False).returncode
    summarise(env, out, code)
    return code


if __name__ == "__main__":
    sys.exit(main())
