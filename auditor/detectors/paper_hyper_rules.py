"""Patterns for the hyperparameters check: core training settings, other settings, tuning.

General rules (tuned on papers-dev, no paper-specific cases): values may be written ``1e-4``,
``10−3`` (unicode minus), ``3 × 10^-4``, ``3 · 10−3``, before or after the name, with ``of``,
``=``, ``is``, ``set to``, ``fixed to``; hyperparameter tables are read row by row and by
column header. Step sizes in theorems, test-time or sampling procedures are not training
settings.
"""

from __future__ import annotations

import re

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
