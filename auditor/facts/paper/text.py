"""Cleaning of extracted PDF page text, so that it reads as a reader would read it.

Ligatures (NFKC), soft hyphens and line-end hyphenation, review-copy line numbers, running
headers and footers, and URLs broken across lines. Pure functions over lists of lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from auditor.facts.literals import Screened

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\ufeff\u00ad]")
LEAD_NUM_RE = re.compile(r"^(\d{1,4})\s+(?=\S)")
ONLY_NUM_RE = re.compile(r"^\d{1,4}$")
TRAIL_NUM_RE = re.compile(r"(?<=\S)\s+(\d{1,4})$")
URL_TAIL_RE = re.compile(
    r"(?:https?:/?/?|www\.|github\.com|gitlab\.com|\S+\.(?:com|org|io|net|"
    r"science|edu)/)\S*$",
    re.I,
)
URL_CONT_RE = re.compile(r"^[A-Za-z0-9/_\-.~#?=&%]+")
HYPHEN_END_RE = re.compile(r"([A-Za-z]{1,40})-$")
_URL_TAIL = Screened.of(URL_TAIL_RE)
_DOMAIN_START_RE = re.compile(r"[a-z]{2,6}(?:/|$)")


def normalize(text: str) -> str:
    """NFKC (ligatures), pdfium's soft-hyphen marks removed, controls dropped."""
    text = text.replace("\ufffe", "").replace("\x02", "").replace("\u00ad", "")
    text = unicodedata.normalize("NFKC", text)
    return CONTROL_RE.sub("", text)


def split_lines(text: str) -> list[str]:
    return [ln.strip() for ln in re.split(r"\r\n|\r|\n", text)]


def _mostly_increasing(nums: list[int]) -> bool:
    if len(nums) < 8:
        return False
    steps = sum(1 for a, b in zip(nums, nums[1:], strict=False) if 0 < b - a <= 3)
    return steps >= 0.6 * (len(nums) - 1)


def strip_line_numbers(lines: list[str]) -> list[str]:
    """Remove review-copy line numbers (leading, trailing or on lines of their own)."""
    if len(lines) < 12:
        return lines
    only = [int(ln) for ln in lines if ONLY_NUM_RE.match(ln)]
    if len(only) >= 0.2 * len(lines) and _mostly_increasing(sorted(only)) and len(only) >= 10:
        lines = [ln for ln in lines if not ONLY_NUM_RE.match(ln)]
    lead = [int(m.group(1)) for ln in lines if (m := LEAD_NUM_RE.match(ln))]
    if len(lead) >= 0.35 * len(lines) and _mostly_increasing(lead):
        lines = [LEAD_NUM_RE.sub("", ln) for ln in lines]
    trail = [int(m.group(1)) for ln in lines if (m := TRAIL_NUM_RE.search(ln))]
    if len(trail) >= 0.35 * len(lines) and _mostly_increasing(trail):
        lines = [TRAIL_NUM_RE.sub("", ln) for ln in lines]
    return lines


_BARE_NUMBER_RE = re.compile(r"\d{1,4}|[ivxl]{1,6}")
_DIGITS_RE = re.compile(r"\d+")


def _shape(line: str) -> str:
    return _DIGITS_RE.sub("#", line.lower()).strip()


def _page_number_offset(pages: list[list[str]], edge: int) -> int | None:
    """The usual (printed number - page index) of bare numbers at page edges, if any."""
    offsets: Counter[int] = Counter()
    for pno, lines in enumerate(pages, start=1):
        ne = [ln for ln in lines if ln]
        found = {int(ln) - pno for ln in ne[:edge] + ne[-edge:] if re.fullmatch(r"\d{1,4}", ln)}
        offsets.update(found)
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    return offset if count >= max(2, 0.5 * len(pages)) else None


def remove_running_lines(pages: list[list[str]], edge: int = 3) -> list[list[str]]:
    """Drop lines repeated at the top or bottom of most pages, and page numbers there."""
    counts: Counter[str] = Counter()
    for lines in pages:
        ne = [ln for ln in lines if ln]
        counts.update({_shape(ln) for ln in ne[:edge] + ne[-edge:]})
    threshold = max(3, int(0.5 * len(pages)))
    running = {s for s, c in counts.items() if c >= threshold and len(s) > 1}
    offset = _page_number_offset(pages, edge)
    out = []
    for pno, lines in enumerate(pages, start=1):
        idx = [i for i, ln in enumerate(lines) if ln]
        edges = set(idx[:edge] + idx[-edge:])
        ends = set(idx[:1] + idx[-1:])
        keep = []
        for i, ln in enumerate(lines):
            bare = len(ln) <= 6 and _BARE_NUMBER_RE.fullmatch(ln)  # matches 6 characters at most
            number = bare and (
                i in ends
                or (i in edges and offset is not None and ln.isdigit() and int(ln) - pno == offset)
            )
            if (i in edges and _shape(ln) in running) or number:
                continue
            keep.append(ln)
        out.append(keep)
    return out


def join_urls(lines: list[str]) -> list[str]:
    """Rejoin URLs broken at a line end (``https://gi`` + ``thub.com/x``, ``.../owner/`` + ``repo``)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        while i + 1 < len(lines) and _url_continues(line, lines[i + 1]):
            nxt = lines[i + 1]
            line = line + nxt
            i += 1
        out.append(line)
        i += 1
    return out


def _url_continues(line: str, nxt: str) -> bool:
    if not line or line[-1].isspace():
        return False  # URL_TAIL_RE ends with \S*$: the match lies in the last token
    last = line.rsplit(None, 1)[-1]
    if "." not in last and ":" not in last:  # every URL_TAIL_RE match holds one of them
        return False
    first = URL_CONT_RE.match(nxt)
    if not first:
        return False
    m = _URL_TAIL.search(last)
    if not m:
        return False
    tail = m.group(0)
    if tail.endswith("."):  # usually the end of a sentence, unless a domain continues
        return _DOMAIN_START_RE.match(first.group(0)) is not None
    if tail.endswith(("/", "-", "_", "#", "?", "=", "&", ":")):
        return True
    host = tail.split("://", 1)[-1].split("/")[0]
    if "." not in host:
        return True
    # ``github.com/owner/re`` + ``po-name/...``: a lowercase continuation with a path
    return "/" in first.group(0) and tail.count("/") >= 1 and not nxt[:1].isupper()


def join_hyphens(lines: list[str]) -> list[str]:
    """Join words hyphenated at a line end: ``experi-`` + ``ments`` -> ``experiments``."""
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower():
            prev = out[-1]
            m = HYPHEN_END_RE.search(prev)
            if m and not URL_TAIL_RE.search(prev):
                word = prev.rsplit(" ", 1)[-1]
                joined = prev if "-" in word[:-1] else prev[:-1]
                out[-1] = joined + line
                continue
        out.append(line)
    return out


def clean_pages(raw_pages: list[str]) -> list[list[str]]:
    pages = [strip_line_numbers(split_lines(normalize(t))) for t in raw_pages]
    pages = remove_running_lines(pages)
    return [join_hyphens(join_urls([ln for ln in lines if ln])) for lines in pages]
