"""Literal pre-filters derived from regular expressions.

Most sentences of a paper match none of the detectors' patterns, and scanning each sentence with
each pattern is most of a paper audit's cost. A pattern usually cannot match unless some literal
text occurs: ``(?:\\d+|two|three)\\s+(?:random )?(?:runs|seeds)`` needs "runs" or "seeds". This
module reads that requirement off the compiled pattern (with the standard library's regex
parser) so a substring test, far cheaper than the regex, rules most sentences out first.

The derivation is conservative: a part it does not understand contributes nothing, and a pattern
with no derivable requirement is always run. A pre-filter can only skip a text the pattern would
not match; ``tests/test_literals.py`` checks this on real paper text and random strings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

# a requirement: the text must contain one of these (literal, case_folded) pairs
Requirement = frozenset[tuple[str, bool]]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
if _POSSESSIVE is not None:
    _REPEATS.add(_POSSESSIVE)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


_MAX_CLASS = 8  # a character class of at most this many literals extends a literal run
_MAX_RUN = 32  # alternatives a run may fan out to


def _score(req: Requirement) -> tuple[int, int]:
    """Longer shortest literal first, then fewer alternatives."""
    return (min(len(s) for s, _ in req), -len(req))


def _fold(ch: str, ignore: bool) -> str:
    return ch.casefold() if ignore else ch


def _sequence(items, flags: int) -> Requirement | None:
    """The most selective requirement among the parts of a sequence, or None."""
    best: Requirement | None = None
    run: list[str] = []  # the literal strings the current run of characters can be

    def consider(req: Requirement | None) -> None:
        nonlocal best
        if req and all(s for s, _ in req) and (best is None or _score(req) > _score(best)):
            best = req

    def flush() -> None:
        if run:
            consider(frozenset((s, bool(flags & re.IGNORECASE)) for s in run))
            run.clear()

    def extend(chars: list[str]) -> None:
        if not run:
            run.extend(chars)
        elif len(run) * len(chars) > _MAX_RUN:
            flush()
            run.extend(chars)
        else:
            run[:] = [s + c for s in run for c in chars]

    for op, av in items:
        ignore = bool(flags & re.IGNORECASE)
        if op is _c.LITERAL:
            extend([_fold(chr(av), ignore)])
            continue
        if op is _c.IN and 0 < len(av) <= _MAX_CLASS and all(o is _c.LITERAL for o, _ in av):
            extend(sorted({_fold(chr(v), ignore) for _o, v in av}))  # [VAPKH] and the like
            continue
        flush()
        if op is _c.SUBPATTERN:
            _group, add, dele, sub = av
            consider(_sequence(sub, (flags | add) & ~dele))
        elif op is _c.BRANCH:
            alts = [_sequence(branch, flags) for branch in av[1]]
            if all(alts):
                consider(frozenset().union(*alts))  # type: ignore[arg-type]
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                consider(_sequence(sub, flags))
        elif _ATOMIC is not None and op is _ATOMIC:
            consider(_sequence(av, flags))
        elif op is _c.ASSERT:  # a positive look-ahead or -behind must match in the text too
            consider(_sequence(av[1], flags))
        # IN, ANY, CATEGORY, AT, ASSERT_NOT, GROUPREF, ...: no requirement
    flush()
    return best


def required_literals(pattern: re.Pattern[str], min_length: int = 1) -> Requirement | None:
    """One of these literals must occur in any text the pattern matches; None if unknown."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.VERBOSE:
        return None  # verbose patterns parse the same, but keep the rule simple and safe
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - any parser change: fall back to always scanning
        return None
    flags = parsed.state.flags if hasattr(parsed, "state") else pattern.flags
    req = _sequence(list(parsed), flags)
    if req is None or _score(req)[0] < min_length:
        return None
    return req


@dataclass(frozen=True)
class Screened:
    """A compiled pattern with the literal pre-filter read off it."""

    pattern: re.Pattern[str]
    requirement: Requirement | None
    folded: tuple[str, ...] = ()  # literals to look for in the casefolded text
    exact: tuple[str, ...] = ()  # literals to look for in the text as it is

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Screened:
        req = required_literals(pattern)
        if req is None:
            return cls(pattern, None)
        return cls(
            pattern,
            req,
            tuple(sorted(s for s, fold in req if fold)),
            tuple(sorted(s for s, fold in req if not fold)),
        )

    def may_match(self, text: str, folded: str | None = None) -> bool:
        if self.requirement is None:
            return True
        if self.exact and any(map(text.__contains__, self.exact)):
            return True
        if self.folded:
            low = text.casefold() if folded is None else folded
            return any(map(low.__contains__, self.folded))
        return False

    def narrowed(self, whole: str, whole_folded: str) -> Screened | None:
        """This pattern for the parts of one document: only the literals the whole document
        contains (a part cannot contain what the whole does not), or None when it contains
        none of them, so no part can match. ``whole`` must hold every part, and
        ``whole_folded`` the casefolded parts."""
        if self.requirement is None:
            return self
        exact = tuple(s for s in self.exact if s in whole)
        folded = tuple(s for s in self.folded if s in whole_folded)
        if not exact and not folded:
            return None
        req = frozenset({(s, False) for s in exact} | {(s, True) for s in folded})
        return Screened(self.pattern, req, folded, exact)

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when the pre-filter rules the text out.

        ``folded`` is ``text.casefold()`` when the caller already has it."""
        if not self.may_match(text, folded):
            return None
        return self.pattern.search(text)


def screen_all(patterns) -> tuple[Screened, ...]:
    return tuple(Screened.of(p) for p in patterns)


class TextIndex:
    """Where literals occur in a sequence of texts (a paper's body sentences, say).

    :meth:`candidates` turns a screened pattern into the positions of the texts that hold one of
    its literals: one ``str.find`` pass over the joined text per literal, instead of a
    substring test per text per pattern. The other texts cannot match. An occurrence belongs to
    the text it starts in; one running on across a separator only makes that text a candidate,
    and the pattern then decides."""

    SEP = "\n"

    def __init__(self, texts: Sequence[str], folded: Sequence[str] | None = None) -> None:
        """``folded``: each text's ``casefold()``, when the caller has them; else the joined
        text is folded at once (offsets agree when folding changed no length, as nearly
        always: no character folds to fewer than one)."""
        self._where: dict[tuple[str, bool], frozenset[int]] = {}
        self.whole = self.SEP.join(texts)
        self._starts = _starts(texts)
        if folded is None:
            self.whole_folded = self.whole.casefold()
            if len(self.whole_folded) == len(self.whole):
                self._fstarts = self._starts
                return
            folded = [t.casefold() for t in texts]
        self.whole_folded = self.SEP.join(folded)
        self._fstarts = _starts(folded)

    def where(self, literal: str, fold: bool) -> frozenset[int]:
        """The positions of the texts (folded ones when ``fold``) that contain ``literal``."""
        key = (literal, fold)
        found = self._where.get(key)
        if found is None:
            hay, starts = (self.whole_folded, self._fstarts) if fold else (self.whole, self._starts)
            hits: set[int] = set()
            i = hay.find(literal)
            while i != -1:
                k = bisect_right(starts, i) - 1
                hits.add(k)
                i = hay.find(literal, starts[k + 1] if k + 1 < len(starts) else len(hay))
            found = self._where[key] = frozenset(hits)
        return found

    def candidates(self, pattern: Screened) -> frozenset[int] | None:
        """Positions of the texts ``pattern`` may match, or None when it may match any."""
        if pattern.requirement is None:
            return None
        out: set[int] = set()
        for lit in pattern.exact:
            out |= self.where(lit, False)
        for lit in pattern.folded:
            out |= self.where(lit, True)
        return frozenset(out)


def _starts(texts: Sequence[str]) -> list[int]:
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return starts
