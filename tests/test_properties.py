"""Property-based tests: the README parser, the link extractor and the PDF text cleaner never
raise on arbitrary input, and keep the invariants detectors rely on."""

from __future__ import annotations

import html
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.facts.markdown import parse_document, parse_markdown, parse_rst

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# pieces that exercise Markdown, inline HTML and reStructuredText syntax
PIECES = st.sampled_from([
    "[", "]", "(", ")", "<", ">", "!", "#", "# ", "## ", "*", "`", "```", "~~~", "-", "|",
    "|---|", ":", "/", "\\", "\n", "\n\n", "    ", "\t", "&amp;", "&#x3C;", "%20", "\"", "'",
    "http://", "https://", "www.", "a.org", "x", "y1", "<a href=", "<img src=", "</a>",
    "<table><tr><td>1.5</td></tr></table>", "javascript:", "data:", "`_", "::", "===",
    "\r", "\0", "é", "\u202e", "😀",
])  # fmt: skip
MARKDOWNISH = st.lists(PIECES | st.text(max_size=8), max_size=60).map("".join)
TEXT = st.one_of(st.text(max_size=400), MARKDOWNISH)


def _variants(url: str) -> set[str]:
    """How a link target may be spelled in the source: markdown-it percent-encodes and
    decodes entities and backslash escapes; we check the URL against those spellings."""
    forms = {url, unquote(url), html.unescape(url), html.unescape(unquote(url))}
    return forms | {f.replace("\\", "") for f in forms}


def _in_source(url: str, text: str) -> bool:
    text = text.replace("\0", "")  # the parser drops NULs before anything else
    flat = text.replace("\\", "")
    candidates = {text, flat, html.unescape(text), unquote(text)}
    return any(v in c for v in _variants(url) for c in candidates)


def _check(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    n = len(doc.lines)
    assert n >= 1
    for link in doc.links:
        assert 1 <= link.line <= n, (link, n)
        assert _in_source(link.url.strip(), text), link.url
    for h in doc.headings:
        assert 1 <= h.line <= n
    for b in doc.code_blocks:
        assert 1 <= b.line <= n
    for t in doc.tables:
        assert 1 <= t.line <= n
    for line in range(0, n + 2):
        doc.heading_at(line)  # never raises
    doc.sections()


@SETTINGS
@given(TEXT)
def test_markdown_parser_invariants(text: str) -> None:
    _check(parse_markdown("README.md", text), text)


@SETTINGS
@given(TEXT)
def test_rst_parser_invariants(text: str) -> None:
    _check(parse_rst("README.rst", text), text)


@SETTINGS
@given(st.sampled_from(["README", "readme.txt", "docs/x.md", "a.rst", "b.MD", ".md"]), TEXT)
def test_parse_document_never_raises(path: str, text: str) -> None:
    doc = parse_document(path, text)
    assert doc.path == path


@SETTINGS
@given(
    st.lists(
        st.from_regex(r"https?://[a-z]{1,8}\.(org|com)/[a-z0-9_/-]{0,20}", fullmatch=True),
        max_size=5,
    ),
    TEXT,
)
def test_known_links_are_found_with_their_line(urls: list[str], filler: str) -> None:
    lines = [f"see [link {i}]({u}) and {u}" for i, u in enumerate(urls)]
    text = "# Title\n\n" + "\n\n".join(lines) + "\n\n" + filler.replace("\n", " ")[:50]
    doc = parse_markdown("README.md", text)
    found = {(lk.url, lk.line) for lk in doc.links}
    for i, u in enumerate(urls):
        assert (u, 3 + 2 * i) in found, (u, sorted(found))


try:  # the PDF text cleaner lives on the paper side
    from auditor.facts.paper.text import clean_pages
except ImportError:  # pragma: no cover
    clean_pages = None


if clean_pages is not None:
    PAGE = st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(["1", "12 ", "Intro", "-\n", "http://", "x.org/", "\n", "ﬁ", "\u00ad",
                             "\x0c", "Page 3", "github.com/a/", "b-\nc", " "]),
            max_size=50,
        ).map("".join),
    )  # fmt: skip

    @SETTINGS
    @given(st.lists(PAGE, max_size=8))
    def test_pdf_text_cleaner_keeps_pages(pages: list[str]) -> None:
        cleaned = clean_pages(pages)
        assert len(cleaned) == len(pages)  # page numbers stay in range
        for lines in cleaned:
            assert all(isinstance(ln, str) and ln for ln in lines)
            assert not any("\n" in ln for ln in lines)


# Headings and broken URLs in paper text: the shortcuts of heading_of and _url_continues skip
# the regular expressions only where none of them can match.
from auditor.facts.paper import structure, text  # noqa: E402

HEADINGISH = st.lists(
    st.sampled_from(
        [
            "1",
            "2.3",
            "A",
            "A.1",
            "B.",
            "Appendix ",
            "appendix",
            "Checklist",
            "NeurIPS 2024 ",
            "Paper Checklist",
            "Responsible NLP Research Checklist",
            "ACL ",
            "Reproducibility ",
            " ",
            ". ",
            ":",
            "Results",
            "Introduction",
            "Supplementary Material",
            "x",
            "é",
            "٣",
            "ı",
        ]
    )
    | st.text(max_size=12),
    max_size=14,
).map("".join)


@SETTINGS
@given(HEADINGISH, st.sampled_from(["body", "references", "checklist"]))
def test_heading_shortcuts_skip_only_lines_no_pattern_matches(line: str, zone: str) -> None:
    t = line.strip()
    if t[:1] not in structure._CHECKLIST_FIRST:
        assert structure.CHECKLIST_RE.match(t) is None
    if len(t) >= 70 and t[:1] not in structure._LONG_HEADING_FIRST and not t[:1].isdigit():
        assert structure.heading_of(line, zone) is None
        for pattern in (structure.CHECKLIST_RE, structure.NUMBERED_RE, structure.LETTERED_RE):
            assert pattern.match(t) is None
    low = t.rstrip(".:").strip().lower()
    if len(t) >= 40 and "appendix" not in low and "supplementary" not in low:
        assert not structure._NUMBER_PREFIX_RE.sub("", low).startswith(
            ("appendix", "supplementary")
        )


@SETTINGS
@given(st.lists(st.sampled_from(["http", "s", "://", "www", ".", "github", "com", "/", "x", ":",
                                 "gitlab", " ", "org", "_"]) | st.text(max_size=6),
                max_size=12).map("".join))  # fmt: skip
def test_url_tail_needs_a_dot_or_colon_in_the_last_token(line: str) -> None:
    if line and not line[-1].isspace():
        last = line.rsplit(None, 1)[-1]
        if "." not in last and ":" not in last:
            assert text.URL_TAIL_RE.search(last) is None
