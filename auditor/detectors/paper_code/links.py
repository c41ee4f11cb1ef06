"""Cross-checks between a paper and its code: link, citation, venue-checklist answers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.detectors import Outcome, detector, run_detector
from auditor.detectors.paper.reporting import excerpt, paper_guard
from auditor.detectors.paper.rules import REPO_PATH_RE, code_links
from auditor.facts import Facts
from auditor.facts.paper import PaperFacts
from auditor.models import Evidence

ARXIV_IN_TEXT_RE = re.compile(r"\barXiv:\s*(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


def repo_key(url: str) -> str | None:
    """``host/owner/repo`` in lower case for http(s), ssh and scp-like git URLs."""
    u = url.strip().lower()
    u = re.sub(r"^git@([^:]+):", r"\1/", u)
    u = re.sub(r"^[a-z+]+://(?:[^@/]+@)?", "", u)
    u = u.removeprefix("www.")
    m = REPO_PATH_RE.match(u)
    if not m:
        return None
    key = m.group(0)
    return re.sub(r"\.git$", "", key.rstrip("/."))


# the first path part after owner/repo that is one of the host's own pages, not a folder
_HOST_ROUTES = frozenset(
    "issues pulls pull wiki releases actions commit commits compare discussions projects "
    "security pulse graphs settings tags branches archive raw network stargazers watchers "
    "forks milestones labels packages".split()
)  # fmt: skip


def linked_folder(paper: PaperFacts, repo_urls: tuple[str, ...], dirs: frozenset[str]) -> str:
    """The repository folder the paper's code link points into (``github.com/o/r/tree/main/
    sub``, ``github.com/o/r/blob/main/sub/train.py``, ``github.com/o/r/sub``), when that
    folder is in the audited tree and the link names this repository (or the repository's URL
    is not known): in a repository that holds several projects, the paper's code. ``dirs``
    holds the tree's folders; "" when no link names one."""
    own = {k for k in map(repo_key, repo_urls) if k}
    by_lower = {d.lower(): d for d in dirs}
    for u in code_links(paper):
        key = repo_key(u.url)
        if key is None or (own and key not in own):
            continue
        rest = re.sub(r"^[a-z+]+://", "", u.url.strip(), flags=re.I)
        rest = rest.split("?", 1)[0].split("#", 1)[0]
        parts = [p for p in rest.rstrip("/.").split("/") if p][3:]
        if not parts or parts[0].lower() in _HOST_ROUTES:
            continue
        if parts[0].lower() in ("tree", "blob"):
            parts = parts[2:]  # the ref (a branch with a slash finds no folder below)
        for end in range(len(parts), 0, -1):
            folder = by_lower.get("/".join(parts[:end]).lower())
            if folder:
                return folder
    return ""


def _repo_urls(facts: Facts) -> tuple[str, ...]:
    return tuple(getattr(facts.repo, "source_urls", ()) or ())


def _both_guard(facts: Facts) -> Outcome | None:
    """The outcome when the paper cannot be judged or no repository was given, else None."""
    guard = paper_guard(facts)
    if guard:
        return guard
    if facts.repo is None:
        return Outcome("not_applicable", "No repository was given.")
    return None


@detector("code_link_matches_repo")
def code_link_matches_repo(facts: Facts) -> Outcome:
    guard = _both_guard(facts)
    if guard:
        return guard
    assert facts.paper is not None
    links = code_links(facts.paper)
    if not links:
        return Outcome(
            "fail",
            "The paper has no link to its code, so readers cannot find this repository from it.",
            searched="the paper's own code URLs (see code_link)",
        )
    ev = tuple(
        Evidence(kind="paper", page=u.page, url=u.url, excerpt=excerpt(u.context, 0, 0))
        for u in links[:3]
    )
    repo_keys = {k for k in map(repo_key, _repo_urls(facts)) if k}
    paper_keys = {k for k in (repo_key(u.url) for u in links) if k}
    if not repo_keys:
        return Outcome(
            "unknown",
            "The audited repository's URL is not known (no URL given and no "
            "git remote), so the paper's link cannot be compared.",
            evidence=ev,
        )
    if repo_keys & paper_keys:
        match = sorted(repo_keys & paper_keys)[0]
        return Outcome("pass", f"The paper links to this repository ({match}).", evidence=ev)
    if not paper_keys:
        return Outcome(
            "unknown",
            f"The paper's code link ({links[0].url}) is a project page, "
            "not a repository URL, so it cannot be compared.",
            evidence=ev,
        )
    return Outcome(
        "fail",
        f"The paper links to a different repository ({sorted(paper_keys)[0]}) "
        f"than the one audited ({sorted(repo_keys)[0]}).",
        evidence=ev,
        details={"paper": sorted(paper_keys), "repo": sorted(repo_keys)},
    )


def paper_ids(paper: PaperFacts) -> dict[str, str]:
    """arXiv id, DOI and title of the paper, as far as its first pages and source show them."""
    ids: dict[str, str] = {}
    if paper.arxiv_id:
        ids["arXiv id"] = re.sub(r"v\d+$", "", paper.arxiv_id)
    head = "\n".join(paper.page_texts[:2])
    m = ARXIV_IN_TEXT_RE.search(head)
    if m and "arXiv id" not in ids:
        ids["arXiv id"] = m.group(1)
    m = DOI_RE.search("\n".join(paper.page_texts[:1]))
    if m:
        ids["DOI"] = m.group(1).rstrip(".,;)")
    if paper.title and len(paper.title.split()) >= 3:
        ids["title"] = paper.title
    return ids


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@detector("readme_cites_paper")
def readme_cites_paper(facts: Facts) -> Outcome:
    guard = _both_guard(facts)
    if guard:
        return guard
    assert facts.paper is not None
    ids = paper_ids(facts.paper)
    docs = list(getattr(facts.repo, "readme_docs", ()) or ())
    searched = f"README for the paper's {', '.join(ids) or 'identifiers'}"
    if not docs:
        return Outcome("fail", "The repository has no README to cite the paper.", searched=searched)
    for doc in docs:
        lines = list(doc.lines)
        flat = _words(" ".join(lines))
        for kind, value in ids.items():
            needle = _words(value) if kind == "title" else value.lower()
            hay = flat if kind == "title" else "\n".join(lines).lower()
            if needle and needle in hay:
                line = next(
                    (
                        i + 1
                        for i, ln in enumerate(lines)
                        if (kind != "title" and needle in ln.lower())
                        or (kind == "title" and _words(ln).find(needle[:40]) >= 0)
                    ),
                    None,
                )
                ev = Evidence(
                    kind="file",
                    path=doc.path,
                    line=line,
                    excerpt=(lines[line - 1].strip()[:200] if line else value),
                )
                return Outcome("pass", f"The README cites the paper by its {kind}.", evidence=(ev,))
    return Outcome(
        "fail",
        "The README does not cite the paper (no arXiv id, DOI or title).",
        searched=searched,
        details={"ids": ids},
    )


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # Yes | No | NA
    page: int


ANSWER_RE = re.compile(r"\[(Yes|No|NA|N/A|TODO)\]", re.I)
ITEM_RE = re.compile(r"^(?:\d{1,2}\.|\([a-h]\)|[A-E]\d{1,2}\.?)\s")
TOPICS = {
    "training details": (
        re.compile(
            r"training (?:and test )?details|hyper-?parameters|"
            r"experimental (?:setting|details)",
            re.I,
        ),
        "paper_hyperparameters",
    ),
    "error bars": (re.compile(r"error bars|statistical significance", re.I), "paper_error_bars"),
    "compute": (
        re.compile(r"\bcompute\b|comput\w+ resources|type of (?:GPUs|compute)", re.I),
        "paper_compute",
    ),
}


def checklist_answers(paper: PaperFacts) -> list[Answer]:
    out: list[Answer] = []
    buf: list[str] = []
    skipping = False
    for ln in paper.zone_lines("checklist"):
        text = ln.text
        if text.startswith(("Guidelines", "Justification")):
            skipping = True
            continue
        if ITEM_RE.match(text) or text.startswith("Question"):
            buf, skipping = [] if ITEM_RE.match(text) else buf, False
        if skipping:
            continue
        m = ANSWER_RE.search(text)
        buf.append(text[: m.start()] if m else text)
        if m:
            ans = m.group(1).upper().replace("N/A", "NA")
            out.append(
                Answer(" ".join(buf).strip()[-400:], "NA" if ans == "NA" else ans.title(), ln.page)
            )
            buf, skipping = [], True
    return out


@detector("venue_checklist")
def venue_checklist(facts: Facts) -> Outcome:
    guard = paper_guard(facts)
    if guard:
        return guard
    assert facts.paper is not None
    answers = checklist_answers(facts.paper)
    if not answers:
        return Outcome("not_applicable", "The paper embeds no venue checklist with answers.")
    flagged: list[tuple[str, Answer]] = []
    backed: list[tuple[str, Answer]] = []
    for a in answers:
        if a.answer != "Yes":
            continue
        for topic, (pat, det) in TOPICS.items():
            if pat.search(a.question):
                status = run_detector(det, facts, {}).status
                ok = (
                    status in ("pass", "partial")
                    if det == "paper_hyperparameters"
                    else (status == "pass")
                )
                (backed if ok else flagged).append((topic, a))
                break
    ev = tuple(
        Evidence(kind="paper", page=a.page, excerpt=f"[Yes] {excerpt(a.question, 0, 0)}")
        for _, a in flagged[:5]
    )
    if flagged:
        topics = ", ".join(sorted({t for t, _ in flagged}))
        return Outcome(
            "fail",
            f"The checklist answers [Yes] on {topics}, but the paper body shows no such evidence.",
            evidence=ev,
            details={"flagged": [t for t, _ in flagged]},
        )
    return Outcome(
        "pass",
        f"{len(answers)} checklist answers parsed; every [Yes] on training "
        "details, error bars or compute is backed by the body.",
        details={"answers": len(answers), "checked": [t for t, _ in backed]},
    )
