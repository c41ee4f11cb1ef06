"""Paper text extraction on PDFs generated here (reportlab): layout, cleaning, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab.lib import pdfencrypt  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from auditor.detectors import run_detector  # noqa: E402
from auditor.errors import InputError  # noqa: E402
from auditor.facts import Facts  # noqa: E402
from auditor.facts.paper import load_paper, paper_from_pages  # noqa: E402
from auditor.facts.paper.text import normalize  # noqa: E402
from auditor.limits import Limits  # noqa: E402

FONT = "Vera"  # ships with reportlab; has the fi/fl ligature glyphs


def _font() -> str:
    import reportlab

    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def make_pdf(
    path: Path,
    pages: list[list[str]],
    columns: int = 1,
    header: str = "",
    encrypt: str | None = None,
) -> Path:
    kw = {"encrypt": pdfencrypt.StandardEncryption(encrypt)} if encrypt else {}
    c = canvas.Canvas(str(path), **kw)
    font = _font()
    for number, lines in enumerate(pages, start=1):
        c.setFont(font, 9)
        if header:
            c.drawString(72, 770, header)
            c.drawString(300, 40, str(number))
        per_col = -(-len(lines) // columns) if lines else 0
        for col in range(columns):
            x = 72 + col * 260
            for i, line in enumerate(lines[col * per_col : (col + 1) * per_col]):
                c.drawString(x, 740 - 12 * i, line)
        c.showPage()
    c.save()
    return path


def test_one_column_pages_keep_their_numbers(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "a.pdf",
        [
            ["Abstract", "We study things in this paper."],
            ["1 Introduction", "Page two text is here, with more words."],
            ["2 Experiments", "We train the network for 10 epochs."],
        ],
    )
    paper = load_paper(pdf, Limits())
    assert paper.pages == 3 and paper.engine == "pypdfium2" and paper.has_text_layer
    assert "Page two text" in paper.page_texts[1]
    epochs = [s for s in paper.sentences if "10 epochs" in s.text]
    assert epochs and epochs[0].page == 3 and epochs[0].section == "2 Experiments"
    assert [s.title for s in paper.sections] == ["Abstract", "1 Introduction", "2 Experiments"]
    assert len(paper.sha256) == 64


def test_two_column_layout_reads_column_by_column(tmp_path: Path) -> None:
    left = [f"left column sentence {w} here" for w in "abcdef"]
    right = [f"right column sentence {w} here" for w in "abcdef"]
    pdf = make_pdf(tmp_path / "b.pdf", [left + right], columns=2)
    text = load_paper(pdf, Limits()).page_texts[0]
    assert text.index("left column sentence f") < text.index("right column sentence a")
    assert "here right" not in text


def test_ligatures_and_hyphenation_are_undone(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "c.pdf", [["We ﬁne-tune the ﬂow model in our experi-", "ments with care."]]
    )
    text = load_paper(pdf, Limits()).page_texts[0]
    assert "fine-tune the flow model" in text
    assert "experiments with care" in text
    assert normalize("e\ufb03cient \ufb01t") == "efficient fit"


def test_running_headers_page_numbers_and_line_numbers_removed(tmp_path: Path) -> None:
    body = [[f"Sentence {p} {i} of the body." for i in range(5)] for p in range(4)]
    pdf = make_pdf(tmp_path / "d.pdf", body, header="Anonymous Conference Submission 2024")
    paper = load_paper(pdf, Limits())
    assert all("Anonymous Conference" not in t for t in paper.page_texts)
    assert all(not ln.text.isdigit() for ln in paper.lines)
    numbered = "\n".join(f"{100 + i} review copy line {i} of text" for i in range(20))
    cleaned = paper_from_pages([numbered]).page_texts[0]
    assert cleaned.splitlines()[0] == "review copy line 0 of text"


def test_urls_broken_across_lines_and_footnote_digits(tmp_path: Path) -> None:
    raw = (
        "Our code is available online3 for everyone.\n"
        "3https://gi\nthub.com/alice/proj\n"
        "Data from 6github.com/bob/data-set and www.example.org/page.\n"
    )
    urls = {u.url for u in paper_from_pages([raw]).urls}
    assert "https://github.com/alice/proj" in urls
    assert "github.com/bob/data-set" in urls
    split = paper_from_pages(["See https://github.com/carol/\nzero-shot-thing for code.\n"])
    assert "https://github.com/carol/zero-shot-thing" in {u.url for u in split.urls}


def test_references_are_excluded_from_evidence() -> None:
    raw = (
        "1 Introduction\nWe propose a method.\nReferences\n"
        "[1] A. Author. Results averaged over 5 random seeds. 2020.\n"
    )
    paper = paper_from_pages([raw])
    assert run_detector("paper_seeds", Facts(paper=paper), {}).status == "fail"
    assert {ln.zone for ln in paper.lines if "5 random seeds" in ln.text} == {"references"}


def test_scanned_pdf_gives_unknown(tmp_path: Path) -> None:
    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    for _ in range(2):
        c.rect(72, 72, 400, 600, fill=1)  # a page that is only a picture
        c.showPage()
    c.save()
    paper = load_paper(tmp_path / "scan.pdf", Limits())
    assert not paper.has_text_layer
    outcome = run_detector("paper_compute", Facts(paper=paper), {})
    assert outcome.status == "unknown" and "no text layer" in outcome.summary


def test_encrypted_pdf_is_a_clear_error(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "e.pdf", [["secret text"]], encrypt="pw")
    with pytest.raises(InputError, match="encrypted"):
        load_paper(pdf, Limits())


def test_truncated_pdf_is_a_clear_error(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "f.pdf", [["some text"] * 30] * 3)
    data = pdf.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match="broken or unreadable") as err:
        load_paper(cut, Limits())
    assert "\n" not in str(err.value)


def test_not_a_pdf_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "paper.pdf"
    bad.write_text("<html>not a pdf</html>")
    with pytest.raises(InputError, match="not a PDF"):
        load_paper(bad, Limits())


def test_page_limit_is_respected(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "g.pdf", [["page text here, long enough to count"]] * 5)
    paper = load_paper(pdf, Limits(max_pdf_pages=2))
    assert paper.pages == 2 and paper.total_pages == 5
    assert any("2 of 5 pages" in n for n in paper.notes)
