"""README documents: headings, fenced blocks, tables and links, each with its line and heading.

Markdown is parsed with markdown-it-py (CommonMark + tables), which keeps source line maps;
inline HTML (tables, links, images) with BeautifulSoup; reStructuredText and plain text with
a small line-based reader. Never raises on any input text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
URL_RE = re.compile(r"""(?:https?://|www\.|gs://|s3://)[^\s<>"'`)\]}|]+""", re.I)
NUMERIC_RE = re.compile(r"(?<![A-Za-z])[-+]?\d+(?:\.\d+)?\s*(?:%|±|\+/-)?")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # 1-based


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    line: int
    heading: str | None
    image: bool = False


@dataclass(frozen=True)
class CodeBlock:
    info: str
    text: str
    line: int
    heading: str | None


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    heading: str | None
    html: bool = False

    @property
    def numeric_cells(self) -> int:
        return sum(1 for r in self.rows for c in r if is_number_cell(c))


# scientific notation: 1.2e-4, 5.37 × 10^-5, $5.37 \times 10^{-5}$ (LaTeX in a Markdown cell)
_SCIENTIFIC = re.compile(
    r"[-+]?\d+(?:\.\d+)?\s*(?:[eE][-+−]?\d+|(?:\\times|\\cdot|×|·|x)\s*10\s*\^?\s*"
    r"(?:\{\s*[-+−]?\d+\s*\}|[-+−]?\d+|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
)


def is_number_cell(cell: str) -> bool:
    """A table cell holding a number (91.0, 85%, 1.2k, 0.53 ± 0.02, 12.1 / 13.4, 9.6 | 12.6,
    6.9e-4,
    $6.88 \\times 10^{-4}$)."""
    c = cell.strip().strip("*_`")
    if c.startswith("$") and c.endswith("$") and len(c) > 2:
        c = c.strip("$").strip()
    return (
        bool(
            re.fullmatch(
                r"[-+]?\d+(?:[.,]\d+)?\s*(?:%|[kKmMbB])?(?:\s*(?:±|\+/-|\+-)\s*\d+(?:\.\d+)?)?",
                c,
            )
        )
        or bool(re.fullmatch(r"[-+]?\d*\.\d+|\d+\.\d*\s*[/|]\s*\d+\.\d*", c))
        or bool(_SCIENTIFIC.fullmatch(c))
    )


@dataclass
class Document:
    path: str
    lines: list[str]
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def line(self, n: int) -> str:
        """The text of a 1-based line, "" outside the document."""
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def heading_at(self, line: int) -> str | None:
        """The nearest heading at or above a 1-based line."""
        # headings are kept sorted by line: a binary search keeps long documents linear
        i = bisect_right(self.headings, line, key=lambda h: h.line)
        return self.headings[i - 1].text if i else None

    def heading_path(self, line: int) -> tuple[str, ...]:
        """The headings a line sits under, outermost first ("Models" > "LLaMA")."""
        i = bisect_right(self.headings, line, key=lambda h: h.line)
        if not i:
            return ()
        chain: list[str] = []
        level = 10**6
        # bounded walk back: a hostile document with many headings and links stays linear
        for h in reversed(self.headings[max(0, i - 200) : i]):
            if h.level < level:
                chain.append(h.text)
                level = h.level
                if level <= 1:
                    break
            if len(chain) >= 8:
                break
        return tuple(reversed(chain))

    def block_at(self, line: int) -> CodeBlock | None:
        """The fenced or indented code block whose body holds a 1-based line."""
        i = bisect_right(self.code_blocks, line, key=lambda b: b.line)
        if not i:
            return None
        block = self.code_blocks[i - 1]
        return block if block.line < line <= block.line + block.text.count("\n") + 1 else None

    def table_at(self, line: int) -> Table | None:
        """The pipe table whose rows include a 1-based line."""
        for t in self.tables:
            if not t.html and t.line <= line <= t.line + 1 + len(t.rows):
                return t
        return None

    def sections(self) -> list[tuple[Heading | None, int, int]]:
        """(heading, first line, last line) for the preamble and every heading."""
        out: list[tuple[Heading | None, int, int]] = []
        starts = [(None, 1)] + [(h, h.line) for h in self.headings]
        for i, (h, start) in enumerate(starts):
            end = starts[i + 1][1] - 1 if i + 1 < len(starts) else len(self.lines)
            if h is None and end < 1:
                continue
            out.append((h, start, end))
        return out

    def section_text(self, heading_re: re.Pattern[str]) -> list[tuple[Heading, int, int]]:
        """Sections (with their sub-sections) whose heading matches."""
        found = []
        for i, h in enumerate(self.headings):
            if heading_re.search(h.text):
                end = len(self.lines)
                for later in self.headings[i + 1 :]:
                    if later.level <= h.level:
                        end = later.line - 1
                        break
                found.append((h, h.line, end))
        return found


def parse_document(path: str, text: str) -> Document:
    doc = parse_rst(path, text) if path.lower().endswith(".rst") else parse_markdown(path, text)
    doc.code_blocks.sort(key=lambda b: b.line)  # block_at searches them by line
    return doc


def parse_markdown(path: str, text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    doc = Document(path, text.split("\n"))
    try:
        tokens = _MD.parse(text)
    except Exception:  # defensive: markdown-it is robust, but input is hostile
        tokens = []
    _walk_tokens(doc, tokens)
    _add_bare_urls(doc)
    return doc


def _walk_tokens(doc: Document, tokens: list[Token]) -> None:
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1) if tok.map else 1
        if tok.type == "heading_open":
            inline = tokens[i + 1] if i + 1 < len(tokens) else None
            content = _inline_text(inline) if inline else ""
            doc.headings.append(Heading(int(tok.tag[1]), content.strip(), line))
            if inline is not None:
                _collect_links(doc, inline, line)
            i += 3
            continue
        if tok.type in ("fence", "code_block"):
            doc.code_blocks.append(
                CodeBlock(tok.info.strip(), tok.content, line, doc.heading_at(line))
            )
        elif tok.type == "table_open":
            i = _read_table(doc, tokens, i, line)
            continue
        elif tok.type == "inline":
            _collect_links(doc, tok, line)
        elif tok.type == "html_block":
            _read_html(doc, tok.content, line)
        i += 1


def _inline_text(tok: Token) -> str:
    parts = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _collect_links(doc: Document, tok: Token, line: int) -> None:
    children = tok.children or []
    cur_line = line
    for j, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            cur_line += 1
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            label = []
            k = j + 1  # no slicing: a line with thousands of links must stay linear
            while k < len(children) and children[k].type != "link_close":
                if children[k].type in ("text", "code_inline", "image"):
                    label.append(children[k].content)
                k += 1
            doc.links.append(Link("".join(label).strip(), href, cur_line, doc.heading_at(cur_line)))
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            doc.links.append(
                Link(child.content, src, cur_line, doc.heading_at(cur_line), image=True)
            )
        elif child.type == "html_inline":
            _read_html(doc, child.content, cur_line, tables=False)


def _read_table(doc: Document, tokens: list[Token], i: int, line: int) -> int:
    header: list[str] = []
    rows: list[list[str]] = []
    current: list[str] | None = None
    in_head = False
    j = i + 1
    while j < len(tokens) and tokens[j].type != "table_close":
        t = tokens[j]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            current = []
        elif t.type == "tr_close" and current is not None:
            if in_head and not header:
                header = current
            else:
                rows.append(current)
            current = None
        elif t.type == "inline" and current is not None:
            current.append(_inline_text(t).strip())
            row_line = (t.map[0] + 1) if t.map else line
            _collect_links(doc, t, row_line)
        j += 1
    doc.tables.append(
        Table(tuple(header), tuple(tuple(r) for r in rows), line, doc.heading_at(line))
    )
    return j + 1


def _read_html(doc: Document, html: str, line: int, tables: bool = True) -> None:
    if "<" not in html:
        return
    from bs4 import BeautifulSoup  # loaded by the first README with HTML in it

    try:
        soup = BeautifulSoup(html, "html.parser")
    except Exception:
        return
    heading = doc.heading_at(line)
    for a in soup.find_all("a"):
        href = a.get("href")
        if isinstance(href, str):
            doc.links.append(Link(a.get_text(" ", strip=True), href, line, heading))
    for img in soup.find_all("img"):
        src = img.get("src")
        if isinstance(src, str):
            doc.links.append(Link(str(img.get("alt") or ""), src, line, heading, image=True))
    for pre in soup.find_all("pre"):  # <pre>python train.py ...</pre>: a code block
        code = pre.get_text()
        if code.strip():
            doc.code_blocks.append(CodeBlock("", code.strip("\n"), line, heading))
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            text = h.get_text(" ", strip=True)
            if text:
                doc.headings.append(Heading(level, text, line))
                doc.headings.sort(key=lambda x: x.line)
    if not tables:
        return
    for table in soup.find_all("table"):
        rows = []
        for tr in table.find_all("tr"):
            rows.append(tuple(c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])))
        # header cells written without a <tr> of their own (<tbody><th>Methods</th>...)
        stray = tuple(
            th.get_text(" ", strip=True)
            for th in table.find_all("th")
            if th.find_parent("tr") is None
        )
        if stray:
            rows.insert(0, stray)
        if rows:
            doc.tables.append(Table(rows[0], tuple(rows[1:]), line, heading, html=True))


def _add_bare_urls(doc: Document) -> None:
    known = {(lk.url, lk.line) for lk in doc.links}
    known_urls = {lk.url for lk in doc.links}
    for n, text in enumerate(doc.lines, start=1):
        if "://" not in text and "www." not in text:
            continue
        for m in URL_RE.finditer(text[:20000]):
            url = m.group(0).rstrip(".,;:!?*_")
            if (url, n) in known or url in known_urls:
                continue
            doc.links.append(Link("", url, n, doc.heading_at(n)))


_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
_RST_LINK = re.compile(r"`([^`<]*)<([^>]+)>`_")


def parse_rst(path: str, text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    lines = text.split("\n")
    doc = Document(path, lines)
    levels: list[str] = []
    for n in range(1, len(lines)):
        under = lines[n]
        title = lines[n - 1].strip()
        if title and _RST_UNDERLINE.match(under) and len(under.strip()) >= len(title) * 0.6:
            ch = under.strip()[0]
            if ch not in levels:
                levels.append(ch)
            doc.headings.append(Heading(levels.index(ch) + 1, title, n))
    in_block = False
    block: list[str] = []
    block_line = 0
    for n, line in enumerate(lines, start=1):
        if in_block:
            if line.strip() and not line.startswith((" ", "\t")):
                doc.code_blocks.append(
                    CodeBlock("", "\n".join(block), block_line, doc.heading_at(block_line))
                )
                in_block = False
            else:
                block.append(line.strip())
                continue
        if line.rstrip().endswith("::"):
            in_block, block, block_line = True, [], n + 1
        for m in _RST_LINK.finditer(line):
            doc.links.append(Link(m.group(1).strip(), m.group(2).strip(), n, doc.heading_at(n)))
    if in_block and block:
        doc.code_blocks.append(
            CodeBlock("", "\n".join(block), block_line, doc.heading_at(block_line))
        )
    _add_bare_urls(doc)
    return doc
