"""Paper facts: cleaned page text with 1-based page numbers, sections, captions, zones, URLs.

Text engine, chosen by measurement (benchmarks/paper_speed.py, 32 dev papers): pypdfium2 reads
about 2.5 ms/page and, after cleaning, 125/125 labelled quotes are found on their page; pypdf is 13-18x
slower and is kept as the fallback for PDFs pdfium rejects. Nothing in a PDF is executed.
"""

from __future__ import annotations

import ctypes
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from auditor.errors import InputError
from auditor.facts.literals import Screened, TextIndex
from auditor.facts.paper.structure import Caption, Line, Section, find_captions, label_lines
from auditor.facts.paper.text import clean_pages
from auditor.limits import Limits
from auditor.sources.paper import arxiv_id, check_pdf_magic, file_sha256

log = logging.getLogger(__name__)

URL_RE = re.compile(
    r"(?:https?://|www\.|(?<![A-Za-z_.@/-])(?=(?:github|gitlab|bitbucket)\.(?:com|org)/|"
    r"huggingface\.co/|anonymous\.4open\.science/|zenodo\.org/|bit\.ly/|tinyurl\.com/))"
    r"[^\s<>\"'`\]}|]+",
    re.I,
)
MIN_CHARS_PER_PAGE = 25


T = TypeVar("T")


@dataclass(frozen=True)
class PaperUrl:
    url: str
    page: int
    zone: str  # body | references | checklist
    context: str  # the line (or anchor line) the URL sits in
    source: str = "text"  # text | annotation


@dataclass(frozen=True)
class Sentence:
    page: int
    text: str
    zone: str
    section: str


@dataclass
class PaperFacts:
    path: Path
    sha256: str
    engine: str
    pages: int  # pages read
    total_pages: int
    title: str | None
    has_text_layer: bool
    page_texts: tuple[str, ...]  # cleaned, index 0 = page 1
    lines: tuple[Line, ...]
    sections: tuple[Section, ...]
    captions: tuple[Caption, ...]
    urls: tuple[PaperUrl, ...]
    notes: tuple[str, ...] = ()
    arxiv_id: str | None = None  # from the --paper value, when it was an arXiv id or URL
    annotation_urls: tuple[tuple[int, str, str], ...] = field(default=(), repr=False)
    # facts derived from these (e.g. the settings with values), computed once, keyed by name
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Lines joined per page, zone and section, then split into sentences."""
        out: list[Sentence] = []
        group: list[Line] = []

        def flush() -> None:
            if group:
                text = " ".join(ln.text for ln in group)
                for s in re.split(r"(?<=[.!?;])\s+(?=[A-Z(\[])", text):
                    if s.strip():
                        out.append(
                            Sentence(group[0].page, s.strip(), group[0].zone, group[0].section)
                        )
                group.clear()

        for ln in self.lines:
            if (
                group
                and (ln.page, ln.zone, ln.section)
                != (group[0].page, group[0].zone, group[0].section)
                or ln.heading
            ):
                flush()
            if not ln.heading:
                group.append(ln)
        flush()
        return tuple(out)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A fact derived from the paper (its body sentences, their folded text, the settings
        with values), computed once and shared by every detector that needs it."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]  # type: ignore[return-value]

    def body_sentences(self) -> tuple[Sentence, ...]:
        return self.memo(
            "body_sentences", lambda: tuple(s for s in self.sentences if s.zone == "body")
        )

    def body_folded(self) -> tuple[str, ...]:
        """``casefold()`` of each body sentence, aligned with :meth:`body_sentences`; for the
        literal pre-filters of :mod:`auditor.facts.literals`."""
        return self.memo(
            "body_folded", lambda: tuple(s.text.casefold() for s in self.body_sentences())
        )

    def body_index(self) -> TextIndex:
        """Where literals occur in the body sentences (:class:`TextIndex`), for the literal
        pre-filters of :mod:`auditor.facts.literals`."""
        return self.memo(
            "body_index",
            lambda: TextIndex([s.text for s in self.body_sentences()], self.body_folded()),
        )

    def lines_index(self) -> TextIndex:
        """Where literals occur in the paper's lines (every zone), aligned with ``lines``."""
        return self.memo(
            "lines_index",
            lambda: TextIndex([ln.text for ln in self.lines]),
        )

    def body_whole(self) -> tuple[str, str]:
        """All body sentences joined by newlines, as they are and casefolded."""
        index = self.body_index()
        return index.whole, index.whole_folded

    def zone_lines(self, zone: str) -> tuple[Line, ...]:
        return tuple(ln for ln in self.lines if ln.zone == zone)


def _pdfium_pages(path: Path, max_pages: int, deadline: float) -> tuple[list[str], int, list]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise InputError(f"paper PDF is encrypted (password required): {path.name}") from exc
        raise
    texts: list[str] = []
    links: list[tuple[int, str, str]] = []
    try:
        total = len(doc)
        for i in range(min(total, max_pages)):
            if time.monotonic() > deadline:
                break
            page = doc[i]
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            links.extend((i + 1, url, anchor) for url, anchor in _page_links(doc, page, tp))
            tp.close()
            page.close()
    finally:
        doc.close()
    return texts, total, links


def _page_links(doc, page, textpage) -> list[tuple[str, str]]:
    """URI link annotations on a page with the text under each link rectangle."""
    import pypdfium2.raw as pr

    out: list[tuple[str, str]] = []
    pos = ctypes.c_int(0)
    link = pr.FPDF_LINK()
    while pr.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)) and len(out) < 500:
        action = pr.FPDFLink_GetAction(link)
        if not action or pr.FPDFAction_GetType(action) != pr.PDFACTION_URI:
            continue
        n = pr.FPDFAction_GetURIPath(doc.raw, action, None, 0)
        if n <= 1 or n > 4096:
            continue
        buf = ctypes.create_string_buffer(n)
        pr.FPDFAction_GetURIPath(doc.raw, action, buf, n)
        url = buf.value.decode("utf-8", "replace").strip()
        rect = pr.FS_RECTF()
        anchor = ""
        if pr.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            anchor = textpage.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top)
        out.append((url, " ".join(anchor.split())[:200]))
    return out


def _pypdf_pages(path: Path, max_pages: int, deadline: float) -> tuple[list[str], int, list]:
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as exc:  # unsupported crypto
            raise InputError(f"paper PDF is encrypted: {path.name}") from exc
        if not ok:
            raise InputError(f"paper PDF is encrypted (password required): {path.name}")
    total = len(reader.pages)
    texts = []
    for i in range(min(total, max_pages)):
        if time.monotonic() > deadline:
            break
        texts.append(reader.pages[i].extract_text() or "")
    return texts, total, []


def extract_raw(path: Path, limits: Limits) -> tuple[str, list[str], int, list]:
    """(engine, raw page texts, total pages, link annotations). pypdfium2, then pypdf."""
    deadline = time.monotonic() + limits.pdf_timeout
    errors = []
    for name, fn in (("pypdfium2", _pdfium_pages), ("pypdf", _pypdf_pages)):
        try:
            texts, total, links = fn(path, limits.max_pdf_pages, deadline)
            return name, texts, total, links
        except InputError:
            raise
        except Exception as exc:  # a broken PDF may break either engine in any way
            log.info("paper: %s could not read %s: %s", name, path, exc)
            errors.append(f"{name}: {str(exc).splitlines()[0][:80] if str(exc) else exc!r}")
    raise InputError(f"paper PDF is broken or unreadable: {path.name} ({'; '.join(errors)})")


def load_paper(path: Path, limits: Limits, source: str | None = None) -> PaperFacts:
    """Extract and structure a paper PDF. Raises InputError (one line) for bad input.

    ``source`` is the user's ``--paper`` value; an arXiv id in it is kept for cross-checks.
    """
    check_pdf_magic(path, str(path))
    start = time.monotonic()
    engine, raw, total, links = extract_raw(path, limits)
    notes = []
    if len(raw) < total:
        why = "page limit" if len(raw) >= limits.max_pdf_pages else "time limit"
        notes.append(f"read {len(raw)} of {total} pages ({why})")
    facts = paper_from_pages(
        raw,
        path=path,
        engine=engine,
        total_pages=total,
        links=links,
        sha256=file_sha256(path),
        notes=notes,
        source=source,
    )
    log.info("paper: %s pages with %s in %.2fs", facts.pages, engine, time.monotonic() - start)
    return facts


def paper_from_pages(
    raw: list[str],
    *,
    path: Path = Path("paper.pdf"),
    engine: str = "text",
    total_pages: int | None = None,
    links: list[tuple[int, str, str]] | None = None,
    sha256: str = "",
    notes: list[str] | None = None,
    source: str | None = None,
) -> PaperFacts:
    """Build PaperFacts from raw page texts (one string per page, as an engine returns them)."""
    notes = list(notes or [])
    links = list(links or [])
    pages = clean_pages(raw)
    text_pages = sum(1 for p in pages if sum(len(ln) for ln in p) >= MIN_CHARS_PER_PAGE)
    has_text = bool(pages) and text_pages >= max(1, 0.5 * len(pages))
    if pages and not has_text:
        notes.append(f"only {text_pages} of {len(pages)} pages have a text layer (scanned?)")
    lines, sections = label_lines(pages)
    index = TextIndex([ln.text for ln in lines])
    facts = PaperFacts(
        path=path,
        sha256=sha256,
        engine=engine,
        pages=len(pages),
        total_pages=total_pages if total_pages is not None else len(pages),
        title=_title(pages),
        has_text_layer=has_text,
        page_texts=tuple("\n".join(p) for p in pages),
        lines=tuple(lines),
        sections=tuple(sections),
        captions=tuple(find_captions(lines)),
        urls=tuple(_urls(lines, links, index)),
        notes=tuple(notes),
        annotation_urls=tuple(links),
        arxiv_id=arxiv_id(source) if source else None,
    )
    facts.derived["lines_index"] = index  # what lines_index() would build
    return facts


def _title(pages: list[list[str]]) -> str | None:
    for ln in (pages[0] if pages else [])[:8]:
        if len(ln) > 12 and not re.search(r"(arxiv|preprint|proceedings|conference|@)", ln, re.I):
            return ln[:200]
    return None


_URL = Screened.of(URL_RE)


def clean_url(raw: str) -> str:
    url = raw.rstrip(".,;:)]}'\"”’")
    if url.count("(") < url.count(")"):
        url = url.rstrip(")")
    return url


def _urls(lines: list[Line], links: list[tuple[int, str, str]], index: TextIndex) -> list[PaperUrl]:
    """URLs in the text (lines with one of URL_RE's literals; ``index`` is over ``lines``),
    then link annotations not already among them."""
    out: list[PaperUrl] = []
    seen: set[tuple[str, int]] = set()
    candidates = index.candidates(_URL)
    for i in sorted(candidates) if candidates is not None else range(len(lines)):
        ln = lines[i]
        for m in URL_RE.finditer(ln.text):
            url = clean_url(m.group(0))
            if len(url) > 10 and (url, ln.page) not in seen:
                seen.add((url, ln.page))
                out.append(PaperUrl(url, ln.page, ln.zone, ln.text))
    by_page: dict[int, list[Line]] = {}
    zone_of: dict[int, str] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
        zone_of.setdefault(ln.page, ln.zone)
    for page, url, anchor in links:
        if url.lower().startswith(("http://", "https://")) and (url, page) not in seen:
            seen.add((url, page))
            line = next((ln for ln in by_page.get(page, ()) if anchor and anchor in ln.text), None)
            context = line.text if line else anchor
            zone = line.zone if line else zone_of.get(page, "body")
            out.append(PaperUrl(url, page, zone, context, source="annotation"))
    return out
