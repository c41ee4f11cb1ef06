"""The hyperparameters check: which core training settings a paper states, and how they were chosen.

Core settings: optimizer, learning rate (or schedule), batch size, training length. They are read
from body sentences (not references, checklist, proofs, sampling or test-time sections), from
hyperparameter table rows and columns, and from a value that extraction pushed below a table
("Learning rate is" ... "fixed to 10−3"). A paper that trains nothing is ``not_applicable``.

General rules (tuned on papers-dev, no paper-specific cases): values may be written ``1e-4``,
``10−3`` (unicode minus), ``3 × 10^-4``, ``3 · 10−3``, before or after the name, with ``of``,
``=``, ``is``, ``set to``, ``fixed to``; hyperparameter tables are read row by row and by
column header. Step sizes in theorems, test-time or sampling procedures are not training
settings.
"""

from __future__ import annotations

import re

from auditor.detectors import Outcome, detector
from auditor.detectors.paper.reporting import paper_guard, quote
from auditor.facts import Facts
from auditor.facts.paper import PaperFacts
from auditor.facts.paper.settings import (
    CORE,
    IC,
    PREFERRED_KINDS,
    collect,
    has_any,
    section_kinds,
    training_section,
)
from auditor.models import Evidence

MAX_TUNING = 3
GENERIC_TUNING = "tuned (method not named)"

TUNING_WORDS = (
    "search", "sweep", "swept", "valid", "dev", "cross", "theory", "follow", "as in", "suggest",
    "recommend", "same", "adopt", "inherit", "borrow", "best", "default", "preliminary", "pilot",
    "armijo", "tun", "select", "chos", "pick", "optuna", "hyperopt", "bayesian",
)  # fmt: skip


# the paper trains something itself (not "LLMs are pre-trained on the web")
OWN_TRAINING_RE = re.compile(
    r"\b(?:we|our (?:\w+ )?(?:model|network|method|approach)s?)\s+(?:\w+\s+){0,2}?"
    r"(?:train|trained|fine-?tune[sd]?|pre-?train(?:ed)?|retrain(?:ed)?)\b|\btrain(?:ed)? (?:for|with|using) \d|\b(?:models?|networks?) "
    r"(?:is|are|was|were) (?:\w+ )?(?:trained|fine-?tuned) (?:for|with|using|on)\b",
    IC,
)
NO_TRAINING_RE = re.compile(
    r"\b(?:do(?:es)? not (?:train|fine-?tune)\b|do(?:es)? not update (?:the |any )?(?:model |"
    r"network )?(?:weights|parameters)|without (?:any )?(?:training|fine-?tuning|"
    r"updating (?:the )?(?:model )?weights|gradient updates)|no (?:model )?training (?:is|was)|"
    r"training-free|zero-shot (?:setting|evaluation) only|frozen (?:pre-?trained )?"
    r"(?:LLMs?|models?) (?:are|is) (?:used|prompted))",
    IC,
)
# ... but a paper that fine-tunes or trains a small part (a head, probe, adapter, LoRA) trains
_PART = r"(?:heads?|probes?|classifiers?|adapters?|LoRA|MLP|decoder|projection)"
PART_TRAINING_RE = re.compile(
    rf"\b(?:train|trains|trained|fine-?tune[sd]?|learn|learns|learned|optimi[sz]e[sd]?)\s+"
    rf"(?:\w+\s+){{0,4}}?{_PART}\b|\b{_PART}\s+(?:is|are|was|were)\s+(?:\w+\s+)?"
    r"(?:trained|fine-?tuned|learned|optimi[sz]ed|distill?ed)\b|"
    # "applying LoRA distillation", "through LoRA training": the part is what the paper trains
    rf"\b(?:apply|applies|applying|applied|through|via|by|our|the)\s+{_PART}\s+"
    r"(?:training|distill?ation|fine-?tuning)\b",
    IC,
)

# how the values were chosen; a cue counts only in a sentence that names a setting
HP_WORD_RE = re.compile(
    r"\b(?:hyper-?parameters?|learning rates?|step ?sizes?|lr|batch sizes?|weight decay|"
    r"dropout|epochs?|iterations|regulari[sz]\w*|coefficients?|momentum|settings?|"
    r"configurations?|values?|schedules?|optimi[sz]ers?|recipe)\b",
    IC,
)
TUNING = [
    (
        "grid search",
        re.compile(
            r"\bgrid[- ]search\w*|\bsearched (?:in|within|over|among)\b|\b(?:(?:fine-?)?tuned|"
            r"chosen|selected|picked) (?:from|over|among|in) (?:a |the )?(?:set|grid|range)\b",
            IC,
        ),
    ),
    ("random search", re.compile(r"\brandom(?:ized)? (?:hyper-?parameter )?search\b", IC)),
    (
        "Bayesian optimisation",
        re.compile(
            r"\bBayesian (?:hyper-?parameter )?optimi[sz]ation\b|\b(?:Optuna|Hyperopt)\b", IC
        ),
    ),
    (
        "sweep",
        re.compile(r"\bsweep(?:s|ing)? (?:over|across|of)\b|\bswept\b|\bsweeps?\b", IC),
    ),
    (
        "validation set",
        re.compile(
            r"\b(?:selected|chosen|tuned|picked|determined|optimi[sz]ed|select|choose|tune)\b"
            r"[^.]{0,60}\b(?:validation|dev(?:elopment)?) (?:set|split|data|accuracy|loss|"
            r"performance|score)|\b(?:maximum|best|highest|lowest) validation (?:accuracy|"
            r"loss|performance|score)\b",
            IC,
        ),
    ),
    (
        "cross-validation",
        re.compile(
            r"\b(?:selected|chosen|tuned|determined)\b[^.]{0,40}\bcross[- ]validation\b", IC
        ),
    ),
    (
        "theory",
        re.compile(
            r"\b(?:suggested|prescribed|dictated|given|predicted) (?:by|in) (?:the )?theory\b", IC
        ),
    ),
    (
        "prior work",
        re.compile(
            r"\b(?:following (?:[A-Z][a-z]+ et al|\[\d|prior|previous|standard|common|the "
            r"(?:setup|settings?|protocol|recipe|practice|original|same)|their)|as in (?:\[\d|"
            r"[A-Z][a-z]+ et al|prior|previous|the original)|as suggested (?:by|in)|"
            r"as recommended (?:by|in)|same "
            r"(?:hyper-?parameters|settings|setup|configuration) as|(?:adopt|inherit|borrow)\w* "
            r"(?:the )?[^.]{0,20}(?:from|of)|best[- ]reported|(?:hyper-?parameters|settings|"
            r"configuration) (?:of|from|reported by) the original|selected similar to)\b",
            IC,
        ),
    ),
    (
        "defaults",
        re.compile(
            r"\bdefaults? (?:hyper-?parameters?|settings|configuration|values|parameters)\b|"
            r"\bkept (?:as|at) (?:the|their) defaults?\b|\bas the defaults?\b",
            IC,
        ),
    ),
    (
        "preliminary experiments",
        re.compile(r"\b(?:preliminary|pilot) (?:experiments?|runs?|stud(?:y|ies)|tests?)\b", IC),
    ),
    ("line search", re.compile(r"\bline[- ]search\b|\bArmijo\b", IC)),
    (
        "manual tuning",
        re.compile(r"\b(?:manually|hand)[- ]tuned\b|\btuned (?:by hand|manually)\b", IC),
    ),
    (
        "tuned (method not named)",
        re.compile(
            r"\b(?:we|were|was|are|is)\s+(?:\w+\s+)?(?:tuned?|selected|chosen|picked)\b[^.]{0,40}"
            r"\bhyper-?parameters?\b|\bhyper-?parameters?\b[^.]{0,60}\b(?:were|are|was|is)\s+"
            r"(?:\w+\s+)?(?:tuned|selected|chosen|picked|determined|searched)\b",
            IC,
        ),
    ),
]
HYPOTHETICAL_RE = re.compile(
    r"\b(?:could|would|might|should|not the (?:goal|focus))\b|\bneed for\b|\bwithout\b", IC
)
NOT_OWN_SECTIONS = ("introduction", "related", "background", "conclusion", "acknowledgments")


def tuning(paper: PaperFacts) -> list[tuple[str, Evidence]]:
    """How the values were chosen, as the paper says (grid search, validation set, prior work...)."""
    kinds = section_kinds(paper)
    out: list[tuple[str, Evidence]] = []
    seen: set[str] = set()
    sentences = [
        s
        for s, low in zip(paper.body_sentences(), paper.body_folded(), strict=True)
        if kinds.get(s.section, "") not in NOT_OWN_SECTIONS
        and training_section(s.section)
        and has_any(s.text, TUNING_WORDS, low)
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
    if no_training is not None and any(PART_TRAINING_RE.search(s.text) for s in body):
        no_training = None  # a frozen backbone with a trained head, adapter or probe still trains
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
