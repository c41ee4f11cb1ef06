"""Training settings a paper states: which core settings are reported (presence, for the paper's
hyperparameters check) and, for the paper-code check, each setting with its value, page and quote.

One extractor for both: the same usable sentences (body text, not references, checklist,
proofs, sampling or test-time sections; not introduction, related work or background) and the
same hyperparameter-table lines are read. Presence rules (tuned on papers-dev): values may be
written ``1e-4``, ``10−3`` (unicode minus), ``3 × 10^-4``, ``3 · 10−3``, before or after the
name, with ``of``, ``=``, ``is``, ``set to``, ``fixed to``; tables are read row by row and by
column header. Step sizes in theorems, test-time or sampling procedures are not training
settings.

Values (``paper_settings``): learning rate, batch size, epochs, steps (kept apart from epochs),
optimizer, momentum, Adam betas, weight decay, dropout, warm-up (steps, epochs or a ratio),
schedule, gradient clipping, label smoothing, maximum sequence length and the number of runs,
from "name (of|=|is|set to) value", "value name" ("180 epochs", "10% warm-up"), per-dataset
lists ("8 for Cityscapes and 16 for the others") and table rows ("Learning rate 2e-5 1e-6").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.facts.literals import Screened, TextIndex
from auditor.facts.paper import PaperFacts, Sentence
from auditor.facts.paper.quotes import excerpt, quote
from auditor.facts.paper.structure import Line
from auditor.models import Evidence

CORE = ("optimizer", "learning rate", "batch size", "training length")
PREFERRED_KINDS = {"implementation": 2, "appendix": 1, "experiments": 1}

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


def has_any(text: str, words: tuple[str, ...], folded: str | None = None) -> bool:
    """Whether the text contains one of the lower-case words (``folded``: its casefold)."""
    low = text.casefold() if folded is None else folded
    return any(map(low.__contains__, words))


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


@dataclass(frozen=True)
class Hit:
    evidence: Evidence
    rank: int  # higher is a better place to quote from


def section_kinds(paper: PaperFacts) -> dict[str, str]:
    return {s.title: s.kind for s in paper.sections}


@lru_cache(maxsize=4096)
def training_section(section: str) -> bool:
    return not (section and NOT_TRAINING_SECTION_RE.search(section))


def _usable(section: str, kinds: dict[str, str]) -> bool:
    """Sections whose settings are training settings of the paper's own models."""
    if not training_section(section):
        return False
    return kinds.get(section, "") not in ("introduction", "related", "background")


def _training_context(text: str, m: re.Match[str]) -> bool:
    """False when the match sits in a sampling / denoising / test-time phrase."""
    return not NOT_TRAINING_CONTEXT_RE.search(text[max(0, m.start() - 50) : m.end() + 15])


def _length_match(
    text: str, folded: str | None = None, words: tuple[str, ...] = LENGTH_WORDS
) -> re.Match[str] | None:
    if not has_any(text, words, folded):
        return None
    for m in LENGTH_RE.finditer(text):
        if not _training_context(text, m):
            continue
        word = m.group(0).lower()
        rest = text[: m.start()] + " " + text[m.end() :]
        if re.search(r"epoch|training|gradient|update|optimi", word) or TRAIN_WORD_RE.search(rest):
            return m
    return None


def _lr_match(
    text: str, folded: str | None = None, words: tuple[str, ...] = LR_WORDS
) -> re.Match[str] | None:
    if not has_any(text, words, folded):
        return None
    for pat in LEARNING_RATE_RES:
        for m in pat.finditer(text):
            if _training_context(text, m):
                return m
    return None


_OPTIMIZER = Screened.of(OPTIMIZER_RE)
_BATCH = Screened.of(BATCH_RE)
_OTHER = Screened.of(OTHER_RE)
_FULL_BATCH = Screened.of(FULL_BATCH_RE)


@dataclass(frozen=True)
class _Scan:
    """The sentence patterns and cue words, narrowed to what one paper's text contains
    (:meth:`Screened.narrowed`); a None pattern cannot match anywhere in it."""

    optimizer: Screened | None = _OPTIMIZER
    batch: Screened | None = _BATCH
    other: Screened | None = _OTHER
    full_batch: Screened | None = _FULL_BATCH
    lr_words: tuple[str, ...] = LR_WORDS
    length_words: tuple[str, ...] = LENGTH_WORDS

    @classmethod
    def of(cls, paper: PaperFacts) -> _Scan:
        whole, folded = paper.body_whole()
        return cls(
            optimizer=_OPTIMIZER.narrowed(whole, folded),
            batch=_BATCH.narrowed(whole, folded),
            other=_OTHER.narrowed(whole, folded),
            full_batch=_FULL_BATCH.narrowed(whole, folded),
            lr_words=tuple(w for w in LR_WORDS if w in folded),
            length_words=tuple(w for w in LENGTH_WORDS if w in folded),
        )


_ANY_TEXT = _Scan()


def _candidates(scan: _Scan, index: TextIndex, count: int) -> list[int]:
    """The body sentences (positions) that hold a literal of some sentence pattern or cue
    word of ``scan``, in order: no other sentence can give a hit."""
    found: set[int] = set()
    for pat in (scan.optimizer, scan.batch, scan.other, scan.full_batch):
        if pat is None:
            continue
        where = index.candidates(pat)
        if where is None:
            return list(range(count))
        found |= where
    for word in (*scan.lr_words, *scan.length_words):
        found |= index.where(word, True)
    return sorted(found)


def _search(pat: Screened | None, text: str, folded: str) -> re.Match[str] | None:
    return pat.search(text, folded) if pat is not None else None


def _sentence_hits(
    s: Sentence, folded: str | None = None, scan: _Scan = _ANY_TEXT
) -> dict[str, re.Match[str]]:
    text = s.text
    low = text.casefold() if folded is None else folded
    found: dict[str, re.Match[str] | None] = {
        "optimizer": _search(scan.optimizer, text, low),
        "learning rate": _lr_match(text, low, scan.lr_words),
        "batch size": _search(scan.batch, text, low),
        "training length": _length_match(text, low, scan.length_words),
        "other": _search(scan.other, text, low),
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
    for i in _row_candidates(paper):
        ln = lines[i]
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


_LENGTH_ROW = Screened.of(LENGTH_ROW_RE)


def _row_candidates(paper: PaperFacts) -> list[int]:
    """Positions of the lines that can give a table hit: a training-length row needs one of
    LENGTH_ROW_RE's literals, a learning-rate header or dangling name one of LR_WORDS."""
    if _LENGTH_ROW.requirement is None or _LENGTH_ROW.exact:
        return list(range(len(paper.lines)))
    index = paper.lines_index()
    found: set[int] = set()
    for word in (*_LENGTH_ROW.folded, *LR_WORDS):
        found |= index.where(word, True)
    return sorted(found)


def _is_header(text: str) -> bool:
    """A short line of capitalised column names, not prose."""
    words = text.split()
    if not 3 <= len(words) <= 14 or text.rstrip().endswith((".", ",", ";")):
        return False
    caps = sum(1 for w in words if not w[0].isalpha() or w[0].isupper())
    return caps >= 0.6 * len(words)


def collect(paper: PaperFacts) -> tuple[dict[str, Hit], bool]:
    """The best quote for each core/other setting, and whether training is full-batch."""
    kinds = section_kinds(paper)
    hits: dict[str, list[Hit]] = {}
    full_batch = False
    scan = _Scan.of(paper)
    sentences, folded = paper.body_sentences(), paper.body_folded()
    for i in _candidates(scan, paper.body_index(), len(sentences)):
        s, low = sentences[i], folded[i]
        if not _usable(s.section, kinds):
            continue
        rank = PREFERRED_KINDS.get(kinds.get(s.section, ""), 0)
        found = _sentence_hits(s, low, scan)
        bonus = len(found)  # a sentence stating several settings is a better quote
        for name, m in found.items():
            hits.setdefault(name, []).append(Hit(quote(s, m), rank * 10 + bonus))
        full_batch = full_batch or bool(_search(scan.full_batch, s.text, low))
    for name, extra in _table_hits(paper, kinds).items():
        hits.setdefault(name, []).extend(Hit(h.evidence, h.rank * 10) for h in extra)
    best = {name: max(hs, key=lambda h: h.rank) for name, hs in hits.items()}
    return best, full_batch


# -- settings with values -------------------------------------------------------------------
# numbers as papers write them; the order of the alternatives matters (longest form first)
_DASH = r"[−–—-]"
_TIMES = rf"\d+(?:\.\d+)?\s?[×x·∙*]\s?10\s?\^?\s?\{{?\s?{_DASH}?\s?\d+\}}?"
_SCI = r"\d+(?:\.\d+)?\s?[eE]\s?[-−–+]?\s?\d+"
_POW = rf"10\s?\^?\s?\{{?{_DASH}\s?\d+\}}?"
_PCT = r"\d+(?:\.\d+)?\s?%"
_KILO = r"\d+(?:\.\d+)?\s?[KkMm]\b"
_DEC = r"\d*\.\d+"
_INT = r"\d{1,3}(?:,\s?\d{3}|\s\d{3})+(?!\d|\.\d)|\d+(?!\d|\.\d)"
SMALL_VALUE = rf"(?:{_TIMES}|{_SCI}|{_POW}|{_PCT}|{_DEC}|\d+(?!\d|\.\d|%))"
COUNT_VALUE = rf"(?:{_KILO}|{_INT}|{_DEC}|one|two|three|four|five|six|seven|eight|nine|ten|twenty)"
WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20,
}  # fmt: skip


def parse_number(text: str) -> float | None:
    """``3 × 10−4`` -> 0.0003, ``1e-4``, ``10−3``, ``160K`` -> 160000, ``30, 000``, ``10%`` ->
    0.1, ``six`` -> 6; None when the text is not one number."""
    t = text.strip().lower()
    if t in WORDS:
        return float(WORDS[t])
    t = re.sub(r"[−–—]", "-", t).replace("{", "").replace("}", "").replace("^", "")
    t = re.sub(r"\s+", "", t)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)?[×x·∙*]?10(-?\d+)", t)
    if m and ("10-" in t or m.group(1)):
        return float(m.group(1) or 1) * 10 ** int(m.group(2))
    scale = 1.0
    if t.endswith("%"):
        t, scale = t[:-1], 0.01
    elif t[-1:] in ("k", "m") and t[:-1]:
        t, scale = t[:-1], 1e3 if t[-1] == "k" else 1e6
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    try:
        return float(t) * scale
    except ValueError:
        return None


@dataclass(frozen=True)
class PaperSetting:
    """One setting the paper states with a value."""

    setting: str  # canonical name: learning_rate, batch_size, epochs, steps, optimizer, ...
    value: str  # as written
    number: float | None  # the value as a number (None for names and ranges)
    page: int
    quote: str
    heading: str | None = None
    scope: str = ""  # what the paper says the value is for ("for Cityscapes", "column 2")
    low: float | None = None  # a range or set of values (a sweep): its bounds
    high: float | None = None
    rank: int = 0  # higher: a better place (implementation details, appendix)

    @property
    def is_range(self) -> bool:
        return self.low is not None


OPTIMIZERS = {
    "adamw": "AdamW", "adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad",
    "adadelta": "Adadelta", "adafactor": "Adafactor", "lamb": "LAMB", "lars": "LARS",
    "lion": "Lion", "muon": "Muon", "stochastic gradient descent": "SGD",
}  # fmt: skip
OPTIMIZER_NAME_RE = re.compile(
    r"\b(AdamW|Adam|SGD|RMS-?[Pp]rop|Ada[Gg]rad|Adadelta|Adafactor|LAMB|LARS|Lion|Muon|"
    r"stochastic gradient descent)\b(?!-based|\s+et al)"
)
OPTIMIZER_NEAR_RE = re.compile(
    r"optimi[sz]|\b(?:using|with|use[sd]?|adopt\w*|employ\w*|appl\w+|via|by|train\w*)\b", IC
)
OPTIMIZER_CONTEXT_RE = re.compile(r"\b(?:optimi[sz]\w*|train\w*|fine-?tun\w*|we use|update)", IC)
SCHEDULES = ("cosine", "linear", "poly", "step", "exponential", "constant", "cyclic", "onecycle")
SCHEDULE_RE = re.compile(
    r"\b(cosine|linear|poly(?:nomial)?|step|multi-?step|exponential|constant|cyclical|cyclic|"
    r"one-?cycle)(?:[- ](?:annealing|decay|learning[- ]rate|lr|-?learning rate))*\s*"
    r"(?:learning[- ]rate\s+)?(?:schedul\w*|decay|annealing|policy|warm-?up and decay)",
    IC,
)
SCHEDULE_FAMILY = {"polynomial": "poly", "cyclical": "cyclic", "multistep": "step",
                   "multi-step": "step", "one-cycle": "onecycle", "onecycle": "onecycle"}  # fmt: skip

_REL = (
    r"(?:\s*(?:\([^)]{0,20}\)|[ηαλβγ]\d?|of|=|:|is|was|were|are|as|to|set to|set as|fixed to|"
    r"fixed at|equal to|starts? at|initiali[sz]ed (?:to|at|as)|with (?:a )?(?:peak |max(?:imum)? |"
    r"initial )?(?:value )?of|we use|used)(?![a-z]))*\s*"
)
_MORE = (
    r"(?P<scope>\s+(?:for|on|in)\s+[^,;.]{1,50}?)?(?:\s*,\s*|\s+and\s+|\s+or\s+)(?:\w+\s+){0,2}?"
)
_LR = r"(?:initial |peak |base |maximum |max |constant |starting )?(?:learning[- ]rates?|\blr\b)"
_BEFORE_EPOCH_NOT = re.compile(
    r"(?:patience|every|each|after|first|last|per|warm-?up|within|at|than|up to|the|beyond|past|"
    r"before|since|at (?:around|about|approximately|roughly))\W*(?:of\s+)?"
    r"(?:the\s+)?$",
    IC,
)

# (setting, pattern, value kind): after-name patterns put the value in group "v"
AFTER = [
    ("learning_rate", rf"\b{_LR}{_REL}(?P<v>{SMALL_VALUE})"),
    ("batch_size_per_device", rf"\bper[- ](?:device|GPU|gpu) (?:mini-?)?batch[- ]?sizes?{_REL}"
                              rf"(?P<v>{COUNT_VALUE})"),
    ("batch_size", rf"(?<!per-device )(?<!per device )(?<!per-GPU )(?<!per GPU )"
                   rf"\b(?:mini-?)?batch[- ]?sizes?{_REL}(?P<v>{COUNT_VALUE})"),
    ("batch_size", rf"\bmini-?batch(?:es)? of (?P<v>{COUNT_VALUE})\b"),
    ("weight_decay", rf"\bweight[- ]decay{_REL}(?P<v>{SMALL_VALUE})"),
    ("momentum", rf"\bmomentum{_REL}(?P<v>{SMALL_VALUE})"),
    ("dropout", rf"\bdropout(?: rate| probability| ratio)?{_REL}(?P<v>{SMALL_VALUE})"),
    ("label_smoothing", rf"\blabel[- ]smoothing(?: factor)?{_REL}(?P<v>{SMALL_VALUE})"),
    ("grad_clip", rf"\b(?:gradient[- ]clipping|clip(?:ping)? (?:the )?gradients?(?: norm)?|"
                  rf"max(?:imum)? gradient norm|gradient norm clipping)(?: (?:at|with|to))?"
                  rf"(?: (?:a )?(?:max(?:imum)? )?norm)?{_REL}(?P<v>{SMALL_VALUE})"),
    ("epochs", rf"\b(?:number of )?(?:training )?epochs{_REL}(?P<v>{COUNT_VALUE})\b(?! ?%)"),
    ("steps", rf"\b(?:total |max(?:imum)? |number of )?(?:training |optimi[sz]ation |gradient )?"
              rf"(?:steps|iterations|updates)(?: T)?\s*(?:=|:|to|of|is)\s*(?P<v>{COUNT_VALUE})"),
    ("warmup_ratio", rf"\bwarm-?up (?:ratio|proportion|fraction)\s*{_REL}(?P<v>{SMALL_VALUE})"),
    ("warmup_ratio", rf"\bwarm-?up (?:over|for|during) the first (?P<v>{_PCT})"),
    ("warmup_steps", rf"\bwarm-?up (?:of|for|over)(?: the first)? (?P<v>{COUNT_VALUE}) "
                     r"(?:steps|iterations|updates)"),
    ("warmup_epochs", rf"\bwarm-?up (?:of|for|over)(?: the first)? (?P<v>{COUNT_VALUE}) epochs?"),
    ("max_seq_len", rf"\bmax(?:imum|\.)? (?:sequence|seq\.?|input|context) length{_REL}"
                    rf"(?P<v>{COUNT_VALUE})"),
]  # fmt: skip
BEFORE = [
    ("learning_rate", rf"(?<![\w.\-−–])(?P<v>{SMALL_VALUE})\s+(?:\w+\s+)?{_LR}\b"),
    ("epochs", rf"(?<![\w.\-−–])(?P<v>{COUNT_VALUE})\s+(?:training |more |total )?epochs?\b"),
    ("steps", rf"(?<![\w.\-−–])(?P<v>{COUNT_VALUE})\s+(?:training |gradient |optimi[sz]ation )?"
              r"(?:iterations|steps|updates)\b"),
    ("warmup_ratio", rf"(?<![\w.\-−–])(?P<v>{_PCT})\s+(?:linear |of )?(?:the )?(?:(?:training )?steps? )?"
                     r"(?:learning[- ]rate )?warm-?up\b"),
    ("warmup_steps", rf"(?<![\w.\-−–])(?P<v>{COUNT_VALUE})\s+(?:linear )?warm-?up (?:steps|iterations)\b"),
    ("warmup_steps", rf"(?<![\w.\-−–])(?P<v>{COUNT_VALUE})\s+(?:steps|iterations) of (?:linear )?warm-?up\b"),
    ("warmup_epochs", rf"(?<![\w.\-−–])(?P<v>{COUNT_VALUE})\s+(?:linear )?warm-?up epochs\b"),
    ("warmup_epochs", rf"(?<![\w.\-−–])(?P<v>{COUNT_VALUE})\s+epochs? of (?:linear )?warm-?up\b"),
    ("runs", rf"(?<![\w.\-−–])(?P<v>{COUNT_VALUE})\s+(?:(?:different|independent|random|separate|distinct)\s+)"
             r"{0,2}(?:random\s+)?(?:runs|seeds|trials|repetitions|training runs)\b"),
    ("runs", rf"\b(?:over|across|of|from)\s+(?P<v>{COUNT_VALUE})\s+(?:random\s+)?"
             r"(?:runs|seeds|trials|repetitions)\b"),
]  # fmt: skip
# "decay the learning rate to 0", "reduce the learning rate by 10": not the learning rate
DECAYED_RE = re.compile(r"\b(?:decay\w*|reduc\w*|anneal\w*|drop\w*|divid\w*|multipl\w*|"
                        r"scal\w*|lower\w*)\s+(?:the\s+|our\s+)?$", IC)  # fmt: skip
AFTER_RES = [(n, re.compile(p, IC)) for n, p in AFTER]
BEFORE_RES = [(n, re.compile(p, IC)) for n, p in BEFORE]
_LR_AFTER = next(pat for n, pat in AFTER_RES if n == "learning_rate")
SMALL_SETTINGS = {"learning_rate", "weight_decay", "momentum", "dropout", "label_smoothing",
                  "grad_clip", "warmup_ratio", "beta1", "beta2"}  # fmt: skip
BETAS_RE = re.compile(
    r"\b(?:β|beta)s?\s*(?:=|:)?\s*\(\s*(?P<a>0?\.\d+)\s*,\s*(?P<b>0?\.\d+)\s*\)|"
    r"\b(?:β|beta)\s*_?1\s*(?:=|:|of)\s*(?P<c>0?\.\d+)|\b(?:β|beta)\s*_?2\s*(?:=|:|of)\s*"
    r"(?P<d>0?\.\d+)",
    IC,
)
# steps of a window, a horizon or a sampler are not training steps
NOT_STEPS_RE = re.compile(
    r"(?:time|diffusion|denois\w+|sampling|ddim|ddpm|inference|window|horizon|rollout|"
    r"look-?ahead|unroll\w*|prediction|forecast\w*|warm-?up)\W+(?:\w+\W+){0,2}$",
    IC,
)
VALUE_SET_RE = re.compile(r"^\s*(?:∈|in|from|among|over)?\s*\{([^}]{1,120})\}", IC)
VALUE_RANGE_RE = re.compile(
    rf"^\s*(?:between\s+|from\s+)?(?P<a>{SMALL_VALUE}|{COUNT_VALUE})\s*(?:{_DASH}|and|to)\s*"
    rf"(?P<b>{SMALL_VALUE}|{COUNT_VALUE})",
    IC,
)
ROW_LABELS = [
    ("learning_rate", r"(?:peak |base |initial |max(?:imum)? )?(?:learning rate|lr)"),
    ("batch_size", r"(?:global |total |effective )?(?:mini-?)?batch[- ]?size(?: \(\w+\.?\))?"),
    ("epochs", r"(?:training |train |number of |# ?|num\.? )?epochs"),
    ("steps", r"(?:training |train |total |max(?:imum)? |number of )?(?:steps|iterations)"),
    ("weight_decay", r"weight[- ]decay"),
    ("momentum", r"momentum"),
    ("dropout", r"dropout(?: rate)?"),
    ("warmup_steps", r"warm-?up (?:steps|iterations)"),
    ("warmup_ratio", r"warm-?up ratio"),
    ("warmup_epochs", r"warm-?up epochs"),
    ("grad_clip", r"(?:grad(?:ient)?\.? (?:clip(?:ping)?|norm)|max(?:imum)? grad(?:ient)? norm)"),
    ("label_smoothing", r"label smoothing"),
    ("max_seq_len", r"max(?:imum|\.)? (?:seq(?:uence|\.)?|input|context) length"),
    ("optimizer", r"optimi[sz]er"),
]  # fmt: skip
ROW_RES = [(n, re.compile(rf"^{p}\s*[:=]?\s+(?P<rest>.{{1,120}})$", IC)) for n, p in ROW_LABELS]


def _number_of(setting: str, raw: str) -> float | None:
    value = parse_number(raw)
    if value is None:
        return None
    if setting not in SMALL_SETTINGS and "%" not in raw and value != int(value):
        return None  # a count (batch size, epochs, steps) is a whole number
    if setting in FRACTIONS and not 0 <= value <= 1:
        return None  # "with 0.2 dropout probability are 3.58": a result, not a probability
    return value


# settings whose value is a probability or a coefficient between 0 and 1
FRACTIONS = frozenset(("dropout", "label_smoothing", "warmup_ratio", "momentum", "beta1", "beta2"))


def _values_at(
    setting: str, text: str, start: int
) -> tuple[str, float | None, float | None, float | None] | None:
    """A set ``{a, b}`` or range ``a–b×10−5`` starting at ``start``: (text, None, low, high)."""
    rest = text[start : start + 140]
    m = VALUE_SET_RE.match(rest)
    if m:
        parsed = [_number_of(setting, x) for x in re.split(r"\s*,\s*", m.group(1))]
        nums = [x for x in parsed if x is not None]
        if len(nums) >= 2:
            return m.group(0).strip(), None, min(nums), max(nums)
    m = VALUE_RANGE_RE.match(rest)
    if m and re.search(_DASH, m.group(0)) is None and "between" not in m.group(0).lower():
        return None
    if m:
        a, b = m.group("a"), m.group("b")
        exp = re.search(rf"[×x·]\s?10\s?\^?\s?{_DASH}?\s?\d+$", b)
        if exp and not re.search(r"[×x·]", a):
            a = a + exp.group(0)  # "2–8×10−5": the exponent is shared
        lo, hi = _number_of(setting, a), _number_of(setting, b)
        if lo is not None and hi is not None and lo < hi:
            return m.group(0).strip(), None, lo, hi
    return None


def _setting(
    setting: str, raw: str, s: Sentence | Line, quote_text: str, scope: str, rank: int
) -> PaperSetting | None:
    number = _number_of(setting, raw)
    if number is None:
        return None
    return PaperSetting(setting, raw.strip(), number, s.page, quote_text,
                        s.section or None, scope.strip(), rank=rank)  # fmt: skip


def _after_hits(s: Sentence, rank: int) -> list[PaperSetting]:
    out: list[PaperSetting] = []
    text = s.text
    for name, pat in AFTER_RES:
        for m in pat.finditer(text):
            if not _training_context(text, m):
                continue
            if name == "learning_rate" and DECAYED_RE.search(
                text[max(0, m.start() - 30) : m.start()]
            ):
                continue
            q = excerpt(text, m.start(), m.end())
            span = _values_at(name, text, m.start("v"))
            if span is not None and name in SMALL_SETTINGS | {"batch_size", "epochs"}:
                raw, _, lo, hi = span
                out.append(PaperSetting(name, raw, None, s.page, q, s.section or None,
                                        low=lo, high=hi, rank=rank))  # fmt: skip
                continue
            first = _setting(name, m.group("v"), s, q, "", rank)
            if first is None:
                continue
            out.append(first)
            out.extend(_more_values(name, text, m.end("v"), s, q, rank))
    return out


def _more_values(
    name: str, text: str, end: int, s: Sentence, q: str, rank: int
) -> list[PaperSetting]:
    """ "... set to 8 for Cityscapes and 16 for all the other datasets": the further values."""
    kind = SMALL_VALUE if name in SMALL_SETTINGS else COUNT_VALUE
    pat = re.compile(rf"{_MORE}(?P<v>{kind})\s+(?P<scope2>(?:for|on|in)\s+[^,;.]{{1,50}})", IC)
    out: list[PaperSetting] = []
    first = re.match(r"\s+((?:for|on|in)\s+[^,;.]{1,50}?)(?=\s*(?:,|and|or)\s)", text[end:])
    pos = end
    while len(out) < 4:
        m = pat.match(text, pos)
        if m is None:
            break
        hit = _setting(name, m.group("v"), s, q, m.group("scope2"), rank)
        if hit is not None:
            out.append(hit)
        pos = m.end("v")
    if out and first is None:
        return []  # "lr of 0.1 and 64 for ..." is not a list of per-experiment values
    return out


# a clause about early stopping: the epoch count in it is the patience, not the training length
_STOPPING_RE = re.compile(r"early[- ]stop\w*|\bpatience\b", re.I)


def _before_hits(s: Sentence, rank: int) -> list[PaperSetting]:
    out: list[PaperSetting] = []
    text = s.text
    for name, pat in BEFORE_RES:
        for m in pat.finditer(text):
            lead = text[max(0, m.start() - 40) : m.start()]
            if not _training_context(text, m):
                continue
            if name in ("epochs", "steps") and _BEFORE_EPOCH_NOT.search(lead):
                continue
            clause = re.split(r"[,;:]", text[: m.start()])[-1]
            if name in ("epochs", "steps") and _STOPPING_RE.search(clause):
                continue  # "early stopping on the validation F1 for 6 epochs": the patience
            if name == "steps" and (NOT_STEPS_RE.search(lead) or not TRAIN_WORD_RE.search(text)):
                continue
            if name in ("epochs", "steps") and re.match(r"\s*(?:[-–]|to)\s*\d", text[m.end("v") :]):
                continue
            if re.search(r"[\d.]\s*(?:[-–]|to|and|or|,)\s*$", lead[-6:]):
                continue  # the end of a list or range: "10 to 20 epochs"
            hit = _setting(name, m.group("v"), s, excerpt(text, m.start(), m.end()), "", rank)
            if hit is not None:
                out.append(hit)
    return out


def _optimizer_hits(s: Sentence, rank: int) -> list[PaperSetting]:
    if not OPTIMIZER_CONTEXT_RE.search(s.text):
        return []
    out = []
    for m in OPTIMIZER_NAME_RE.finditer(s.text):
        near = s.text[max(0, m.start() - 25) : m.end() + 25]
        if not OPTIMIZER_NEAR_RE.search(near):
            continue  # "SGD" the dataset, a name in a list of results
        name = OPTIMIZERS.get(m.group(1).lower().replace("-", ""), m.group(1))
        q = excerpt(s.text, m.start(), m.end())
        out.append(PaperSetting("optimizer", name, None, s.page, q, s.section or None, rank=rank))
    return out


def _named_hits(s: Sentence, rank: int) -> list[PaperSetting]:
    """Schedules by family and Adam betas."""
    out = []
    for m in SCHEDULE_RE.finditer(s.text):
        fam = m.group(1).lower()
        fam = SCHEDULE_FAMILY.get(fam, fam)
        q = excerpt(s.text, m.start(), m.end())
        out.append(PaperSetting("lr_schedule", fam, None, s.page, q, s.section or None, rank=rank))
    for m in BETAS_RE.finditer(s.text):
        q = excerpt(s.text, m.start(), m.end())
        pairs = (("beta1", m.group("a") or m.group("c")), ("beta2", m.group("b") or m.group("d")))
        for name, raw in pairs:
            if raw:
                hit = _setting(name, raw, s, q, "", rank)
                if hit is not None:
                    out.append(hit)
    return out


def _row_hits(ln: Line, rank: int) -> list[PaperSetting]:
    """A hyperparameter-table row: "Learning rate 2–8×10−5 1–5×10−6", "Epochs 2 1"."""
    for name, pat in ROW_RES:
        m = pat.match(ln.text.strip())
        if m is None:
            continue
        rest = m.group("rest")
        if name == "optimizer":
            found = [OPTIMIZERS.get(x.lower().replace("-", ""), x)
                     for x in OPTIMIZER_NAME_RE.findall(rest)]  # fmt: skip
            out = [PaperSetting("optimizer", v, None, ln.page, ln.text, ln.section or None,
                                f"column {i + 1}", rank=rank) for i, v in enumerate(found)]  # fmt: skip
            if len(found) == 1:  # "Optimizer   Adam with initial learning rate 0.0001"
                hit = _LR_AFTER.search(rest)
                lr = hit and _setting("learning_rate", hit.group("v"), ln, ln.text, "", rank)
                if lr:
                    out.append(lr)
            return out
        return _row_values(name, rest, ln, rank)
    return []


def _row_values(name: str, rest: str, ln: Line, rank: int) -> list[PaperSetting]:
    out: list[PaperSetting] = []
    kind = SMALL_VALUE if name in SMALL_SETTINGS else rf"(?:{_KILO}|{_INT})"
    cell = re.compile(rf"(?<![\w.(/])(?P<v>{kind})(?![\w/)])", IC)
    pos, col = 0, 0
    while pos < len(rest) and col < 8:
        if rest[pos].isspace():
            pos += 1
            continue
        span = _values_at(name, rest, pos)
        if span is not None:
            raw, _, lo, hi = span
            out.append(PaperSetting(name, raw, None, ln.page, ln.text, ln.section or None,
                                    f"column {col + 1}", lo, hi, rank))  # fmt: skip
            pos += len(raw) + (len(rest[pos:]) - len(rest[pos:].lstrip()))
            col += 1
            continue
        m = cell.match(rest, pos)
        if m is None:
            break  # prose, not a row of values
        hit = _setting(name, m.group("v"), ln, ln.text, f"column {col + 1}", rank)
        if hit is not None:
            out.append(hit)
        pos, col = m.end(), col + 1
    return out


NUMBER_TOKEN_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
MAX_SENTENCE_NUMBERS = 12


def _sentence_settings(s: Sentence, rank: int) -> list[PaperSetting]:
    if len(NUMBER_TOKEN_RE.findall(s.text)) > MAX_SENTENCE_NUMBERS:
        return []  # a table read as one run of text: its rows are read line by line instead
    return [
        *_after_hits(s, rank),
        *_before_hits(s, rank),
        *_optimizer_hits(s, rank),
        *_named_hits(s, rank),
    ]


def paper_settings(paper: PaperFacts) -> tuple[PaperSetting, ...]:
    """Every training setting the paper states with a value, best quote first per value."""
    return paper.memo("settings", lambda: _paper_settings(paper))


def _paper_settings(paper: PaperFacts) -> tuple[PaperSetting, ...]:
    kinds = section_kinds(paper)
    found: list[PaperSetting] = []
    for s in paper.body_sentences():
        if _usable(s.section, kinds):
            found.extend(_sentence_settings(s, PREFERRED_KINDS.get(kinds.get(s.section, ""), 0)))
    for ln in paper.lines:
        if ln.zone == "body" and not ln.heading and _usable(ln.section, kinds):
            found.extend(_row_hits(ln, PREFERRED_KINDS.get(kinds.get(ln.section, ""), 0)))
    return _dedupe(found)


def _dedupe(found: list[PaperSetting]) -> tuple[PaperSetting, ...]:
    """One entry per (setting, value): the best-placed quote, then page order."""
    best: dict[tuple[object, ...], PaperSetting] = {}
    for h in found:
        key = (h.setting, h.number if h.number is not None else h.value.lower(), h.low, h.high)
        old = best.get(key)
        if old is None or (h.rank, bool(h.scope)) > (old.rank, bool(old.scope)):
            best[key] = h
    return tuple(sorted(best.values(), key=lambda h: (h.setting, h.page)))
