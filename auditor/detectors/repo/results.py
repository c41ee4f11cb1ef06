"""README results: a table of results with the precise commands that reproduce it."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.facts import Facts
from auditor.facts.evidence import command_lines, doc_ev, first, link_ev
from auditor.facts.markdown import Table
from auditor.models import Evidence

RESULTS_HEADING = re.compile(
    r"result|performance|benchmark|accuracy|evaluation|experiment|reproduc|leaderboard|"
    r"comparison|score|main table|model zoo|pre-?trained",
    re.I,
)
NOT_RESULTS = re.compile(
    r"hyper-?param|argument|option|flag|parameter\b|default|config|dataset statistics|"
    r"requirement|version|environment|license|citation|todo|changelog",
    re.I,
)


class ResultsParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_numeric_cells: int = 2


def _is_results_table(table: Table, min_numeric: int) -> bool:
    if table.numeric_cells < min_numeric:
        return False
    header = " ".join(table.header)
    if NOT_RESULTS.search(header) and not RESULTS_HEADING.search(header):
        return False
    if (
        table.heading
        and NOT_RESULTS.search(table.heading)
        and not RESULTS_HEADING.search(table.heading)
    ):
        return False
    return True


@detector("results", ResultsParams)
def results(facts: Facts, min_numeric_cells: int) -> Outcome:
    repo = facts.repo
    assert repo is not None
    tables: list[Evidence] = []
    images: list[Evidence] = []
    commands: list[Evidence] = []
    for doc in repo.readme_docs:
        for t in doc.tables:
            if _is_results_table(t, min_numeric_cells):
                head = " | ".join(t.header)[:150]
                tables.append(doc_ev(doc, t.line, f"table: {head} ({len(t.rows)} rows)"))
        for lk in doc.links:
            if lk.image and lk.heading and RESULTS_HEADING.search(lk.heading):
                images.append(link_ev(doc, lk))
        commands += [doc_ev(doc, ln, cmd) for ln, cmd, _h in command_lines(doc)]
    run_cmds = [
        c
        for c in commands
        if not re.search(r"\b(pip3?|conda|apt(-get)?|git\s+clone|cd)\b", c.excerpt or "")
    ]
    searched = (
        f"{len(repo.readme_docs)} README document(s) (the root README and in-repo docs it links to) "
        "for Markdown/HTML tables with numeric cells and for shell commands in code blocks"
    )
    if not repo.readme_docs:
        return Outcome("fail", "no README found", (), "the repository root for README.md/.rst/.txt")
    if tables and run_cmds:
        return Outcome(
            "pass", f"{len(tables)} results table(s) and {len(run_cmds)} command(s) in the README",
            first(tables[:3] + run_cmds[:3]),
        )  # fmt: skip
    if tables:
        return Outcome(
            "partial", f"{len(tables)} results table(s) but no commands that reproduce them",
            first(tables), searched,
            advice="Add the exact command that produces each row of the table.",
        )  # fmt: skip
    if images:
        return Outcome(
            "partial", "results are shown only as image(s); no table of numbers",
            first(images + run_cmds[:2]), searched,
            advice="Put the main numbers in a Markdown table (images cannot be searched or copied).",
        )  # fmt: skip
    return Outcome("fail", "no results table in the README", (), searched)
