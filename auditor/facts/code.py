"""Training and evaluation code in a repository: scripts named for the task, the calls that
train or measure (optimizer steps, metric computations), and CLI flags that select a mode.
Shared by the completeness and reproducibility checks; detectors judge it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.facts.evidence import call_ev, file_ev
from auditor.facts.python_src import PyInfo
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

CODE_EXT = (".py", ".ipynb", ".sh", ".lua", ".m", ".r", ".jl", ".cpp", ".scala", ".java")
# a tests folder (or pytest's conftest), and a file named as a test module
TEST_FOLDER = re.compile(r"(^|/)(tests?|testing|unittests?)/|conftest\.py$")
TEST_FILE = re.compile(r"(^|/)test_[^/]*\.py$|_test\.py$")
TEST_DIRS = re.compile(f"{TEST_FOLDER.pattern}|{TEST_FILE.pattern}")
VENDOR = re.compile(
    r"(^|/)(third_party|thirdparty|external|vendor|site-packages|docs?|\.[^/.][^/]*)/", re.I
)

TRAIN_NAME = re.compile(
    r"(^|[/_\-.])(train|training|trainer|finetune|fine_tune|pretrain|fit|learn|run_train|"
    r"main_train|optimi[sz]e)[^/]*\.(py|ipynb|sh|lua|m|r|jl)$",
    re.I,
)
EVAL_NAME = re.compile(
    r"(^|[/_\-.])(eval|evaluate|evaluation|test|testing|inference|infer|predict|prediction|"
    r"benchmark|validate|validation|score|metrics?|run_exp|experiments?|reproduce|demo)[^/]*"
    r"\.(py|ipynb|sh|lua|m|r|jl)$",
    re.I,
)
TRAIN_CALL = re.compile(
    r"(^|\.)(backward|minimize|apply_gradients|fit|fit_generator|train_on_batch|train_step)$|"
    r"(\.|^)(optimizer|optim|opt|trainer)\.step$|trainer\.(fit|train)$|(^|\.)Trainer$|"
    r"GradientTape$|(^|\.)(train|run_training|train_model|train_epoch)$|optax\.|"
    r"tf\.train\.\w+Optimizer$|torch\.optim\.\w+$|keras\.optimizers\.|jax\.(value_and_)?grad$|"
    r"\.update$|"
    # gensim's embedding models train on the corpus they are built with
    r"^gensim\.models\.(Word2Vec|Doc2Vec|FastText)$"
)
# "precision" as a metric, not the numeric precision of a computation
# (torch.set_float32_matmul_precision, jax.default_matmul_precision, mixed_precision)
_PRECISION = r"(?<!matmul_)(?<!mixed_)(?<!half_)(?<!double_)(?<!numeric_)precision"
EVAL_CALL = re.compile(
    r"(^|\.)(evaluate|eval|predict|predict_proba|test|inference|validate|score|"
    r"compute_metrics?|evaluate_model|run_eval|run_test)$|sklearn\.metrics\.|"
    rf"(accuracy|f1|{_PRECISION}|recall|roc_auc|mean_squared_error|r2|bleu|rouge)(_score)?$|"
    r"no_grad$|(^|\.)metrics?\.|torchmetrics\.|evaluate\.load$|"
    r"(corpus_bleu|sentence_bleu|average_precision_score|confusion_matrix|classification_report)$"
)
# metric computations: what measures a model (not model.eval(), no_grad() or a training loss)
METRIC_FN = re.compile(
    r"sklearn\.metrics\.|torchmetrics\.|(^|\.)evaluate\.load$|(^|\.)(load_metric|compute_metrics?|"
    r"evaluate|evaluation|evaluate_model|run_eval|run_evaluation|run_test|validate|test_model|"
    r"eval_model|eval_epoch|evaluate_policy|(calc|calculate|compute|get)_(eval_)?metrics?|"
    r"simple_evaluate|evaluate_checkpoint|score_outputs?|metrics?)$|"
    # a Lightning trainer's test / validation loop runs the module's test_step on held-out data
    r"(^|\.)trainer\.(test|validate)$|"
    rf"(^|\.)(\w+_)?(accuracy|top_?k_accuracy|f1|{_PRECISION}|recall|roc_auc|auc|average_precision|"
    r"r2|bleu|corpus_bleu|sentence_bleu|rouge|meteor|wer|cer|psnr|ssim|lpips|fid|"
    r"inception_score|iou|miou|mean_iou|mean_average_precision|ndcg|mrr|perplexity|"
    r"exact_match|pass_at_k|spearmanr|pearsonr|kendalltau|matthews_corrcoef|confusion_matrix|"
    r"classification_report|log_loss|brier_score_loss|calibration_error|"
    r"mean_absolute_error|mean_squared_error|rmse)(_score|_metric)?$",
    re.I,
)
# a script that reports a measured quality ("Test accuracy: %.2f", "val PSNR", "BLEU =")
REPORTED_METRIC = re.compile(
    r"\b(test|testing|val|valid|validation|eval|evaluation|held[- ]?out|dev)\b[\s_:=-]{0,3}"
    r"(set\s+)?(top-?[15]\s+)?(acc\w*|error|err|score|f1|auc|psnr|ssim|bleu|rouge|wer|cer|nll|bpd|"
    r"ppl|perplexity|map|miou|iou|reward|return|precision|recall|rmse|mae|r2|likelihood|elbo)\b|"
    r"\b(accuracy|top-?1|top-?5|psnr|ssim|bleu|rouge-?\w*|wer|f1[- ]score|auroc|mAP|mIoU|perplexity|"
    r"bits/dim|FID|inception score|success rate|win rate|exact match)\b\s*[:=(]|"
    # ranking metrics at a cut-off ("Recall@20:", "NDCG@10 =")
    r"\b(recall|ndcg|hr|hits?|mrr|precision|map)@\d+\b|"
    # a named accuracy printed as a label ("natural_acc: ", "robust_accuracy =") that is no
    # training-loop figure
    r"\b(?!(train|tr|batch|running|iter|step|epoch)_)[a-z]+_(acc|accuracy)\s*[:=]|"
    # written as one word ("TestAcc: {:.4f}", "valAUC =")
    r"\b(test|val|valid|eval)_?(acc|accuracy|f1|auc|auroc|mrr|ndcg)\s*[:=]|"
    # a measured error printed with a number format ("Error u: %e"), or a score printed with
    # any placeholder ("solved {}/{} test puzzles", "acc {:.2f}")
    r"\b(error|err|rmse|mse|mae)\b[^%{}\n]{0,20}(%[-+ #0]*\d*(\.\d+)?[efg]|\{[^}]*:[^}]*[efg%]\})|"
    r"\b(accuracy|acc|f1|auc|psnr|ssim|bleu|score|solved|correct|success|pass@\d+)\b[^%{}\n]{0,20}"
    r"(%[-+ #0]*\d*(\.\d+)?[efgd]|\{[^}]*:[^}]*[efgd%]\}|\{\})",
    re.I,
)
# a loss written as a metric function inside the optimisation step is a loss
LOSS_FN = re.compile(r"(^|\.)(losses|nn\.functional|F)\.|_loss$|(^|\.)loss$|criterion$", re.I)
# training calls found in evaluation or metric code (a GLM fitted to compute a win rate)
MEASURE_PATH = re.compile(r"(^|/)(metrics?|evaluat\w*|evals?|scor\w*|benchmarks?)(/|_|\.)", re.I)
# scripts that build or fetch data are not training or evaluation, whatever else the name says
DATA_PREP = re.compile(
    r"datasets?|preprocess|prepare|download|(make|create|generate|gen|build)_(\w*_)?data", re.I
)
METRIC_CALL = re.compile(
    r"metric|accuracy|f1|score|bleu|rouge|evaluat|confusion|precision|recall|auc|error", re.I
)
TRAIN_FLAG = re.compile(r"^--?(do[_-])?train(ing)?$|^--?mode$|^--?phase$|^--?is[_-]?train", re.I)
EVAL_FLAG = re.compile(
    r"^--?(do[_-])?(eval|evaluate|test|validate)(_only)?$|^--?mode$|^--?phase$",
    re.I,
)


def candidate(path: str) -> bool:
    """Not vendored, third-party or documentation code."""
    return not VENDOR.search(path)


def _named(repo: RepoFacts, pattern: re.Pattern[str], exclude_tests: bool) -> list[str]:
    out = []
    for p in repo.paths:
        if not p.lower().endswith(CODE_EXT) or not candidate(p):
            continue
        if exclude_tests and TEST_DIRS.search(p):
            continue
        if pattern.search(p) and not DATA_PREP.search(p.rsplit("/", 1)[-1]):
            out.append(p)
    out.sort(key=lambda p: (p.count("/"), len(p)))
    return out


def _calls(info: PyInfo, pattern: re.Pattern[str]) -> list:  # type: ignore[type-arg]
    return [c for c in info.calls if _matches(pattern, c.name)]


@lru_cache(maxsize=65536)
def _matches(pattern: re.Pattern[str], name: str) -> bool:
    """A call name against the training or evaluation call pattern (names repeat across files:
    each is matched once per process)."""
    return pattern.search(name) is not None


@dataclass(frozen=True)
class CodeEvidence:
    """Where a repository's training (or evaluation) code shows: scripts named for the task,
    calls that do it (optimizer steps, metric computations), and CLI flags that select it."""

    named: list[Evidence]
    patterns: list[Evidence]
    flags: list[Evidence]


def code_evidence(repo: RepoFacts, kind: str) -> CodeEvidence:
    """The training or evaluation code evidence of a repository, computed once."""
    return repo.memo(
        ("code_evidence", kind), lambda: CodeEvidence(*_find_code_evidence(repo, kind))
    )


def _find_code_evidence(
    repo: RepoFacts, kind: str
) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """(named scripts, code patterns, CLI flags) evidence."""
    name_re, call_re, flag_re = (
        (TRAIN_NAME, TRAIN_CALL, TRAIN_FLAG)
        if kind == "training"
        else (EVAL_NAME, EVAL_CALL, EVAL_FLAG)
    )
    named = [
        file_ev(p, None, "script named for " + kind)
        for p in _named(repo, name_re, kind == "evaluation")
    ]
    patterns: list[Evidence] = []
    flags: list[Evidence] = []
    for info in repo.sources:
        if not candidate(info.path) or TEST_DIRS.search(info.path):
            continue
        hits = _calls(info, call_re)
        if kind == "training":
            # a lone ``.update`` or ``.train`` is weak: require a gradient step or optimizer too
            strong = [c for c in hits if not re.search(r"(\.update|\.train)$", c.name)]
            if strong:
                patterns.append(call_ev(info, strong[0]))
        elif hits:
            # show the most telling call: a metric computation beats model.eval() / no_grad()
            best = min(hits, key=lambda c: (not METRIC_CALL.search(c.name), c.line))
            patterns.append(call_ev(info, best))
        for arg in info.cli_args:
            if any(flag_re.match(f) for f in arg.flags):
                if arg.flags and arg.flags[0].lstrip("-").lower() in ("mode", "phase"):
                    text = info.line_text(arg.line).lower()
                    want = "train" if kind == "training" else ("test", "eval", "val")
                    if not any(w in text for w in ([want] if isinstance(want, str) else want)):
                        continue
                flags.append(file_ev(info.path, arg.line, info.line_text(arg.line)))
    return named, patterns, flags


@lru_cache(maxsize=65536)
def in_scope(path: str) -> bool:
    """Not vendored code, not tests."""
    return not VENDOR.search(path) and not TEST_DIRS.search(path)


_TEST_MAIN = re.compile(r"(^|\.)(test|absltest|googletest)\.main$")


def is_test_module(info: PyInfo) -> bool:
    """Python source that is a unit-test module."""
    if {"pytest", "unittest", "nose"} & info.roots() or any(
        m.startswith("absl.testing") for m in info.imports
    ):
        return True
    if any(_TEST_MAIN.search(c.name) for c in info.calls):
        return True  # tf.test.main(), absltest.main(): a test runner's entry point
    if "argparse" in info.roots() or any(c.in_main for c in info.calls):
        return False  # a script run with options (its test_* functions are evaluation steps)
    return any(f.startswith("test") for f in info.functions) or any(
        c.startswith("Test") for c in info.classes
    )
