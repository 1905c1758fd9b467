"""The default report document meets every GB/T 9704-2012 point of issue 4 item 4,
read straight from the docx XML (document.xml, styles.xml, settings.xml, footers)."""

import datetime
import io
import re

import docx
import pytest
from lxml import etree

from zeren.ledger import services
from zeren.ledger.models import Activity, Category
from zeren.reports import content, counting
from zeren.reports.docx_builder import build_docx, signature_indents
from zeren.reports.fixtures.samples import NS, parts, w

PERIOD = counting.Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))
MM_TWIPS = 1440 / 25.4


def _approved(unit, code, n, **extra):
    category = Category.objects.get(code=code)
    if category.asks_venue:
        extra.setdefault("venue", Activity.Venue.CAMPUS)
    if category.asks_round:
        extra.setdefault("round_no", 1)
    if category.asks_festival:
        extra.setdefault("festival", Activity.Festival.CHILDREN)
    if category.asks_meeting:
        extra.setdefault("topics", "学习有关文件")
    for i in range(n):
        a = services.activity_create(actor=None, category=category, unit=unit,
                                     date=datetime.date(2023, 3, 1 + i), title=f"活动{i}",
                                     participants=20, submit=True, **extra)
        services.activity_approve(actor=None, activity=a)


@pytest.fixture
def report(county):
    _approved(county.school_a, "lecture", 3)
    _approved(county.bureau, "meeting", 2)
    _approved(county.school_b, "volunteer", 4)
    c = content.build(
        county.staff, county.bureau, PERIOD, recipient="县委宣传部",
        problems="（一）学习还不够深入\n部分党员学习不够主动。\n1.创新能力有待提高\n（1）新媒体应用不足",
        next_steps="一是强化责任意识。\n二是强化担当意识。",
        issued_on=datetime.date(2023, 7, 31))
    data = build_docx(c)
    return c, data, parts(data)


def _style(styles, name):
    found = styles.xpath(f"//w:style[w:name/@w:val='{name}']", namespaces=NS)
    assert found, name
    return found[0]


def _style_of(paragraph) -> str:
    ids = paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    return ids[0] if ids else "Normal"


def _styles_by_id(styles):
    return {s.get(w("styleId")): s for s in styles.findall(w("style"))}


def _text(paragraph) -> str:
    return "".join(paragraph.xpath(".//w:t/text()", namespaces=NS))


def _body(xml):
    return [p for p in xml.find(w("body")).findall(w("p"))]


def _effective(styles_by_id, style_id, path):
    """A pPr/rPr value looked up through the style's basedOn chain."""
    while style_id:
        style = styles_by_id[style_id]
        found = style.xpath(path, namespaces=NS)
        if found:
            return found[0]
        based = style.xpath("w:basedOn/@w:val", namespaces=NS)
        style_id = based[0] if based else None
    return None


def test_page_is_a4_with_the_standard_margins_and_22_lines(report):
    _, _, xml = report
    sect = xml["word/document.xml"].find(f".//{w('sectPr')}")
    size = sect.find(w("pgSz"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")  # A4
    margins = sect.find(w("pgMar"))
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(margins.get(w(side))) - mm * MM_TWIPS) < 2, side
    grid = sect.find(w("docGrid"))
    assert grid.get(w("type")) == "lines" and grid.get(w("linePitch")) == "579"
    type_area = 16838 - int(margins.get(w("top"))) - int(margins.get(w("bottom")))
    assert 22 * 579 <= type_area < 23 * 579  # 22 lines a page, filling the 版心


def test_body_is_3hao_fangsong_exact_28_95pt_condensed_to_28_a_line_indented_two(report):
    _, _, xml = report
    styles = xml["word/styles.xml"]
    by_id = _styles_by_id(styles)
    defaults = styles.find(w("docDefaults"))
    fonts = defaults.find(f".//{w('rFonts')}")
    assert fonts.get(w("eastAsia")) == "仿宋_GB2312"
    assert not [a for a in fonts.attrib if a.endswith("Theme")]  # themes would override
    body_style = _style(styles, "公文正文")
    for sid in ("Normal", body_style.get(w("styleId"))):
        style = by_id[sid]
        rfonts = style.find(f"{w('rPr')}/{w('rFonts')}")
        assert rfonts.get(w("eastAsia")) == "仿宋_GB2312", sid
        assert rfonts.get(w("ascii")) and rfonts.get(w("hAnsi")), sid
        assert style.find(f"{w('rPr')}/{w('sz')}").get(w("val")) == "32", sid  # 16 pt
        spacing = style.find(f"{w('pPr')}/{w('spacing')}")
        assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact"), sid
        assert style.find(f"{w('rPr')}/{w('spacing')}").get(w("val")) == "-5", sid
        assert style.find(f"{w('pPr')}/{w('ind')}").get(w("firstLine")) == "640", sid
    # 28 characters: 156 mm = 442.2 pt holds 28 × (16 − 0.25) = 441 pt, not 28 × 16.
    width_pt = (11906 - 28 * MM_TWIPS - 26 * MM_TWIPS) / 20
    assert 28 * 15.75 <= width_pt < 28 * 16 and width_pt < 29 * 15.75
    # Every 3号 run carries its fonts, size and the condensing itself.
    body_runs = [r for p in _body(xml["word/document.xml"])
                 for r in p.findall(w("r"))
                 if r.find(f"{w('rPr')}/{w('sz')}").get(w("val")) == "32"]
    assert len(body_runs) > 20
    for run in body_runs:
        rpr = run.find(w("rPr"))
        assert rpr.find(w("rFonts")).get(w("eastAsia")) in ("仿宋_GB2312", "黑体", "楷体_GB2312")
        assert rpr.find(w("rFonts")).get(w("ascii")) and rpr.find(w("rFonts")).get(w("hAnsi"))
        assert rpr.find(w("spacing")).get(w("val")) == "-5"


def test_title_is_2hao_xiaobiaosong_centred_and_recipient_flush_left_with_colon(report):
    c, _, xml = report
    styles = xml["word/styles.xml"]
    by_id = _styles_by_id(styles)
    paragraphs = _body(xml["word/document.xml"])
    title = paragraphs[0]
    assert _text(title) == c.title
    sid = _style_of(title)
    assert _style(styles, "公文标题").get(w("styleId")) == sid
    assert _effective(by_id, sid, "w:pPr/w:jc/@w:val") == "center"
    assert _effective(by_id, sid, "w:pPr/w:ind/@w:firstLine") == "0"
    run = title.find(w("r")).find(w("rPr"))
    assert run.find(w("rFonts")).get(w("eastAsia")) == "方正小标宋简体"
    assert run.find(w("sz")).get(w("val")) == "44"  # 22 pt
    assert _effective(by_id, sid, "w:rPr/w:rFonts/@w:eastAsia") == "方正小标宋简体"
    assert re.fullmatch(r".+关于.+意识形态工作责任制落实情况的报告", c.title)
    # One blank line, then the 主送 flush left ending with a full-width colon.
    assert _text(paragraphs[1]) == ""
    recipient = paragraphs[2]
    assert _text(recipient) == "县委宣传部："
    assert _effective(by_id, _style_of(recipient), "w:pPr/w:ind/@w:firstLine") == "0"
    assert _effective(by_id, _style_of(recipient), "w:pPr/w:jc/@w:val") in (None, "left", "both")


def test_heading_levels_use_heiti_kaiti_and_fangsong(report):
    _, _, xml = report
    styles = xml["word/styles.xml"]
    by_id = _styles_by_id(styles)
    expected = {"一级标题": "黑体", "二级标题": "楷体_GB2312", "三级标题": "仿宋_GB2312",
                "四级标题": "仿宋_GB2312"}
    seen = {}
    for p in _body(xml["word/document.xml"]):
        sid = _style_of(p)
        name = by_id[sid].find(w("name")).get(w("val"))
        if name in expected:
            seen.setdefault(name, []).append(_text(p))
            assert _effective(by_id, sid, "w:rPr/w:rFonts/@w:eastAsia") == expected[name]
            run_font = p.find(f"{w('r')}/{w('rPr')}/{w('rFonts')}").get(w("eastAsia"))
            assert run_font == expected[name]
            assert _effective(by_id, sid, "w:pPr/w:ind/@w:firstLine") == "640"
    assert set(seen) == set(expected)
    assert all(re.match(r"^[一二三四五六七八九十]+、", t) for t in seen["一级标题"])
    assert seen["二级标题"] == ["（一）学习还不够深入"]
    assert seen["三级标题"] == ["1.创新能力有待提高"]
    assert seen["四级标题"] == ["（1）新媒体应用不足"]


def test_structure_opening_six_areas_problems_next_steps_closing_signature_date(report):
    c, _, xml = report
    texts = [_text(p) for p in _body(xml["word/document.xml"])]
    assert texts[3].endswith("现将有关情况报告如下：")
    headings = [t for t in texts if re.match(r"^[一二三四五六七八]、", t)]
    assert [h[:2] for h in headings] == [f"{n}、" for n in "一二三四五六七八"]
    assert headings[6] == "七、存在的问题" and headings[7] == "八、下一步打算"
    assert any(t.startswith("一是") and "3场次" in t for t in texts)  # 宣讲 in 理论学习
    closing = texts.index("特此报告。")
    assert texts[closing + 1] == ""  # 下空一行
    assert texts[closing + 2:closing + 4] == [c.signature, "2023年7月31日"]
    assert texts[-1] == "2023年7月31日"
    # No zero padding anywhere a date is written.
    assert not re.search(r"\d{4}年0\d月|月0\d日", "".join(texts))


def test_signature_and_date_are_right_aligned_as_7_3_5_asks(report):
    c, _, xml = report
    by_id = _styles_by_id(xml["word/styles.xml"])
    paragraphs = _body(xml["word/document.xml"])
    signature, date = paragraphs[-2], paragraphs[-1]
    for p in (signature, date):
        assert _effective(by_id, _style_of(p), "w:pPr/w:jc/@w:val") == "right"
    sig_right = int(signature.find(f"{w('pPr')}/{w('ind')}").get(w("right")))
    date_right = int(date.find(f"{w('pPr')}/{w('ind')}").get(w("right")))
    # The date's first character sits two characters right of the signature's first;
    # whichever line is longer is 右空二字.
    assert min(sig_right, date_right) == 640
    sig_pt, date_pt = signature_indents(c.signature, "2023年7月31日")
    assert (sig_right, date_right) == (round(sig_pt * 20), round(date_pt * 20))


def test_signature_longer_than_the_date_keeps_it_two_characters_from_the_edge():
    sig, date = signature_indents("示范县教育局党委宣传办公室", "2023年7月31日")
    assert sig == 32 and date > 32
    sig, date = signature_indents("县教育局", "2023年12月31日")
    assert date == 32 and sig > 32


def test_page_numbers_are_page_fields_in_4hao_songti_odd_right_even_left(report):
    _, data, xml = report
    settings = xml["word/settings.xml"]
    assert settings.find(w("evenAndOddHeaders")) is not None
    sect = xml["word/document.xml"].find(f".//{w('sectPr')}")
    refs = {r.get(w("type")): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                     "relationships}id")
            for r in sect.findall(w("footerReference"))}
    assert set(refs) >= {"default", "even"}
    package = docx.Document(io.BytesIO(data)).part
    footers = {kind: package.related_parts[rid] for kind, rid in refs.items()}
    by_id = _styles_by_id(xml["word/styles.xml"])
    for kind, align, indent in (("default", "right", "right"), ("even", "left", "left")):
        p = etree.fromstring(footers[kind].blob).find(w("p"))
        assert "".join(p.xpath(".//w:instrText/text()", namespaces=NS)).strip() == "PAGE"
        assert [c.get(w("fldCharType")) for c in p.iter(w("fldChar"))] == \
            ["begin", "separate", "end"]
        text = _text(p)
        assert re.fullmatch(r"— \d+ —", text), text
        assert _effective(by_id, _style_of(p), "w:pPr/w:jc/@w:val") == align or \
            p.find(f"{w('pPr')}/{w('jc')}").get(w("val")) == align
        assert p.find(f"{w('pPr')}/{w('ind')}").get(w(indent)) == "280"  # 空一字 (14 pt)
        for run in p.findall(w("r")):
            rpr = run.find(w("rPr"))
            assert rpr.find(w("sz")).get(w("val")) == "28"  # 4号 = 14 pt
            assert rpr.find(w("rFonts")).get(w("eastAsia")) == "宋体"


def test_text_is_black_and_no_font_files_are_shipped(report):
    _, data, xml = report
    for name in ("word/document.xml", "word/styles.xml"):
        root = xml[name]
        if name == "word/styles.xml":  # the styles the document uses
            used = {_style_of(p) for p in _body(xml["word/document.xml"])} | {"Normal"}
            root = [s for s in root.findall(w("style")) if s.get(w("styleId")) in used]
        else:
            root = [root]
        for node in root:
            for color in node.iter(w("color")):
                assert color.get(w("val")) in ("000000", "auto"), name
    import zipfile
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [n for n in names if "font" in n.lower() and n != "word/fontTable.xml"]


def test_python_docx_reopens_the_document(report):
    c, data, _ = report
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.paragraphs[0].text == c.title
    assert round(reopened.sections[0].page_width.mm) == 210
