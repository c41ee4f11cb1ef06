"""Helpers shared by detectors: evidence builders and README command search."""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.facts.markdown import Document, Link
from auditor.facts.python_src import Call, PyInfo
from auditor.models import Evidence

MAX_EVIDENCE = 6

SHELL_INFO = {
    "",
    "bash",
    "sh",
    "shell",
    "console",
    "shell-session",
    "zsh",
    "cmd",
    "powershell",
    "text",
}
# a code block's info string may name what its commands are for (```train, ```eval, ```setup)
PURPOSE_INFO = {
    "train", "training", "finetune", "fine-tune", "pretrain", "eval", "evaluate", "evaluation",
    "test", "testing", "inference", "infer", "predict", "reproduce", "run", "experiments",
    "setup", "install", "installation", "requirements", "download", "demo", "usage",
}  # fmt: skip
COMMAND_RE = re.compile(
    r"^\s*(?:\$\s*|>\s*)?(?:!?\s*)(?:[A-Z_]+=\S+\s+)*"
    r"(?:python[\d.]*|python\s+-m|torchrun|accelerate\s+launch|deepspeed|bash|sh|\./\S+|srun|"
    r"CUDA_VISIBLE_DEVICES=\S+|th|julia|Rscript|matlab|make|jupyter|allennlp|fairseq-\w+|"
    r"\w+\.py|sbatch|mpirun|horovodrun)(?=\s|$)",
)


def file_ev(path: str, line: int | None = None, excerpt: str | None = None) -> Evidence:
    return Evidence(kind="file", path=path, line=line, excerpt=(excerpt or None) and excerpt[:200])


def link_ev(doc: Document, link: Link) -> Evidence:
    return Evidence(
        kind="url", url=link.url[:500], heading=link.heading, path=doc.path, line=link.line,
        excerpt=(link.text or None) and link.text[:200],
    )  # fmt: skip


def doc_ev(doc: Document, line: int, excerpt: str | None = None) -> Evidence:
    text = excerpt if excerpt is not None else doc.line(line)
    return Evidence(
        kind="file",
        path=doc.path,
        line=line,
        heading=doc.heading_at(line),
        excerpt=text.strip()[:200] or None,
    )


def call_ev(info: PyInfo, call: Call) -> Evidence:
    line = call.line
    excerpt = info.line_text(line)
    if info.cell_of_line is not None and 0 < line <= len(info.cell_of_line):
        excerpt = f"[cell {info.cell_of_line[line - 1]}] {excerpt}"
        return Evidence(kind="file", path=info.path, line=None, excerpt=excerpt[:200])
    return file_ev(info.path, line, excerpt)


def command_lines(doc: Document) -> list[tuple[int, str, str | None]]:
    """Shell commands in a document: (line, command, heading) from code blocks and inline code."""
    out: list[tuple[int, str, str | None]] = []
    for block in doc.code_blocks:
        info = block.info.split()[0].lower() if block.info else ""
        if info not in SHELL_INFO and info not in PURPOSE_INFO and info not in ("python", "py"):
            continue
        lines = block.text.splitlines()
        for k, ln in enumerate(lines):
            if COMMAND_RE.match(ln) and not ln.strip().startswith(("import ", "from ")):
                out.append((block.line + 1 + k, _continued(lines, k), block.heading))
    inline = re.compile(r"`([^`\n]{4,300})`")
    for n, text in enumerate(doc.lines, start=1):
        if "`" not in text or text.lstrip().startswith("```"):
            continue
        for m in inline.finditer(text):
            if COMMAND_RE.match(m.group(1)):
                out.append((n, m.group(1).strip(), doc.heading_at(n)))
    # indented code in rst or 4-space markdown blocks already come in as code blocks
    return out


FETCH_LINE = re.compile(
    r"^\s*(?:\$\s*|!\s*)?(wget|curl|gdown|huggingface-cli\s+download|hf\s+download|gsutil\s+cp|"
    r"aws\s+s3\s+cp|azcopy\s+copy|git\s+lfs\s+pull|git\s+clone\s+https://huggingface\.co)\b",
    re.I,
)


def fetch_lines(doc: Document) -> list[tuple[int, str, str | None]]:
    """Download commands in a document's code blocks (``wget``, ``gdown``, ``huggingface-cli
    download`` ...), which ``command_lines`` leaves out: (line, command, heading)."""
    out = []
    for block in doc.code_blocks:
        for k, text in enumerate(block.text.splitlines()[:400]):
            if FETCH_LINE.match(text):
                out.append((block.line + 1 + k, text.strip(), block.heading))
    return out


MAX_CONTINUED = 12  # continuation lines joined onto one command


def _continued(lines: list[str], k: int) -> str:
    r"""The command starting at ``lines[k]`` with the lines its trailing backslashes continue
    onto (``python train.py -c cfg.yaml \`` / ``--test_phase``), as one line."""
    parts = [lines[k].strip()]
    j = k
    while parts[-1].endswith("\\") and j + 1 < len(lines) and j - k < MAX_CONTINUED:
        j += 1
        parts[-1] = parts[-1][:-1].rstrip()
        parts.append(lines[j].strip())
    return " ".join(p for p in parts if p)


def first(items: Iterable[Evidence], n: int = MAX_EVIDENCE) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    seen: set[tuple[object, ...]] = set()
    for ev in items:
        key = (ev.path, ev.line, ev.url)
        if key in seen:
            continue
        seen.add(key)
        out.append(ev)
        if len(out) >= n:
            break
    return tuple(out)


def evidence_line(info: PyInfo, line: int) -> str:
    text = info.line_text(line)
    if info.cell_of_line is not None and 0 < line <= len(info.cell_of_line):
        return f"[cell {info.cell_of_line[line - 1]}] {text}"
    return text
