"""budgetlib.pdf.content reads content streams into the operands and operators pdfminer's own parser
gives, and our pages lay out to exactly pdfminer/pdfplumber's objects (a faster reader that changed a
number, a name or a string would move every box the findings point at)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from conftest import real_file
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from budgetlib.pdf import content
from budgetlib.pdf.document import open_document

DATA = Path(__file__).resolve().parent.parent / "data"


def _stream(data: bytes, objid: int = 1) -> PDFStream:
    s = PDFStream({}, data)
    s.set_objid(objid, 0)
    return s


def _pdfminer(streams: list[PDFStream]) -> list:
    try:
        parser = PDFContentParser(streams)
    except PSEOF:
        return []
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


SAMPLES = [
    b"BT /F1 10.5 Tf 1 0 0 1 72.024 700.56 Tm (Hello \\(world\\)\\n\\101\\1012) Tj ET",
    b"q 0.5 0 0 -1 .5 -.25 cm 1.2.3 -- -5 +.5 - . 5- 3 Q",
    b"[(a) -250.5 (b) 12] TJ <48656c6c6f> Tj <4 8 6> Tj <> Tj T* 0 -12 TD ' \"",
    b"/Span <</MCID 0 /ActualText (x) /K [1 2 <</A true /B false /C null>>]>> BDC EMC",
    b"% a comment\n/GS1 gs 0 g 0 G 1 0 0 RG 10 20 m 30 40 l S f* W n re\r\n(a\\\r\nb\\q(c)d) Tj",
    b"(\\0053\\7) Tj /F2#20x 1 Tf",  # a #xx name: pdfminer's parser reads it (None)
    b"BI /W 1 /H 1 /BPC 1 /IM true ID \x00 EI Q",  # inline image: pdfminer's parser reads it (None)
    b"[1 2 >> ] <ab>> (open",  # unbalanced, left open: None
]


@pytest.mark.parametrize("data", SAMPLES)
def test_objects_are_pdfminers(data: bytes) -> None:
    ours = content.objects([_stream(data)])
    if ours is None:
        assert b"#" in data or b"BI" in data or b"(open" in data
        return
    assert repr(ours) == repr(_pdfminer([_stream(data)]))


def test_streams_join_as_pdfminer_joins_them() -> None:
    """A page's streams are one sequence; a token cut by a stream's end ends there (pdfminer #1157)."""
    parts = [b"BT /F1 12 Tf 10 10 Td (a) Tj E", b"T q 1 0 0 1 5", b"5 6 cm Q", b"", b"1 g"]
    streams = [_stream(p, i + 1) for i, p in enumerate(parts)]
    assert repr(content.objects(streams)) == repr(_pdfminer(streams))
    # a token pdfminer carries over into the next stream: its own parser reads the page
    for a, b in ((b"/F1 12 Tf /", b"F2 1 Tf"), (b"/P <</MCID 0>", b"> BDC"), (b"(a", b") Tj"), (b"<4142", b"> Tj")):
        assert content.objects([_stream(a, 1), _stream(b, 2)]) is None


@pytest.mark.parametrize("pdf", [DATA / "seed_2023.pdf", real_file("czj_2024.pdf"),
                                 real_file("budget", "jiangsu_shengweibangongting_2018_dept_budget_tables.pdf")],
                         ids=lambda p: p.stem)
def test_pages_lay_out_as_pdfplumber(pdf: Path) -> None:
    """Every object of every page (chars, rects, lines, curves, images) is pdfplumber's own dict."""
    with open_document(pdf) as doc, pdfplumber.open(str(pdf)) as ref:
        for ours, theirs in zip(doc.pdf.pages, ref.pages, strict=True):
            assert repr(ours.objects) == repr(theirs.objects), ours.page_number
