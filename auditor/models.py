"""Frozen data models. The JSON report is ``Report.model_dump(mode="json")``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Status = Literal["pass", "partial", "fail", "not_applicable", "unknown", "error"]
STATUSES: tuple[str, ...] = ("pass", "partial", "fail", "not_applicable", "unknown", "error")
EvidenceKind = Literal["file", "url", "paper", "note"]
LinkState = Literal["alive", "dead", "forbidden", "unreachable"]
Durability = Literal["archival", "platform", "personal", "other"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(Frozen):
    """One thing a reviewer can check: a file line, a link under a heading, a paper quote."""

    kind: EvidenceKind
    path: str | None = None
    line: int | None = None
    url: str | None = None
    heading: str | None = None
    page: int | None = None
    excerpt: str | None = None


class Waiver(Frozen):
    """The authors' reason for accepting a finding (their configuration file). A waived finding
    keeps its status and evidence; only the release gate (``--fail-under``) leaves it out."""

    reason: str
    source: str  # the file in the audited repository that holds the waiver


class Finding(Frozen):
    check: str
    title: str
    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    advice: str | None = None
    searched: str | None = None
    advisory: bool = False
    weight: int = 1
    details: dict[str, object] = Field(default_factory=dict)
    why: str | None = None  # the checklist's reason for the check
    fix: str | None = None  # the checklist's general fix (``advice`` adds the finding's own)
    waiver: Waiver | None = None


class ChecklistResult(Frozen):
    id: str
    title: str
    version: str
    source_url: str | None = None
    score: int
    max_score: int
    findings: tuple[Finding, ...]


class RepoSubject(Frozen):
    source: str
    commit: str | None = None
    commit_date: str | None = None
    ref: str | None = None
    at: str | None = None
    kind: str = "directory"


class PaperSubject(Frozen):
    source: str
    sha256: str | None = None
    pages: int = 0
    title: str | None = None
    engine: str | None = None


class Subject(Frozen):
    repo: RepoSubject | None = None
    paper: PaperSubject | None = None


class LinkCheck(Frozen):
    """One link cited by the evidence, resolved over the network (``--check-links``)."""

    url: str
    state: LinkState
    http_status: int | None = None
    final_url: str | None = None  # after redirects, when it differs
    durability: Durability = "other"
    detail: str | None = None
    checks: tuple[str, ...] = ()  # "checklist/check" of the findings that cite it


class AuthorsConfig(Frozen):
    """What the audited repository's own configuration contributed to this audit."""

    path: str  # pyproject.toml or .auditor.toml
    fail_under: int | None = None
    waivers: int = 0  # waivers the file declares
    waivers_applied: bool = True  # False with --no-waivers


class ToolInfo(Frozen):
    name: str = "auditor"
    version: str


class Report(Frozen):
    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    created: str
    subject: Subject
    checklists: tuple[ChecklistResult, ...]
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = Field(default_factory=dict)
    links_checked: bool = False  # --check-links: every cited link resolved, see ``links``
    links: tuple[LinkCheck, ...] = ()
    config: AuthorsConfig | None = None

    def checklist(self, checklist_id: str) -> ChecklistResult | None:
        for c in self.checklists:
            if c.id == checklist_id:
                return c
        return None


def report_schema() -> dict[str, object]:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/auditor-dev/auditor/schema/report-v1.json"
    return schema
