"""The structure a reviewer navigates by: section headings, zones and captions.

Zones: ``body`` (abstract, sections, appendix), ``references`` (excluded from evidence, so a
cited paper's "seed" is never ours) and ``checklist`` (a venue checklist: the authors' answers,
parsed separately, never evidence by themselves).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    page: int  # 1-based index into the PDF
    text: str
    zone: str  # body | references | checklist
    section: str  # the title of the enclosing section ("" before the first)
    heading: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    page: int
    zone: str
    kind: str  # abstract | introduction | experiments | implementation | appendix | ...


@dataclass(frozen=True)
class Caption:
    kind: str  # table | figure
    label: str  # "Table 2"
    text: str
    page: int
    zone: str


KNOWN = {
    "abstract": "abstract",
    "introduction": "introduction",
    "related work": "related",
    "background": "background",
    "method": "method",
    "methods": "method",
    "experiments": "experiments",
    "experiment": "experiments",
    "results": "experiments",
    "experimental results": "experiments",
    "experimental setup": "experiments",
    "experimental settings": "experiments",
    "evaluation": "experiments",
    "implementation details": "implementation",
    "training details": "implementation",
    "conclusion": "conclusion",
    "conclusions": "conclusion",
    "discussion": "conclusion",
    "limitations": "conclusion",
    "broader impact": "conclusion",
    "acknowledgments": "acknowledgments",
    "acknowledgements": "acknowledgments",
    "acknowledgment": "acknowledgments",
    "acknowledgement": "acknowledgments",
    "references": "references",
    "bibliography": "references",
    "literature cited": "references",
    "appendix": "appendix",
    "appendices": "appendix",
    "supplementary material": "appendix",
    "supplementary materials": "appendix",
    "supplemental material": "appendix",
}
NUMBERED_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+([A-Z][^\n]{1,80})$")
LETTERED_RE = re.compile(r"^(?:Appendix\s+)?([A-H](?:\.\d{1,2}){0,2})[.:]?\s+([A-Z][^\n]{1,70})$")
CHECKLIST_RE = re.compile(
    r"^(?:(?:NeurIPS|NeurIPS \d{4})\s+)?Paper Checklist$|^Checklist$|"
    r"^Responsible NLP (?:Research )?Checklist|^(?:ACL|EMNLP|NAACL|ARR)\b.{0,40}Checklist$|"
    r"^Reproducibility Checklist$",
    re.I,
)
CAPTION_RE = re.compile(r"^(Table|Tab\.|Figure|Fig\.)\s*(\d{1,3}|[A-Z]\.?\d{1,2})\s*[:.|]\s*(.*)$")


def _plausible_title(title: str) -> bool:
    words = title.split()
    if not 1 <= len(words) <= 12 or title.endswith((",", ";")):
        return False
    if sum(c.isdigit() for c in title) > 4 or re.search(r"\b(19|20)\d\d\b", title):
        return False
    letters = sum(c.isalpha() for c in title)
    return letters >= 0.6 * len(title.replace(" ", ""))


_LETTERED_FIRST = frozenset("ABCDEFGH")  # LETTERED_RE starts with [A-H] or "Appendix"
_NUMBER_PREFIX_RE = re.compile(r"^(?:\d{1,2}|[a-h]|[ivx]{1,4})\.?\s+")


# What a long line (70 characters or more) must start with to be a heading: a digit
# (NUMBERED_RE), an appendix letter (LETTERED_RE) or a checklist title's first letter
# (CHECKLIST_RE, either case).
_CHECKLIST_FIRST = frozenset("NPCRAE" + "npcrae")
_LONG_HEADING_FIRST = _LETTERED_FIRST | _CHECKLIST_FIRST


def heading_of(text: str, zone: str) -> tuple[str, str] | None:
    """(title, kind) when a line is a section heading, else None."""
    t = text.strip()
    first = t[:1]
    if len(t) >= 70 and first not in _LONG_HEADING_FIRST and not first.isdigit():
        return None
    if first in _CHECKLIST_FIRST and CHECKLIST_RE.match(t):
        return t, "checklist"
    if len(t) < 70:  # the two rules below ask for short lines
        low = t.rstrip(".:").strip().lower()
        if len(t) < 40 or "appendix" in low or "supplementary" in low:
            plain = _NUMBER_PREFIX_RE.sub("", low)
            if plain in KNOWN and len(t) < 40:
                return t, KNOWN[plain]
            if plain.startswith(("appendix", "supplementary")):
                return t, "appendix"
    if zone == "body" and first.isdigit():  # NUMBERED_RE starts with a digit
        m = NUMBERED_RE.match(t)
        if m and _plausible_title(m.group(2)) and int(m.group(1).split(".")[0]) <= 20:
            return t, _kind(m.group(2))
    if first not in _LETTERED_FIRST:
        return None
    m = LETTERED_RE.match(t)
    if m and _plausible_title(m.group(2)) and "," not in t and zone != "checklist":
        if zone == "references" or len(m.group(2).split()) >= 1:
            return t, "appendix"
    return None


def _kind(title: str) -> str:
    low = title.lower()
    if re.search(
        r"implementation|training detail|hyper-?parameter|experimental (setup|detail)", low
    ):
        return "implementation"
    if re.search(r"experiment|evaluation|results|empirical|benchmark", low):
        return "experiments"
    return KNOWN.get(low.rstrip("."), "section")


def label_lines(pages: list[list[str]]) -> tuple[list[Line], list[Section]]:
    """Assign each line its page, zone and section; collect headings."""
    zone, section, in_appendix = "body", "", False
    lines: list[Line] = []
    sections: list[Section] = []
    for pno, page in enumerate(pages, start=1):
        for text in page:
            h = heading_of(text, zone)
            if h is not None:
                title, kind = h
                new_zone = _zone_after(zone, kind, in_appendix)
                if new_zone is not None:
                    zone = new_zone
                    in_appendix = in_appendix or kind == "appendix"
                    section = title
                    sections.append(Section(title, pno, zone, kind))
                    lines.append(Line(pno, text, zone, section, heading=True))
                    continue
            lines.append(Line(pno, text, zone, section))
    return lines, sections


def _zone_after(zone: str, kind: str, in_appendix: bool) -> str | None:
    """The zone a heading of ``kind`` opens, or None when the line is not a heading here."""
    if kind == "checklist":
        return "checklist"
    if kind == "references":
        return "references"
    if zone == "body":
        return "body"
    if kind == "appendix":
        return "body"
    if zone == "references" and kind == "acknowledgments":
        return "body"
    return None


def find_captions(lines: list[Line]) -> list[Caption]:
    out: list[Caption] = []
    for i, ln in enumerate(lines):
        m = CAPTION_RE.match(ln.text)
        if not m:
            continue
        kind = "table" if m.group(1).lower().startswith("tab") else "figure"
        text = ln.text
        for nxt in lines[i + 1 : i + 4]:
            if nxt.page != ln.page or len(text) > 400 or CAPTION_RE.match(nxt.text):
                break
            if re.search(r"[.!?]$", text):
                break
            text += " " + nxt.text
        out.append(
            Caption(kind, f"{m.group(1).rstrip('.').title()} {m.group(2)}", text, ln.page, ln.zone)
        )
    return out
