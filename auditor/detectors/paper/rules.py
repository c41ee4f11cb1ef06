"""Patterns and rules for the paper-reporting detectors (tuned on the papers-dev set).

The rules follow the labelling rules of the evaluation set: other uses of "seed", a std that
describes data or initialisation, a bare "a single GPU", third-party GitHub URLs and tables of
hyperparameters or dataset statistics do not count.
"""

from __future__ import annotations

import re

from auditor.facts.paper import PaperFacts, PaperUrl
from auditor.facts.paper.structure import Caption

IC = re.I
NUM = (
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|"
    r"hundred)"
)

SEED_RES = [
    re.compile(
        r"\bseeds?\b(?:\s+(?:values?|numbers?|is|are|was|were|set to|of|fixed to|=|:))*"
        r"\s*[{(\[]?\s*\d+",
        IC,
    ),
    re.compile(
        rf"\b{NUM}\s+(?:(?:different|independent|random|separate|distinct|individual)"
        r"\s+){1,2}(?:random\s+)?(?:runs|seeds|trials|repetitions|repeats|restarts|"
        r"experiments|training runs)\b",
        IC,
    ),
    re.compile(
        rf"\b(?:over|across|of|from|for|on)\s+{NUM}\s+(?:random\s+)?(?:runs|seeds|trials|"
        r"repetitions|repeats|restarts)\b",
        IC,
    ),
    re.compile(rf"\b{NUM}\s+(?:runs|seeds|trials)\s+(?:with|using)\s+(?:different\s+)?random", IC),
    re.compile(rf"\b(?:repeat\w*|ran|run|rerun)\s+(?:\w+\s+){{0,4}}?{NUM}\s+times\b", IC),
    re.compile(r"\b(?:\d+|ten|five)[- ]fold cross[- ]validation\b", IC),
]

ERROR_BAR_RES = [
    re.compile(r"\d\s*(?:±|\+/-|\+-)\s*\d"),
    re.compile(
        r"(?:error bars?|shaded (?:areas?|regions?|bands?)|shading(?: areas?)?|"
        r"shadows?|bands?|whiskers)\b[^.]{0,60}\b(?:std|standard (?:deviation|error)|"
        r"confidence|quantiles?|percentiles?|variance|sigma|min(?:imum)?\b|"
        r"\d+\s?%)",
        IC,
    ),
    re.compile(
        r"(?:standard (?:deviation|error)s?|\bstd\.?|\bs\.e\.m?\.?|confidence intervals?|"
        r"\b\d+\s?% CIs?\b)[^.]{0,80}\b(?:over|across|of|from)\s+(?:the\s+)?(?:\d+\s+|"
        r"three |five |ten |multiple |different |independent )*(?:runs|seeds|trials|"
        r"repetitions|folds|tasks|episodes|independent|random)",
        IC,
    ),
    re.compile(
        r"\b(?:mean|average)s?\s+(?:and|±)\s+(?:the\s+)?(?:sample\s+)?(?:standard "
        r"(?:deviation|error)|std|confidence interval)",
        IC,
    ),
    re.compile(r"\b(?:\d+\s?%|bootstrap(?:ped)?) (?:confidence interval|CI)s?\b", IC),
    re.compile(
        r"\b(?:1|2|one|two)-sigma error bars?\b|\berror bars? (?:represent|show|"
        r"indicate|denote|mark|correspond|are)\b",
        IC,
    ),
    re.compile(r"\bwith std\.?\)|\(std\.?\)|\bmean\s*±\s*std\b", IC),
]

GPU_MODEL = (
    r"(?:[VAPKH]100|[AH]800|H200|A6000|A40|A10G?|K[48]0|P40|T4 GPU|TITAN ?(?:X[p]?|V|RTX)?|"
    r"Titan ?(?:X[p]?|V|RTX)|(?:GTX|RTX) ?\d{3,4}(?: ?Ti)?|[1-4]0[6-9]0 ?Ti|RTX ?A\d{4}|"
    r"TPU ?v?\d|TPUv\d|Quadro ?\w+|Tesla ?[KMPVT]\d+|Xeon|EPYC|Core ?i[3579]|i[3579]-\d{4,5}|"
    r"Apple M[1-4]|MI[1-3]\d{2}X?|Gaudi\d?|Ascend ?\d+)"
)
COMPUTE_RES = [
    re.compile(rf"\b{GPU_MODEL}\b"),
    re.compile(
        r"\b\d[\d,.]*\s*(?:k\s*)?(?:GPU|TPU|CPU|node|core|device)[- ]?(?:hours?|hrs?|days?)\b", IC
    ),
    re.compile(r"\b(?:GPU|TPU|CPU)[- ]?(?:hours?|days?)\b", IC),
    re.compile(
        r"\b(?:train\w*|took|takes|run(?:ning)? times?|wall[- ]?clock|fine-?tun\w*|"
        r"converge\w*)\b[^.]{0,60}?\b\d+(?:\.\d+)?\s*(?:to|-|–)?\s*\d*\s*(?:hours|hrs|"
        r"days|minutes|mins|h|GPU-hours)\b",
        IC,
    ),
    re.compile(r"\b\d+\s*h(?:ours)?\s+(?:of\s+)?(?:training|on\s+(?:a|one|\d+))", IC),
    re.compile(r"\btime cost\b[^.]{0,40}\d+m\d+s", IC),
]

CODE_HOST_RE = re.compile(
    r"(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|anonymous\.4open\.science|huggingface\.co|"
    r"zenodo\.org|codeocean\.com|sourceforge\.net|git\.io|bit\.ly|tinyurl\.com|goo\.gl|"
    r"github\.io|gitee\.com|osf\.io)",
    IC,
)
REPO_PATH_RE = re.compile(
    r"(?:github\.com|gitlab\.com|bitbucket\.org|gitee\.com|codeberg\.org)/[\w.-]+/[\w.-]+", IC
)
OWN_RE = re.compile(
    r"\b(?:our|source|official)\s+(?:code|implementation|source code|codebase|"
    r"repository|repo)\b|\bcode\b[^.]{0,40}\b(?:available|released|provided|public|open[- ]?"
    r"sourced?|reproduc\w*|found)\b|\b(?:code|implementation)\b[^.]{0,30}\b(?:is|are|can be)\s+"
    r"(?:hosted\s+|kept\s+|found\s+)?(?:at|on)\s+(?:https?://|www\.)|(?<![A-Za-z])code\s*[:：]|\b(?:we|authors)\s+(?:will\s+)?(?:release|"
    r"open[- ]?source|provide|make|publish|share)\b|\bwebsite and code\b|\bavailable (?:at|"
    r"online|from|here)\b|\bproject page\b[^.]{0,30}\bcode\b|\bimplementation\b[^.]{0,40}"
    r"\bavailable\b|\breproduc\w+\b[^.]{0,60}\bavailable\b|\bpublicly available\b",
    IC,
)
THIRD_RE = re.compile(
    r"\b(?:we (?:use|used|adopt|adopted|build on|built on)|based on|built (?:up)?on|adapted "
    r"from|baselines?|toolkit|library|libraries|model zoo|provided by|released by|implementation"
    r" of(?! (?:the |our )?(?:proposed|our|this))|official implementation|(?:pre-?trained|trained) (?:models?|weights|checkpoints)|"
    r"checkpoints?|downloaded from|obtained from|taken from|we thank|funded|grant|codebase from|"
    r"code from|et al\.|licen[cs]e)(?!\w)",
    IC,
)


# a URL on any host (a project page, a lab server) is the paper's code when its line says so
OWN_WORD_RE = re.compile(r"\b(?:code|implementation|source code|codebase)\b", IC)
URL_LINE_RE = re.compile(r"https?://|www\.|github\.com", IC)
NOT_CODE_PATH_RE = re.compile(r"/(?:issues|pull|pulls|commit|commits|discussions)(?:/|$)", IC)


def _footnote_mark(paper: PaperFacts, u: PaperUrl) -> str | None:
    """The footnote mark of a footnote URL: ``3https://...`` or a bare ``3`` line before it."""
    m = re.match(
        r"^\s*(\d{1,2})\s*(?:[A-Za-z][\w ]{0,20}:\s*)?(?:https?://|www\.|github|gitlab)", u.context
    )
    if m:
        return m.group(1)
    texts = [ln.text for ln in paper.lines if ln.page == u.page]
    if u.context in texts:
        i = texts.index(u.context)
        if i > 0 and re.fullmatch(r"\d{1,2}", texts[i - 1]):
            return texts[i - 1]
    return None


def _footnote_context(paper: PaperFacts, u: PaperUrl) -> str:
    """For a footnote URL, the body line that carries its footnote mark (``online3``)."""
    mark = _footnote_mark(paper, u)
    if not mark:
        return ""
    pat = re.compile(rf"[A-Za-z)\]}}.,]{re.escape(mark)}(?![\w]|\.\d)")
    lines = [ln.text for ln in paper.lines if ln.page == u.page]
    hits = [
        _marked_sentence(lines, i, pat)
        for i, text in enumerate(lines)
        if pat.search(text) and not URL_LINE_RE.search(text)
    ]
    own = [t for t in hits if OWN_RE.search(t)]
    return (own or hits or [""])[0]


def _marked_sentence(lines: list[str], i: int, pat: re.Pattern[str]) -> str:
    """The sentence that carries a footnote mark (``... available online2``), mark removed.

    The line before is joined in, so "code" words earlier in the sentence count too.
    """
    prev = lines[i - 1] if i > 0 and not URL_LINE_RE.search(lines[i - 1]) else ""
    text = (prev + " " + lines[i]).strip()
    m = pat.search(text, len(prev))
    if m is None:
        return lines[i]
    start = max([0, *(x.end() for x in re.finditer(r"[.!?]\s+(?=[A-Z])", text[: m.start()]))])
    return text[start : m.start() + 1] + " " + text[m.end() :]


def link_excerpt(paper: PaperFacts, u: PaperUrl) -> str:
    """The URL's line, plus the body sentence that carries its footnote mark, if any."""
    note = _footnote_context(paper, u)
    return f"{u.context} (footnote to: {note.strip()})" if note.strip() else u.context


def _context(paper: PaperFacts, u: PaperUrl) -> str:
    lines = [ln for ln in paper.lines if ln.page == u.page]
    texts = [ln.text for ln in lines]
    ctx = u.context
    if u.context in texts:
        i = texts.index(u.context)
        ctx = " ".join(texts[max(0, i - 2) : i + 1])
    return ctx + " " + _footnote_context(paper, u)


def _sentence_of(ctx: str, url: str) -> str:
    """The sentence of ``ctx`` that holds the URL (the whole context when it is not found)."""
    at = ctx.find(url[: max(12, len(url) // 2)])
    if at < 0:
        return ctx
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", ctx[:at])
    return parts[-1] + ctx[at:]


def is_own_code(paper: PaperFacts, u: PaperUrl) -> bool:
    url = u.url
    if "anonymous.4open.science" in url.lower():
        return True
    if NOT_CODE_PATH_RE.search(url):
        return False
    if not CODE_HOST_RE.search(url) and not OWN_WORD_RE.search(u.context):
        return False
    ctx = _context(paper, u)
    local = u.context
    if THIRD_RE.search(local) and not OWN_RE.search(local):
        return False
    # a third-party cue inside the own-code phrase ("code and trained models are available")
    # is part of that phrase, not a sign of someone else's code
    third = THIRD_RE.search(OWN_RE.sub(" ", _sentence_of(ctx, url)))
    if OWN_RE.search(ctx) and not (third and not OWN_RE.search(local)):
        return (
            bool(REPO_PATH_RE.search(url))
            or bool(re.search(r"\bcode\b", ctx, IC))
            or "huggingface" not in url.lower()
        )
    return False


def code_links(paper: PaperFacts) -> list[PaperUrl]:
    found = [u for u in paper.urls if u.zone == "body" and is_own_code(paper, u)]
    found.sort(key=lambda u: (not REPO_PATH_RE.search(u.url), u.page))
    out: list[PaperUrl] = []
    for u in found:
        if all(u.url.rstrip("/.") != o.url.rstrip("/.") for o in out):
            out.append(u)
    return out


RESULT_CAPTION_RE = re.compile(
    r"\b(?:results?|performance|accuracy|accuracies|compar\w+|error|scores?|F1|BLEU|ROUGE|mAP|"
    r"mIoU|PSNR|SSIM|MAE|MSE|RMSE|AUC|AUROC|ablation|evaluat\w+|win[- ]?rates?|speed|"
    r"throughput|latency|success|reward|return|loss|NLL|perplexity|precision|recall|"
    r"benchmark\w*|outperform\w*|baselines?|versus|vs\.?|improvement|top-?1|correlation)\b",
    IC,
)
NOT_RESULT_CAPTION_RE = re.compile(
    r"\b(?:hyper-?parameters?|statistics|notation|assumptions?|complexit\w+|convergence rates?|"
    r"prompts?|examples? of|licen[cs]es?|summary of (?:the )?datasets?|dataset (?:details|"
    r"summary|overview|description)|configurations?|architecture)\b",
    IC,
)


def results_tables(paper: PaperFacts) -> list[Caption]:
    out = []
    for c in paper.captions:
        if c.kind != "table" or c.zone != "body":
            continue
        text = c.text[len(c.label) :]
        if NOT_RESULT_CAPTION_RE.search(text) and not re.search(
            r"\b(?:results?|accuracy|performance)\b", text, IC
        ):
            continue
        if RESULT_CAPTION_RE.search(text) and _numeric_page(paper, c.page):
            out.append(c)
    return out


def _numeric_page(paper: PaperFacts, page: int) -> bool:
    text = paper.page_texts[page - 1] if 0 < page <= len(paper.page_texts) else ""
    return len(re.findall(r"(?<![\w.])\d+\.\d+\b|\b\d+(?:\.\d+)?\s?%", text)) >= 6
