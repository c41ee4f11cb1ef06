"""The literal pre-filters must never rule out a text their pattern matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.detectors.paper.rules import COMPUTE_RES, ERROR_BAR_RES, SEED_RES
from auditor.facts.literals import Screened, TextIndex, required_literals
from auditor.facts.paper import URL_RE, load_paper
from auditor.facts.paper import settings as paper_settings
from auditor.facts.paper.text import URL_TAIL_RE
from auditor.limits import Limits

DEMO_PDF = Path(__file__).resolve().parents[1] / "auditor" / "demo" / "example_paper.pdf"

PATTERNS = [
    *SEED_RES,
    *ERROR_BAR_RES,
    *COMPUTE_RES,
    *paper_settings.LEARNING_RATE_RES,
    paper_settings.OPTIMIZER_RE,
    paper_settings.BATCH_RE,
    paper_settings.OTHER_RE,
    paper_settings.FULL_BATCH_RE,
    paper_settings.LENGTH_RE,
    URL_RE,
    URL_TAIL_RE,
]


def _lits(pattern: str, flags: int = 0) -> set[tuple[str, bool]] | None:
    req = required_literals(re.compile(pattern, flags))
    return set(req) if req is not None else None


def test_requirements_read_off_simple_patterns() -> None:
    assert _lits(r"\bseeds?\b") == {("seed", False)}
    assert _lits(r"(?:\d+|two|three)\s+(?:random\s+)?(?:runs|seeds)", re.I) == {
        ("runs", True),
        ("seeds", True),
    }
    # the most selective part of a sequence wins: "learning rate" over "of"
    assert _lits(r"of\s+\d+\s+learning rate") == {("learning rate", False)}
    # a small character class fans a run out
    assert _lits(r"\b[VA]100\b") == {("V100", False), ("A100", False)}
    # inline flags and positive look-aheads count; optional parts and negations do not
    assert _lits(r"(?i:Adam)W?") == {("adam", True)}
    assert _lits(r"(?=github\.com/)\S+") == {("github.com/", False)}
    assert _lits(r"(?:foo)?\d+") is None
    assert _lits(r"(?!seed)\w+") is None
    # a branch with an alternative that needs nothing gives no requirement
    assert _lits(r"(?:seed|\d+)") is None


def test_unknown_or_unsupported_patterns_always_run() -> None:
    scr = Screened.of(re.compile(r"\d+\s*%"))
    assert scr.requirement is not None  # "%" is required
    scr = Screened.of(re.compile(r"\w+"))
    assert scr.requirement is None and scr.may_match("anything")
    assert scr.search("abc") is not None


def test_case_folding_is_safe_for_unicode_case_pairs() -> None:
    # re's IGNORECASE matches KELVIN SIGN to k and LONG S to s; casefold maps them alike
    for pat, text in [
        (r"kernel", "\u212aernel"),
        (r"seeds", "\u017feeds"),
        (r"STRASSE", "stra\u00dfe"),
    ]:
        p = re.compile(pat, re.I)
        scr = Screened.of(p)
        if p.search(text):
            assert scr.may_match(text), (pat, text)


def _demo_sentences() -> list[str]:
    paper = load_paper(DEMO_PDF, Limits())
    return [s.text for s in paper.sentences] + [ln.text for ln in paper.lines]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
def test_no_real_line_that_matches_is_ruled_out(pattern: re.Pattern[str]) -> None:
    scr = Screened.of(pattern)
    texts = _demo_sentences()
    matched = 0
    for t in texts:
        if pattern.search(t):
            matched += 1
            assert scr.may_match(t), t
            assert scr.search(t) is not None
    if scr.requirement is not None:  # the filter has something to rule out
        assert not scr.may_match("zz qq")


# texts built from the patterns' own literals and the characters around them, so that many
# of them match: the property is checked where it can fail
_ALPHABET = st.sampled_from(
    sorted({lit for p in PATTERNS for lit, _ in (required_literals(p) or ())})
    + [" ", "1", "42", "3e-4", "±", ".", "/", "-", "of", "the", "was", "set to", "=", "x", "K"]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_ALPHABET, min_size=1, max_size=12), upper=st.booleans())
def test_property_match_implies_may_match(parts: list[str], upper: bool) -> None:
    text = " ".join(parts)
    if upper:
        text = text.upper()
    for pattern in PATTERNS:
        if pattern.search(text):
            assert Screened.of(pattern).may_match(text), (pattern.pattern, text)


def test_narrowed_keeps_only_what_the_document_holds() -> None:
    scr = Screened.of(re.compile(r"\b(?:runs|seeds|trials)\b", re.I))
    parts = ["We average over 5 runs.", "Nothing here."]
    whole = "\n".join(parts)
    narrow = scr.narrowed(whole, whole.casefold())
    assert narrow is not None and narrow.folded == ("runs",)
    assert narrow.search(parts[0], parts[0].casefold()) is not None
    assert not narrow.may_match(parts[1], parts[1].casefold())
    assert scr.narrowed("no such words", "no such words") is None


def _index_of(texts: list[str]) -> TextIndex:
    return TextIndex(texts, [t.casefold() for t in texts])


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
def test_index_candidates_hold_every_text_that_matches(pattern: re.Pattern[str]) -> None:
    texts = _demo_sentences()
    cands = _index_of(texts).candidates(Screened.of(pattern))
    matching = {i for i, t in enumerate(texts) if pattern.search(t)}
    if cands is None:  # no requirement: every text is a candidate
        assert Screened.of(pattern).requirement is None
        return
    assert matching <= cands
    assert cands == {i for i, t in enumerate(texts) if Screened.of(pattern).may_match(t)}


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.lists(_ALPHABET, max_size=6).map(" ".join), min_size=1, max_size=8))
def test_property_index_agrees_with_per_text_filter(texts: list[str]) -> None:
    index = _index_of(texts)
    for pattern in PATTERNS:
        scr = Screened.of(pattern)
        cands = index.candidates(scr)
        if cands is None:
            continue
        assert cands == {i for i, t in enumerate(texts) if scr.may_match(t)}, pattern.pattern


def test_index_positions_are_the_texts_that_hold_the_literal() -> None:
    index = _index_of(["seed 1 and seed 2", "", "no", "SEEDS", "a seed"])
    assert index.where("seed", True) == {0, 3, 4}
    assert index.where("seed", False) == {0, 4}
    assert index.where("zz", True) == frozenset()
    # an occurrence across the separator only adds a candidate; the pattern then decides
    assert index.where("no\nSE", False) == {2}


def test_index_folds_the_joined_text_when_no_folds_are_given() -> None:
    texts = ["Learning Rate 3e-4", "STRASSE", "straße 5 Epochs", "İstanbul lr"]
    given = TextIndex(texts, [t.casefold() for t in texts])
    own = TextIndex(texts)
    for word in ("learning rate", "epochs", "strasse", "lr", "i̇stanbul", "zz"):
        assert own.where(word, True) == given.where(word, True), word
    assert own.where("epochs", True) == {2}
