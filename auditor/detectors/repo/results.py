"""README results: a table of results with the precise commands that reproduce it."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.detectors.repo.code import (
    EVAL_CMD,
    SCRIPT_TOKEN,
    TRAIN_CMD,
    purpose_words,
    runs_unit_tests,
)
from auditor.detectors.repo.data import DOWNLOAD_SCRIPT
from auditor.facts import Facts
from auditor.facts.code import DATA_PREP
from auditor.facts.evidence import command_lines, doc_ev, first, link_ev
from auditor.facts.markdown import Document, Table, is_number_cell
from auditor.facts.repo import RepoFacts
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


# columns that describe a model or a download rather than measure it (size, context length,
# parameters, links): numbers there are not results
DESCRIPTIVE_COLUMN = re.compile(
    r"\bsize\b|#|\bparam|context|length|resolution|\bres\b|flops|macs|memory|\bgpus?\b|date|year|"
    r"download|link|url|ckpt|checkpoint|config|\blogs?\b|licen[cs]e|version|count|number of|"
    r"examples|samples|images|classes|layers|\bdim|heads|tokens|\bbatch|\blr\b|epochs?|"
    r"iter|steps|hours|days|\bname\b|\bid\b|split|storage|disk|depth|width|hidden|embed|"
    r"blocks|channels|patch|kernel|stride|\barch|"
    # settings written in scientific notation (1e-6): perturbation scale, decay, temperature
    r"\beps(ilon)?\b|\bwd\b|weight[- ]decay|momentum|dropout|warm-?up|\btemp(erature)?\b",
    re.I,
)
# a command that makes numbers: runs a script or module, and is not an install, a download,
# a demo, sampling, plotting or a unit test
RUN_RE = re.compile(
    r"\b(python[\d.]*|torchrun|accelerate\s+launch|deepspeed|bash|sh|srun|sbatch|mpirun|"
    r"julia|Rscript|matlab|th)\b|^\s*\$?\s*\./\S+|\.py\b"
)
NOT_RESULT_CMD = re.compile(
    r"\b(pip3?|conda|apt(-get)?|git\s+clone|cd|wget|curl|gdown|mkdir|export|source|docker)\b|"
    r"download|install|setup\.py",
    re.I,
)
# a program or script (not a flag's name: --sample-break-mode) that shows rather than measures
SHOW_CMD = re.compile(
    r"demo|sample|example|visuali[sz]|plot|draw|show|gradio|app\.py|streamlit|serve|server|"
    r"notebook|jupyter",
    re.I,
)
# a command that may run unit tests: results only when its test_*.py / *_test.py script is no
# unit-test module (python train_test.py --test_phase evaluates a checkpoint)
TEST_CMD = re.compile(r"pytest|unittest|(^|[\s/])test_\w*\.py|_test\.py|tests?/", re.I)


# a status badge (Colab, Hugging Face Spaces, CI, licence), not a picture of results
BADGE = re.compile(r"shields\.io|badge|badgen\.net", re.I)


class ResultsParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_numeric_cells: int = 2


def _measured(table: Table) -> list[str]:
    """Numeric cells in columns that measure something (not sizes, lengths or links)."""
    if not table.header:
        return [c for r in table.rows for c in r if is_number_cell(c)]
    keep = [j for j, h in enumerate(table.header) if not DESCRIPTIVE_COLUMN.search(h)]
    return [r[j] for r in table.rows for j in keep if j < len(r) and is_number_cell(r[j])]


# a whole count: 143, 1,000, 69,035, 113K, 3.2M (not 76.3, 85%, 0.53 ± 0.02)
_COUNT_CELL = re.compile(r"\d{1,3}(?:,\d{3})+|\d+|\d+(?:\.\d+)?\s*[kKmMbB]")


def _counts_table(table: Table, cells: list[str]) -> bool:
    """Every measured cell (``cells``) is a whole count and no column names a metric: the table
    counts things (devices and samples per dataset, images and tags per corpus, row numbers),
    it measures nothing."""
    if not cells or _METRIC_COLUMN.search(" ".join(table.header)):
        return False
    return all(_COUNT_CELL.fullmatch(c.strip().strip("*_`")) for c in cells)


# row labels of a dataset-statistics table (#Users, #Items, Density ...)
STATISTIC_ROW = re.compile(
    r"^\W*(#|num(ber)? of\b|\b(users?|items?|interactions?|ratings?|nodes?|edges?|density|"
    r"sparsity|instances?|classes|features|graphs|relations?|entities|triples?|vocab\w*|"
    r"avg\.? (degree|length)|sentences|documents|tokens)\b)",
    re.I,
)


def _statistics_table(table: Table) -> bool:
    """Most rows are labelled by a dataset statistic: the table describes data."""
    labels = [r[0] for r in table.rows if r and r[0].strip()]
    return len(labels) >= 2 and sum(bool(STATISTIC_ROW.search(x)) for x in labels) * 2 > len(labels)


# a column named for a measured quality
_METRIC_COLUMN = re.compile(
    r"\bacc\b|accuracy|\bf1\b|\bauc\b|bleu|rouge|\bm?iou\b|\bmap\b|psnr|ssim|\bfid\b|"
    r"top-?[15]\b|\berror\b|\(%\)|"
    # detection's average precision ("box AP", "AP50"), regression and speech errors, ranking
    r"\bap(\d+|[sml])?\b|\bmae\b|\bmse\b|\brmse\b|\bwer\b|\bcer\b|\bppl\b|perplexity|"
    r"ndcg|\bmrr\b|\bhits?@|recall@|auroc",
    re.I,
)


def _options_header(columns: tuple[str, ...], heading: str) -> bool:
    """The column names describe options or settings. Under a results heading a "config"
    column does not say so (results tables label their rows by model config, "Model config |
    parameters | valid MAE" under "Expected performance", or link each row's config file), nor
    does a settings column beside the measured ones ("Dataset | Model | Dev | Test |
    Hyper-parameters" under "Performance of pre-trained models"): an options table names its
    settings in its first column ("Parameter | Value")."""
    header = " ".join(columns)
    words = [m.group(0).lower() for m in NOT_RESULTS.finditer(header)]
    only_config = bool(words) and all(w == "config" for w in words)
    if only_config and _METRIC_COLUMN.search(header):
        return False  # "Task | Dataset | Config | Acc. | Download": each row's config, measured
    if not words or not RESULTS_HEADING.search(heading):
        return bool(words)
    if only_config:
        return False
    return bool(columns) and bool(NOT_RESULTS.search(columns[0]))


def _is_results_table(table: Table, min_numeric: int, intro: str = "") -> bool:
    cells = _measured(table)
    if len(cells) < min_numeric or _statistics_table(table) or _counts_table(table, cells):
        return False
    header = " ".join(table.header)
    if _options_header(table.header, table.heading or "") and not RESULTS_HEADING.search(header):
        return False
    if (
        table.heading
        and NOT_RESULTS.search(table.heading)
        and not RESULTS_HEADING.search(table.heading)
        and not RESULTS_HEADING.search(intro)
    ):
        return False  # a table under "Requirements", unless its own sentence says results
    return True


def _intro(doc: Document, table: Table) -> str:
    """The sentence just above a table ("The results using different seeds are:")."""
    for k in range(table.line - 2, max(table.line - 4, 0) - 1, -1):
        if 0 <= k < len(doc.lines) and doc.lines[k].strip():
            text = doc.lines[k].strip()
            return "" if text.startswith(("#", "|", "<")) else text
    return ""


def result_command(cmd: str, repo: RepoFacts | None = None, near: str = "") -> bool:
    """A concrete command that trains or evaluates and so can produce a table's numbers (with
    ``repo``, a ``test_*.py`` script it runs is read to tell an evaluation from unit tests)."""
    if not RUN_RE.search(cmd) or NOT_RESULT_CMD.search(cmd) or len(cmd) >= 2000:
        return False
    if re.fullmatch(r"[\w./-]+\.(py|sh|ipynb)", cmd.strip()) and not cmd.strip().startswith("./"):
        return False  # a file named in prose ("see `main.py`"), not a command ready to run
    if SHOW_CMD.search(" ".join(t for t in cmd.split() if not t.startswith("-"))):
        return False
    scripts = [t.rsplit("/", 1)[-1] for t in SCRIPT_TOKEN.findall(cmd)]
    if scripts and all(DATA_PREP.search(t) or DOWNLOAD_SCRIPT.search(t) for t in scripts):
        return False  # bash get_data.sh wikitext-103: fetches or builds data, makes no numbers
    if TEST_CMD.search(cmd):
        return repo is not None and not runs_unit_tests(repo, cmd, near)
    return True


def _says_purpose(cmd: str) -> bool:
    """The command says it evaluates or trains (not an index build or a conversion)."""
    said = purpose_words(cmd)
    return bool(EVAL_CMD.search(said) or TRAIN_CMD.search(said))


@detector("results", ResultsParams)
def results(facts: Facts, min_numeric_cells: int) -> Outcome:
    """Pass: the README (the root README and the in-repo documents it links to) holds a table
    of measured numbers and a concrete train/evaluate command; evidence shows a table and the
    commands of the same document first. A table without such a command, or results shown only
    as images, fails (the numbers cannot be reproduced from the README), as does a table of
    sizes or downloads."""
    repo = facts.repo
    assert repo is not None
    if not repo.readme_docs:
        return Outcome("fail", "no README found", (), "the repository root for README.md/.rst/.txt")
    tables: list[Evidence] = []
    images: list[Evidence] = []
    commands: list[Evidence] = []
    paired: list[Evidence] = []
    for doc in repo.readme_docs:
        found = [
            doc_ev(doc, t.line, f"table: {' | '.join(t.header)[:150]} ({len(t.rows)} rows)")
            for t in doc.tables
            if _is_results_table(t, min_numeric_cells, _intro(doc, t))
        ]
        runs = [
            (ln, cmd) for ln, cmd, _h in command_lines(doc) if result_command(cmd, repo, doc.path)
        ]
        runs.sort(key=lambda r: not _says_purpose(r[1]))  # evidence: evaluate / train first
        cmds = [doc_ev(doc, ln, cmd) for ln, cmd in runs]
        images += [
            link_ev(doc, lk)
            for lk in doc.links
            if lk.image and lk.heading and RESULTS_HEADING.search(lk.heading)
            and not BADGE.search(lk.url)
        ]  # fmt: skip
        tables += found
        commands += cmds
        if found and cmds:
            paired += found[:3] + cmds[:3]
    searched = (
        f"{len(repo.readme_docs)} README document(s) (the root README and in-repo docs it links "
        "to) for tables of measured numbers and, in the same document, train/evaluate commands"
    )
    if tables and commands:
        return Outcome(
            "pass", f"{len(tables)} results table(s) and {len(commands)} train/evaluate "
            "command(s) in the README", first(paired + tables[:3] + commands[:3]),
        )  # fmt: skip
    if tables:
        return Outcome(
            "fail", f"{len(tables)} results table(s) but no train/evaluate command in the README",
            first(tables), searched,
            advice="Add the exact command that produces each row of the table.",
        )  # fmt: skip
    if images:
        return Outcome(
            "fail", "results are shown only as image(s); no table of numbers",
            first(images + commands[:2]), searched,
            advice="Put the main numbers in a Markdown table (images cannot be searched or copied).",
        )  # fmt: skip
    return Outcome("fail", "no results table in the README", (), searched)
