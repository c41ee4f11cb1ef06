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
from dataclasses import dataclass
from functools import lru_cache

from auditor.detectors import Outcome, detector
from auditor.detectors.paper.reporting import excerpt, paper_guard, quote
from auditor.facts import Facts
from auditor.facts.paper import PaperFacts, Sentence
from auditor.facts.paper.structure import Line
from auditor.models import Evidence

CORE = ("optimizer", "learning rate", "batch size", "training length")
PREFERRED_KINDS = {"implementation": 2, "appendix": 1, "experiments": 1}
MAX_TUNING = 3
GENERIC_TUNING = "tuned (method not named)"

# -- patterns --------------------------------------------------------------------------------
IC = re.I
NUM = (
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|"
    r"hundred)"
)
MINUS = r"[−–-]"
# a small number as papers write learning rates: 1e-4, 3 × 10^-4, 10−3, 0.001, .01
SMALL = (
    rf"(?:\d+(?:\.\d+)?\s?[eE]\s?{MINUS}\s?\d+|\d+(?:\.\d+)?\s?[×x·∙]\s?10\s?\^?\s?{MINUS}?\s?\d+|"
    rf"10\s?\^?\s?{MINUS}\s?\d+|0?\.\d+)"
)
LR_NAME = (
    r"(?:(?:initial|peak|base|maximum|max|constant|global|starting)\s+)?"
    r"(?:learning[- ]rates?|step[- ]?sizes?|\blr\b)"
)
REL = (
    r"(?:\s*(?:\([^)]{0,20}\)|[ηα]|of|=|:|is|was|were|are|as|to|set to|fixed to|fixed at|"
    r"equal to|from|between|starts? at|initiali[sz]ed(?: to| at| as)?|with (?:a )?peak value|"
    r"\w+ing between))*"
)

# cheap pre-checks on the lower-cased text (substring tests are much faster than regex
# alternations): a sentence without any of these words cannot match the patterns they guard
LR_WORDS = ("learning rate", "learning-rate", "step size", "stepsize", "step-size", "lr")
LENGTH_WORDS = (
    "epoch", "iteration", "step", "update", "frame", "generation", "episode", "task", "round",
    "early", "until",
)  # fmt: skip
TUNING_WORDS = (
    "search", "sweep", "swept", "valid", "dev", "cross", "theory", "follow", "as in", "suggest",
    "recommend", "same", "adopt", "inherit", "borrow", "best", "default", "preliminary", "pilot",
    "armijo", "tun", "select", "chos", "pick", "optuna", "hyperopt", "bayesian",
)  # fmt: skip


def has_any(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(w in low for w in words)


LEARNING_RATE_RES = [
    # learning rate (α) of / = / is / set to / fixed to 1e-3 ... and table rows "LR 3e-4"
    re.compile(rf"\b{LR_NAME}{REL}\s*[-+]?\d", IC),
    # learning rate for the critic is 1e-4
    re.compile(
        rf"\b{LR_NAME}\s+for\s+(?:[\w/.-]+\s+){{1,4}}?(?:is|was|of|=|:|to be|set to)\s*[-+]?\d",
        IC,
    ),
    # a 3e-6 learning rate, the 3e-6 learning rate
    re.compile(
        rf"{SMALL}\s+(?:\w+\s+)?(?:(?:initial|peak|base|constant)\s+)?(?:learning[- ]rate|lr)\b", IC
    ),
    # a learning rate chosen by backtracking line search / the Armijo rule
    re.compile(rf"\b{LR_NAME}\b[^.]{{0,40}}\b(?:line[- ]search|Armijo)\b", IC),
]
OPTIMIZER_RE = re.compile(
    r"\b(?:Adam[WP]?|SGD|RMS-?[Pp]rop|Adagrad|AdaGrad|Adadelta|Adafactor|LAMB|LARS|L-?BFGS|"
    r"Nesterov|Lion optimizer|Muon|(?:stochastic |full-batch |mini-?batch )?gradient descent|"
    r"momentum (?:of )?0?\.\d+|optimi[sz]er)\b"
)
BATCH_RE = re.compile(
    r"\b(?:(?:mini-?)?batch[- ]?sizes?(?: of)?\s*(?:=|:|is|was|to be|to|of|as|set to|\s)*\s*\d|"
    r"\d[\d,]*\s+(?:\w+\s+)?(?:per|in each|each) (?:mini-?)?batch|(?:mini-?)?batch(?:es)? of "
    r"\d+|B\s*=\s*\d+|per-example|batch[- ]?sizes? for\s+(?:[\w/.-]+\s+){1,4}?(?:is|was|of|=)\s*"
    r"\d)",
    IC,
)
# full-gradient methods have no batch size to report
FULL_BATCH_RE = re.compile(
    r"\b(?:full[- ]batch|full[- ]gradient|deterministic gradient descent|batch gradient "
    r"descent|backtracking line[- ]search|Armijo (?:rule|condition))\b",
    IC,
)
LENGTH_PREFIX = (
    r"(?:training\s+|gradient\s+|optimi[sz]ation\s+|meta-?training\s+|update\s+|environment\s+)?"
)
LENGTH_RE = re.compile(
    rf"(?<![\d.]\s)\b(?:{NUM}(?:\.\d+)?\s*[KkMm]?\s+{LENGTH_PREFIX}(?:epochs?|iterations?|steps|"
    rf"updates)|\d[\d,]*(?:\.\d+)?\s*[KkMm]?\s+{LENGTH_PREFIX}(?:frames|generations|episodes|"
    r"tasks|rounds)|(?:epochs?|iterations?|steps)(?: is| was)?(?: set)?\s*"
    r"(?:=|:|to|of)\s*\d|early[- ]stopping|until (?:the )?(?:loss |training )?"
    r"(?:converge|convergence))",
    IC,
)
# a table row: "Epochs 100", "Training steps: 200k", "Max iterations 5e5"
LENGTH_ROW_RE = re.compile(
    r"^(?:(?:total|max(?:imum)?|number of|num\.?|#)\s*)?(?:training\s+|train\s+|gradient\s+)?"
    r"(?:epochs|iterations|steps|updates)\b\s*(?:\([^)]{0,20}\))?\s*[:=]?\s*\d[\d,.]*\s*[KkM]?\b",
    IC,
)
# a length match counts only in a sentence that is about training
TRAIN_WORD_RE = re.compile(
    r"\b(?:train\w*|fine-?tun\w*|pre-?train\w*|optimi[sz]\w*|learn\w*|epochs?|meta-?train\w*|"
    r"gradient|updates?|SGD|Adam\w*|fit\w*|loss)\b",
    IC,
)
# steps of sampling, denoising, decoding or test-time procedures are not training length
NOT_TRAINING_CONTEXT_RE = re.compile(
    r"\b(?:sampling|sampler|samples? (?:frames|images|videos|with|from the)|sampled with|"
    r"denois\w+|inference|decod\w+|test[- ]time|at test|rollouts?)\b",
    IC,
)
NOT_TRAINING_SECTION_RE = re.compile(
    r"\b(?:sampling|inference|test[- ]time|decoding|proofs?|lemmas?|theorems?)\b", IC
)
OTHER_RE = re.compile(
    r"\b(?:weight decay|L2[- ](?:regulari[sz]ation|norm|penalty)(?: coefficient| weight)?|"
    r"regulari[sz]ation (?:coefficient|weight|strength|parameter)|dropout(?: rate| probability)?|"
    r"momentum|warm-?up|gradient clipping|clip(?:ping)? (?:norm|threshold)|label smoothing|"
    r"EMA decay)(?:\s*(?:rate|probability|coefficient|weight|of|=|:|is|was|set to|to|at|"
    r"\([^)]{0,15}\)|[αβλγ]))*\s*\d",
    IC,
)

# a table column header naming the learning rate, and a value under it
LR_HEADER_RE = re.compile(r"(?:^|\s)(?:LR|lr|Learning [Rr]ate|learning rate)(?:\s|$)")
LR_CELL_RE = re.compile(rf"(?:^|\s){SMALL}(?:\s|$)")
# "Learning rate is" at a line end whose value extraction pushed below a table or figure
DANGLING_LR_RE = re.compile(rf"\b{LR_NAME}\s*(?:is|was|of|=|:)?\s*$", IC)
CONTINUATION_RE = re.compile(
    rf"^(?:(?:fixed|set|equal|initiali[sz]ed|kept|chosen)\s+(?:to|at|as)\s*|[=:]\s*){SMALL}", IC
)

TRAINING_RE = re.compile(
    r"\b(?:train\w*|fine-?tun\w*|optimi[sz]\w*|epochs?|iterations?|"
    r"steps?|learn\w*|converge\w*|updates?)\b",
    IC,
)
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
