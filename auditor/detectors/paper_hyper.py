"""The hyperparameters check: which core training settings a paper states, and how they were chosen.

Core settings: optimizer, learning rate (or schedule), batch size, training length. They are read
from body sentences (not references, checklist, proofs, sampling or test-time sections), from
hyperparameter table rows and columns, and from a value that extraction pushed below a table
("Learning rate is" ... "fixed to 10−3"). A paper that trains nothing is ``not_applicable``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.detectors import Outcome, detector
from auditor.detectors.paper import excerpt, paper_guard, quote
from auditor.detectors.paper_hyper_rules import (
    BATCH_RE,
    CONTINUATION_RE,
    DANGLING_LR_RE,
    FULL_BATCH_RE,
    HP_WORD_RE,
    HYPOTHETICAL_RE,
    LEARNING_RATE_RES,
    LENGTH_RE,
    LENGTH_ROW_RE,
    LENGTH_WORDS,
    LR_CELL_RE,
    LR_HEADER_RE,
    LR_WORDS,
    NO_TRAINING_RE,
    NOT_OWN_SECTIONS,
    NOT_TRAINING_CONTEXT_RE,
    NOT_TRAINING_SECTION_RE,
    OPTIMIZER_RE,
    OTHER_RE,
    OWN_TRAINING_RE,
    TRAIN_WORD_RE,
    TUNING,
    TUNING_WORDS,
    has_any,
)
from auditor.facts import Facts
from auditor.facts.paper import PaperFacts, Sentence
from auditor.facts.paper_structure import Line
from auditor.models import Evidence

CORE = ("optimizer", "learning rate", "batch size", "training length")
PREFERRED_KINDS = {"implementation": 2, "appendix": 1, "experiments": 1}
MAX_TUNING = 3
GENERIC_TUNING = "tuned (method not named)"


@dataclass(frozen=True)
class Hit:
    evidence: Evidence
    rank: int  # higher is a better place to quote from


def _kinds(paper: PaperFacts) -> dict[str, str]:
    return {s.title: s.kind for s in paper.sections}


@lru_cache(maxsize=4096)
def _training_section(section: str) -> bool:
    return not (section and NOT_TRAINING_SECTION_RE.search(section))


def _usable(section: str, kinds: dict[str, str]) -> bool:
    """Sections whose settings are training settings of the paper's own models."""
    if not _training_section(section):
        return False
    return kinds.get(section, "") not in ("introduction", "related", "background")


def _training_context(text: str, m: re.Match[str]) -> bool:
    """False when the match sits in a sampling / denoising / test-time phrase."""
    return not NOT_TRAINING_CONTEXT_RE.search(text[max(0, m.start() - 50) : m.end() + 15])


def _length_match(text: str) -> re.Match[str] | None:
    if not has_any(text, LENGTH_WORDS):
        return None
    for m in LENGTH_RE.finditer(text):
        if not _training_context(text, m):
            continue
        word = m.group(0).lower()
        rest = text[: m.start()] + " " + text[m.end() :]
        if re.search(r"epoch|training|gradient|update|optimi", word) or TRAIN_WORD_RE.search(rest):
            return m
    return None


def _lr_match(text: str) -> re.Match[str] | None:
    if not has_any(text, LR_WORDS):
        return None
    for pat in LEARNING_RATE_RES:
        for m in pat.finditer(text):
            if _training_context(text, m):
                return m
    return None


def _sentence_hits(s: Sentence) -> dict[str, re.Match[str]]:
    text = s.text
    found: dict[str, re.Match[str] | None] = {
        "optimizer": OPTIMIZER_RE.search(text),
        "learning rate": _lr_match(text),
        "batch size": BATCH_RE.search(text),
        "training length": _length_match(text),
        "other": OTHER_RE.search(text),
    }
    return {k: m for k, m in found.items() if m}


def _line_evidence(ln: Line, text: str) -> Evidence:
    return Evidence(
        kind="paper", page=ln.page, excerpt=excerpt(text, 0, 0), heading=ln.section or None
    )


def _table_hits(paper: PaperFacts, kinds: dict[str, str]) -> dict[str, list[Hit]]:
    """Hyperparameter table rows/columns and values pushed below a float, read line by line."""
    out: dict[str, list[Hit]] = {}
    lines = paper.lines
    for i, ln in enumerate(lines):
        if ln.zone != "body" or ln.heading or not _usable(ln.section, kinds):
            continue
        rank = PREFERRED_KINDS.get(kinds.get(ln.section, ""), 0)
        if LENGTH_ROW_RE.match(ln.text):
            out.setdefault("training length", []).append(Hit(_line_evidence(ln, ln.text), rank))
        lr_words = has_any(ln.text, LR_WORDS)
        header = lr_words and LR_HEADER_RE.search(ln.text) and _is_header(ln.text)
        dangling = lr_words and DANGLING_LR_RE.search(ln.text)
        if not (header or dangling):
            continue
        after = [x for x in lines[i + 1 : i + 60] if x.page == ln.page and x.zone == "body"]
        if header:
            row = next((x for x in after[:12] if LR_CELL_RE.search(x.text)), None)
            if row is not None:
                ev = _line_evidence(ln, f"{ln.text} | {row.text}")
                out.setdefault("learning rate", []).append(Hit(ev, rank))
        if dangling:
            cont = next((x for x in after if CONTINUATION_RE.match(x.text)), None)
            if cont is not None:
                ev = _line_evidence(ln, f"{ln.text[-120:]} ... {cont.text}")
                out.setdefault("learning rate", []).append(Hit(ev, rank))
    return out


def _is_header(text: str) -> bool:
    """A short line of capitalised column names, not prose."""
    words = text.split()
    if not 3 <= len(words) <= 14 or text.rstrip().endswith((".", ",", ";")):
        return False
    caps = sum(1 for w in words if not w[0].isalpha() or w[0].isupper())
    return caps >= 0.6 * len(words)


def collect(paper: PaperFacts) -> tuple[dict[str, Hit], bool]:
    """The best quote for each core/other setting, and whether training is full-batch."""
    kinds = _kinds(paper)
    hits: dict[str, list[Hit]] = {}
    full_batch = False
    for s in paper.body_sentences():
        if not _usable(s.section, kinds):
            continue
        rank = PREFERRED_KINDS.get(kinds.get(s.section, ""), 0)
        found = _sentence_hits(s)
        bonus = len(found)  # a sentence stating several settings is a better quote
        for name, m in found.items():
            hits.setdefault(name, []).append(Hit(quote(s, m), rank * 10 + bonus))
        full_batch = full_batch or bool(FULL_BATCH_RE.search(s.text))
    for name, extra in _table_hits(paper, kinds).items():
        hits.setdefault(name, []).extend(Hit(h.evidence, h.rank * 10) for h in extra)
    best = {name: max(hs, key=lambda h: h.rank) for name, hs in hits.items()}
    return best, full_batch


def tuning(paper: PaperFacts) -> list[tuple[str, Evidence]]:
    """How the values were chosen, as the paper says (grid search, validation set, prior work...)."""
    kinds = _kinds(paper)
    out: list[tuple[str, Evidence]] = []
    seen: set[str] = set()
    sentences = [
        s
        for s in paper.body_sentences()
        if kinds.get(s.section, "") not in NOT_OWN_SECTIONS
        and _training_section(s.section)
        and has_any(s.text, TUNING_WORDS)
        and HP_WORD_RE.search(s.text)
        and not HYPOTHETICAL_RE.search(s.text)
    ]
    # quotes from implementation details and appendices first, then the rest in page order
    sentences.sort(key=lambda s: -PREFERRED_KINDS.get(kinds.get(s.section, ""), 0))
    for s in sentences:
        for label, pat in TUNING:
            m = pat.search(s.text)
            if m and label not in seen:
                seen.add(label)
                out.append((label, quote(s, m)))
        if len(out) >= MAX_TUNING:
            break
    if len(out) > 1:  # a named method makes the generic "tuned" cue redundant
        out = [x for x in out if x[0] != GENERIC_TUNING]
    return sorted(out, key=lambda x: x[1].page or 0)


def _tuning_sentence(found: list[tuple[str, Evidence]]) -> str:
    if not found:
        return " How the values were chosen is not stated."
    return " Chosen by: " + ", ".join(f"{label} (page {ev.page})" for label, ev in found) + "."


@detector("paper_hyperparameters")
def paper_hyperparameters(facts: Facts) -> Outcome:
    guard = paper_guard(facts)
    if guard:
        return guard
    paper = facts.paper
    assert paper is not None
    best, full_batch = collect(paper)
    found = [c for c in CORE if c in best]
    if full_batch and "batch size" not in best:
        found.append("batch size")
    missing = [c for c in CORE if c not in found]
    how = tuning(paper)
    details: dict[str, object] = {
        "found": found,
        "missing": missing,
        "other": "other" in best,
        "batch size": "full-batch" if full_batch and "batch size" not in best else None,
        "tuning": [{"method": m, "page": ev.page, "quote": ev.excerpt} for m, ev in how],
    }
    evidence = tuple(best[c].evidence for c in (*CORE, "other") if c in best)
    evidence += tuple(ev for _, ev in how[:2])
    searched = (
        "body text, hyperparameter tables and appendix (not references, checklist, proofs or "
        "sampling/test-time sections) for " + ", ".join(CORE) + ", other settings (weight decay, "
        "dropout, momentum, warm-up) and how they were chosen (grid/random search, sweep, "
        "validation set, prior work, defaults, preliminary experiments)"
    )
    chosen = _tuning_sentence(how)
    if not missing:
        return Outcome(
            "pass",
            "The core training settings are stated: " + ", ".join(CORE) + "." + chosen,
            evidence=evidence,
            details=details,
        )
    body = paper.body_sentences()
    no_training = next((s for s in body if NO_TRAINING_RE.search(s.text)), None)
    if no_training is not None and len(found) < 3:
        m = NO_TRAINING_RE.search(no_training.text)
        assert m is not None
        return Outcome(
            "not_applicable",
            f"The paper trains no model weights (page {no_training.page}); no training "
            "hyperparameters are expected.",
            evidence=(quote(no_training, m),),
            details=details,
        )
    if found or "other" in best or how:
        lead = (
            f"Missing core training settings: {', '.join(missing)}."
            if found or "other" in best
            else "No core training setting is stated, only how the settings were chosen."
        )
        return Outcome(
            "partial",
            lead + chosen,
            evidence=evidence,
            searched=searched,
            details=details,
        )
    if not any(OWN_TRAINING_RE.search(s.text) for s in body):
        return Outcome(
            "not_applicable",
            "The paper trains no model of its own (no 'we train / fine-tune' and no training "
            "settings were found), so no training hyperparameters are expected.",
            searched=searched,
            details=details,
        )
    return Outcome(
        "fail",
        "None of the core training settings (" + ", ".join(CORE) + ") is stated." + chosen,
        evidence=tuple(ev for _, ev in how[:2]),
        searched=searched,
        details=details,
    )
