"""Paper-reporting detectors: what a paper states about its experiments, with page quotes.

They read only the paper's body (abstract, sections, appendix, captions); the references and
any venue checklist are excluded, so a cited paper's "seed" or a checklist's guideline text is
never taken as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from auditor.detectors import Outcome, detector
from auditor.detectors.paper.rules import (
    COMPUTE_RES,
    ERROR_BAR_RES,
    SEED_RES,
    code_links,
    link_excerpt,
    results_tables,
)
from auditor.facts import Facts
from auditor.facts.literals import Screened, TextIndex, screen_all
from auditor.facts.paper import PaperFacts, Sentence
from auditor.facts.paper.quotes import excerpt, quote
from auditor.models import Evidence

MAX_EVIDENCE = 3


def paper_guard(facts: Facts) -> Outcome | None:
    """``not_applicable`` without a paper, ``unknown`` for a PDF without a text layer."""
    if facts.paper is None:
        return Outcome("not_applicable", "No paper was given.")
    if not facts.paper.has_text_layer:
        return Outcome(
            "unknown",
            "The PDF has no text layer (a scanned paper?), so its text could not be read.",
            searched=f"{facts.paper.pages} pages with {facts.paper.engine}",
        )
    return None


def find_all(
    sentences: Sequence[Sentence],
    patterns: Iterable[re.Pattern[str] | Screened],
    limit: int = MAX_EVIDENCE,
    index: TextIndex | None = None,
) -> list[Evidence]:
    """Up to ``limit`` quotes, one per sentence in order, of the first pattern that matches it.

    ``index`` (a :class:`TextIndex` of the sentences' text, in the same order:
    :meth:`PaperFacts.body_index`) limits each screened pattern to the sentences that hold
    one of its literals; without it every pattern is tried on every sentence."""
    out: list[Evidence] = []
    pats = [p if isinstance(p, Screened) else Screened.of(p) for p in patterns]
    if index is None:
        for s in sentences:
            for pat in pats:
                m = pat.pattern.search(s.text)
                if m:
                    out.append(quote(s, m))
                    break
            if len(out) >= limit:
                break
        return out
    where = [(p.pattern, index.candidates(p)) for p in pats]
    if any(c is None for _, c in where):
        order: Iterable[int] = range(len(sentences))
    else:
        order = sorted(set().union(*(c for _, c in where if c is not None)))
    for i in order:
        s = sentences[i]
        for pattern, cands in where:
            if cands is not None and i not in cands:
                continue
            m = pattern.search(s.text)
            if m:
                out.append(quote(s, m))
                break
        if len(out) >= limit:
            break
    return out


def body(paper: PaperFacts) -> tuple[Sentence, ...]:
    return paper.body_sentences()


_SEED = screen_all(SEED_RES)
_ERROR_BAR = screen_all(ERROR_BAR_RES)
_COMPUTE = screen_all(COMPUTE_RES)


def _binary(
    facts: Facts, patterns: tuple[Screened, ...], found: str, missing: str, searched: str
) -> Outcome:
    guard = paper_guard(facts)
    if guard:
        return guard
    assert facts.paper is not None
    paper = facts.paper
    ev = find_all(body(paper), patterns, index=paper.body_index())
    if ev:
        return Outcome("pass", f"{found} (page {ev[0].page}).", evidence=tuple(ev))
    return Outcome("fail", missing, searched=searched)


@detector("paper_seeds")
def paper_seeds(facts: Facts) -> Outcome:
    return _binary(
        facts,
        _SEED,
        "The paper states seeds or the number of independent runs",
        "The paper states no seed values and no number of independent runs, seeds or trials.",
        "body text, captions and appendix (not references) for seed values ('seed 42', "
        "'seeds {0, 1, 2}') and run counts ('averaged over 5 runs', '3 random seeds', "
        "'repeated 10 times', 'k-fold cross-validation')",
    )


@detector("paper_error_bars")
def paper_error_bars(facts: Facts) -> Outcome:
    return _binary(
        facts,
        _ERROR_BAR,
        "The results state their uncertainty",
        "No ± values, standard deviations/errors, confidence intervals or explained error bars "
        "or shaded regions were found for the results.",
        "body text, tables and captions (not references or checklist) for '±', 'standard "
        "deviation/error over runs', 'confidence interval', 'error bars show ...', 'shaded "
        "region indicates ...'",
    )


@detector("paper_compute")
def paper_compute(facts: Facts) -> Outcome:
    return _binary(
        facts,
        _COMPUTE,
        "The paper reports compute resources",
        "No hardware model (e.g. V100, A100, TPU v3, RTX 3090), GPU/TPU hours or training "
        "time was found.",
        "body text, tables and appendix (not references or checklist) for GPU/TPU/CPU models, "
        "GPU-hours and training or running times",
    )


@detector("paper_code_link")
def paper_code_link(facts: Facts) -> Outcome:
    guard = paper_guard(facts)
    if guard:
        return guard
    assert facts.paper is not None
    paper = facts.paper
    links = code_links(paper)
    if links:
        ev = tuple(
            Evidence(
                kind="paper", page=u.page, url=u.url, excerpt=excerpt(link_excerpt(paper, u), 0, 0)
            )
            for u in links[:MAX_EVIDENCE]
        )
        return Outcome(
            "pass",
            f"The paper links its own code: {links[0].url} (page {links[0].page}).",
            evidence=ev,
            details={"urls": [u.url for u in links]},
        )
    return Outcome(
        "fail",
        "The paper does not point to its own code repository.",
        searched="URLs in the text and PDF link annotations (GitHub, GitLab, Bitbucket, "
        "anonymous.4open.science, Hugging Face, Zenodo, shortened links, project pages named as "
        "the code location) outside the references, with 'our code is available at ...' cues",
    )


@detector("paper_results_table")
def paper_results_table(facts: Facts) -> Outcome:
    guard = paper_guard(facts)
    if guard:
        return guard
    assert facts.paper is not None
    tables = results_tables(facts.paper)
    if tables:
        ev = tuple(
            Evidence(kind="paper", page=c.page, excerpt=excerpt(c.text, 0, 0))
            for c in tables[:MAX_EVIDENCE]
        )
        return Outcome(
            "pass",
            f"{tables[0].label} reports experimental results (page {tables[0].page}).",
            evidence=ev,
        )
    n = sum(1 for c in facts.paper.captions if c.kind == "table" and c.zone == "body")
    return Outcome(
        "fail",
        "No table of experimental results (methods x metrics with numbers) was found.",
        searched=f"{n} table caption(s) and the numbers beside them; tables of hyperparameters, "
        "dataset statistics, notation or complexities do not count",
    )
