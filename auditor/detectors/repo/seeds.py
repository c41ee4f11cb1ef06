"""Seeds: which random number generators each training / evaluation entry point uses, and
which of them it seeds, directly or through a helper it calls."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from auditor.detectors import NoParams, Outcome, detector
from auditor.detectors.repo.rng import FAMILIES, LABEL, canon, classify
from auditor.facts import Facts
from auditor.facts.entries import DEMO_NAME, Entry, entry_points
from auditor.facts.evidence import evidence_line, file_ev, first
from auditor.facts.python_src import Call, PyInfo
from auditor.facts.reach import reach
from auditor.facts.repo import RepoFacts
from auditor.facts.scripts import calls_of
from auditor.models import Evidence

SEED_FLAG = re.compile(r"^-{0,2}(random[_-]?|manual[_-]?|rng[_-]?|global[_-]?)?seed$", re.I)


@dataclass
class EntryRng:
    entry: Entry
    uses: dict[str, tuple[PyInfo, Call, str]] = field(default_factory=dict)
    seeds: dict[str, tuple[PyInfo, Call, str]] = field(default_factory=dict)
    option: tuple[PyInfo, int, str | None] | None = None
    main_only: bool = False

    @property
    def missing(self) -> list[str]:
        return [f for f in FAMILIES if f in self.uses and f not in self.seeds]

    @property
    def seeded(self) -> list[str]:
        return [f for f in FAMILIES if f in self.uses and f in self.seeds]


def analyse_entry(repo: RepoFacts, entry: Entry) -> EntryRng | None:
    info = repo.python(entry.path)
    if info is None:
        return None
    out = EntryRng(entry)
    reached = reach(repo, info)
    # seeds count only where they run; RNG use counts anywhere in the repo modules imported
    used_only = [
        (m, c, f"in {m.path}") for m in reached.modules for c in calls_of(m) if c.func is not None
    ]
    local: tuple[PyInfo, Call, str] | None = None
    for src, raw, via in reached.calls + used_only:
        call = replace(raw, name=canon(raw.name))
        for fam, what in classify(src, call):
            if what == "use":
                out.uses.setdefault(fam, (src, call, via))
            elif what == "local":
                local = local or (src, call, via)
            elif not via.startswith("in "):
                out.seeds.setdefault(fam, (src, call, via))
    if local is not None and not out.uses:
        # calls seeded by their own random_state= are the only randomness: judged as seeded;
        # beside unseeded generators they do not make a run reproducible, so they are not counted
        out.uses["sklearn"] = out.seeds["sklearn"] = local
    if "sklearn" in out.uses and "numpy" in out.seeds:
        out.seeds.setdefault("sklearn", out.seeds["numpy"])  # random_state=None: NumPy's RNG
    if "cuda" in out.uses and "torch" not in out.uses:
        out.uses["torch"] = out.uses["cuda"]
    out.option = _seed_option(info)
    own = [c for fam in out.seeded for (s, c, _v) in [out.seeds[fam]] if s is info]
    out.main_only = bool(own) and all(c.in_main for c in own)
    return out


def _seed_option(info: PyInfo) -> tuple[PyInfo, int, str | None] | None:
    for arg in info.cli_args:
        if any(SEED_FLAG.match(f) for f in arg.flags if f.startswith("-")):
            return (info, arg.line, arg.default)
    for c in info.calls:
        if c.name.endswith(("DEFINE_integer", "DEFINE_int")) and c.args:
            if SEED_FLAG.match(c.args[0].strip("'\"")):
                return (
                    info,
                    c.line,
                    c.args[1] if len(c.args) > 1 else dict(c.kwargs).get("default"),
                )
    return None


def _ev(item: tuple[PyInfo, Call, str], note: str) -> Evidence:
    src, call, via = item
    text = evidence_line(src, call.line)
    suffix = f" ({note}{', via ' + via if via else ''})"
    line = None if src.cell_of_line is not None else call.line
    return file_ev(src.path, line, text[: 200 - len(suffix)] + suffix)


def _describe(r: EntryRng) -> str:
    parts = []
    if r.seeded:
        parts.append("seeds " + ", ".join(LABEL[f] for f in r.seeded))
    if r.missing:
        parts.append("does not seed " + ", ".join(LABEL[f] for f in r.missing))
    if not r.uses:
        parts.append("uses no random number generator we recognise")
    return f"{r.entry.path}: " + "; ".join(parts)


@detector("code_seeds", NoParams)
def code_seeds(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    entries = entry_points(repo)
    searched = (
        "training/evaluation entry points (as found by the completeness checklist), the repo "
        "modules they import and the helper functions they call, for Python random, NumPy, "
        "PyTorch/CUDA, TensorFlow, JAX PRNG keys, scikit-learn random_state and seed options"
    )
    results = [r for r in (analyse_entry(repo, e) for e in entries) if r is not None]
    judged = _judged(results)
    details: dict[str, object] = {"entry_points": [_detail(r) for r in results]}
    if not results:
        return Outcome(
            "not_applicable",
            "no training or evaluation entry point found",
            (),
            searched,
            details=details,
        )
    if not judged:
        return Outcome(
            "not_applicable", f"the {len(results)} entry point(s) use no random number generator we recognise",
            (), searched, details=details,
        )  # fmt: skip
    evidence: list[Evidence] = []
    for r in judged:
        evidence += [_ev(r.seeds[f], f"seeds {LABEL[f]}") for f in r.seeded]
        evidence += [_ev(r.uses[f], f"{LABEL[f]} used, not seeded") for f in r.missing]
        if r.option is not None:
            info, line, default = r.option
            evidence.append(
                file_ev(info.path, line, f"{info.line_text(line)} (seed option, default {default})")
            )
    full = [r for r in judged if not r.missing]
    none = [r for r in judged if not r.seeded]
    lines = "; ".join(_describe(r) for r in judged[:4])
    more = f" (+{len(judged) - 4} more)" if len(judged) > 4 else ""
    advice = _advice(judged)
    if len(full) == len(judged):
        note = (
            ' (set under `if __name__ == "__main__"` only)'
            if any(r.main_only for r in judged)
            else ""
        )
        return Outcome(
            "pass",
            f"every RNG in use is seeded{note}: {lines}{more}",
            first(evidence),
            details=details,
        )
    status: Literal["fail", "partial"] = "fail" if len(none) == len(judged) else "partial"
    return Outcome(status, f"{len(full)} of {len(judged)} entry point(s) seed every RNG they use: {lines}{more}",
                   first(evidence, 8), searched, advice=advice, details=details)  # fmt: skip


def _judged(results: list[EntryRng]) -> list[EntryRng]:
    """Launched and training entries that use an RNG; else any non-demo entry that does; demos,
    examples and plotting scripts only when nothing else uses an RNG."""
    using = [r for r in results if r.uses]
    real = [r for r in using if not DEMO_NAME.search(r.entry.path)]
    main = [r for r in real if r.entry.kind in ("launched", "training")]
    return main or real or using


def _advice(judged: list[EntryRng]) -> str:
    missing = sorted({f for r in judged for f in r.missing}, key=FAMILIES.index)
    calls = {
        "python": "random.seed(seed)",
        "numpy": "np.random.seed(seed)",
        "torch": "torch.manual_seed(seed)",
        "cuda": "torch.cuda.manual_seed_all(seed)",
        "tensorflow": "tf.random.set_seed(seed)",
        "jax": "jax.random.PRNGKey(seed)",
        "sklearn": "random_state=seed",
    }
    return (
        "Seed "
        + ", ".join(f"{LABEL[f]} ({calls[f]})" for f in missing)
        + " from one --seed option."
    )


def _detail(r: EntryRng) -> dict[str, object]:
    def where(item: tuple[PyInfo, Call, str]) -> str:
        return f"{item[0].path}:{item[1].line}"

    return {
        "path": r.entry.path,
        "kind": r.entry.kind,
        "launched_from": r.entry.via or None,
        "uses": {f: where(v) for f, v in r.uses.items()},
        "seeded": {f: where(v) for f, v in r.seeds.items() if f in r.uses},
        "missing": r.missing,
        "seed_option": None if r.option is None else {"line": r.option[1], "default": r.option[2]},
        "seeded_only_under_main": r.main_only,
    }
