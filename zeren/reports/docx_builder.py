"""The default work report as a Word document in the GB/T 9704-2012 layout.

A4; margins 37/35/28/26 mm (版心 156×225 mm); body 3号 (16 pt) 仿宋_GB2312, exact line
spacing 579 twips on a lines grid of the same pitch (22 lines a page); each 3号 run
condensed by 0.25 pt (w:spacing −5) so that 28 characters fill a line (a character grid
is avoided: LibreOffice spreads it out); title 2号 方正小标宋简体 centred; headings 一、 黑体,
（一） 楷体_GB2312, 1. and （1） 仿宋_GB2312; first lines indented two characters; page
numbers "— n —" in 4号 宋体 from a PAGE field, odd pages right and even pages left.

No font file is shipped: the document names the fonts, which the bureau's Word/WPS have;
the server's PDF preview falls back on the free fonts it has (Noto CJK).

The structure follows the reference report and the usual 报告: title, 主送, opening ending
"现将有关情况报告如下：", sections 一…六 (the six work areas, "一是/二是…" paragraphs),
then 七、存在的问题 and 八、下一步打算 (numbered on, present only when written), the closing
"特此报告。", and 署名 and 成文日期 placed as 7.3.5.2 asks for a report without a seal.
"""

import functools
import io
import re

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from zeren.reports.content import ReportContent, chinese_date, chinese_numeral

# Page (GB/T 9704-2012 5.1, 5.2.1)
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_DISTANCE_MM = 24.7  # puts the page number's 一字线 about 7 mm under the type area

# Type (5.2.2, 5.2.3)
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
LINE_TWIPS = 579  # 28.95 pt: 22 lines fill the 225 mm type area exactly
CONDENSE_HALF_POINTS = -5  # w:spacing is in twentieths of a point: −0.25 pt → 28 chars a line
INDENT_TWIPS = 2 * BODY_PT * 20  # 左空二字 = 640 twips

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"  # house convention for digits and Latin letters in 公文

# Style name → (East Asian font, size in pt, outline level or None)
STYLES = {
    "公文正文": (FANGSONG, BODY_PT, None),
    "公文标题": (TITLE_FONT, TITLE_PT, None),
    "主送机关": (FANGSONG, BODY_PT, None),
    "一级标题": (HEITI, BODY_PT, 0),
    "二级标题": (KAITI, BODY_PT, 1),
    "三级标题": (FANGSONG, BODY_PT, 2),
    "四级标题": (FANGSONG, BODY_PT, 3),
    "署名": (FANGSONG, BODY_PT, None),
    "成文日期": (FANGSONG, BODY_PT, None),
    "页码": (SONGTI, PAGE_NUMBER_PT, None),
}

# python-docx derives an id from the name (spaces removed); fixed so paragraphs can name it.
STYLE_IDS = {name: name for name in STYLES}

# A line of the user's text that is itself a heading: （一） → level 2, 1. → 3, （1） → 4.
HEADING_PATTERNS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), "一级标题"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "二级标题"),
    (re.compile(r"^\d+[.．]"), "三级标题"),
    (re.compile(r"^（\d+）"), "四级标题"),
]
EM_DASH = "—"  # 一字线 U+2014


def _set_fonts(rpr, east_asian: str) -> None:
    """rFonts with explicit names (no theme attributes, which would override them)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    latin = LATIN if east_asian in (FANGSONG, KAITI, HEITI) else east_asian
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_condensed(rpr) -> None:
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        # CT_RPr order: rStyle rFonts b … color spacing w kern position sz szCs …
        anchor = rpr.find(qn("w:sz"))
        if anchor is not None:
            anchor.addprevious(spacing)
        else:
            rpr.append(spacing)
    spacing.set(qn("w:val"), str(CONDENSE_HALF_POINTS))


def _font_run(run, east_asian: str, size_pt: float) -> None:
    """Fonts and size on the run itself as well, so a Word that ignores a style's fonts
    (or a copy-paste into another document) keeps them."""
    run.font.size = Pt(size_pt)
    rpr = run._element.get_or_add_rPr()
    _set_fonts(rpr, east_asian)
    if size_pt == BODY_PT:
        _set_condensed(rpr)


def _exact(paragraph_format) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Twips(LINE_TWIPS)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


KEPT_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid",
               "Header", "Header Char", "Footer", "Footer Char"}


def _defaults(document) -> None:
    """docDefaults without theme fonts, with the body font, size and spacing; the default
    template's ~150 unused styles (theme-coloured headings, table looks) dropped."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in KEPT_STYLES:
            styles.remove(style)
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FANGSONG)
    for tag, value in (("w:sz", str(BODY_PT * 2)), ("w:szCs", str(BODY_PT * 2))):
        rpr.find(qn(tag)).set(qn("w:val"), value)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    _set_condensed(normal.element.get_or_add_rPr())
    _exact(normal.paragraph_format)
    normal.paragraph_format.first_line_indent = Twips(INDENT_TWIPS)
    normal.paragraph_format.widow_control = False
    for name, (font, size, outline) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = False
        rpr = style.element.get_or_add_rPr()
        _set_fonts(rpr, font)
        _set_condensed(rpr)
        if size != BODY_PT:  # only 3号 text is condensed to 28 a line
            rpr.find(qn("w:spacing")).set(qn("w:val"), "0")
        pf = style.paragraph_format
        _exact(pf)
        pf.first_line_indent = Twips(INDENT_TWIPS)
        if outline is not None:
            pf.keep_with_next = True
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(level)
    title = document.styles["公文标题"].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.first_line_indent = Twips(0)
    title.line_spacing = Pt(35)  # a 2号 title needs more than one body line
    document.styles["主送机关"].paragraph_format.first_line_indent = Twips(0)
    for name in ("署名", "成文日期"):
        document.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        document.styles[name].paragraph_format.first_line_indent = Twips(0)
    number = document.styles["页码"].paragraph_format
    number.first_line_indent = Twips(0)
    number.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _page(document) -> None:
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.header_distance = Mm(15)
    # python-docx has no API for the document grid.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    # Odd pages right, even pages left (7.5): two footers.
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field_char(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._element.append(char)


def _page_number(paragraph, alignment) -> None:
    """"— n —": 4号 宋体, one 一字线 each side, 空一字 from the outer edge; n is a PAGE field
    (python-docx has no field API)."""
    paragraph.style = "页码"
    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)

    def run(text=""):
        r = paragraph.add_run(text)
        _font_run(r, SONGTI, PAGE_NUMBER_PT)
        return r

    run(f"{EM_DASH} ")
    _field_char(run(), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._element.append(instr)
    _field_char(run(), "separate")
    run("1")
    _field_char(run(), "end")
    run(f" {EM_DASH}")


def _paragraph(document, text: str, style: str = "公文正文"):
    paragraph = document.add_paragraph()
    # By id: python-docx's lookup by name scans every style for each paragraph.
    paragraph._p.get_or_add_pPr().style = STYLE_IDS[style]
    font, size, _ = STYLES[style]
    _font_run(paragraph.add_run(text), font, size)
    return paragraph


def _blank(document):
    paragraph = document.add_paragraph()
    paragraph._p.get_or_add_pPr().style = STYLE_IDS["公文正文"]
    return paragraph


def _text_width_pt(text: str) -> float:
    """Width of a line of 3号 text: full-width characters one em, ASCII half, each
    condensed by 0.25 pt."""
    width = 0.0
    for ch in text:
        width += (BODY_PT / 2 if ord(ch) < 0x2E80 else BODY_PT) + CONDENSE_HALF_POINTS / 20
    return width


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents (pt) of 署名 and 成文日期 without a seal (GB/T 9704-2012 7.3.5.2):
    署名 右空二字, the date on the next line with its first character two characters right
    of the 署名's first; a date longer than that goes 右空二字 and the 署名 moves left."""
    two = 2 * BODY_PT
    sig, dat = _text_width_pt(signature), _text_width_pt(date)
    if dat + two <= sig:
        return two, two + sig - two - dat
    return two + dat + two - sig, two


def _body_lines(document, lines: list[str]) -> None:
    for line in lines:
        style = next((s for pattern, s in HEADING_PATTERNS if pattern.match(line)), "公文正文")
        _paragraph(document, line, style)


@functools.cache
def _layout() -> bytes:
    """The empty document with the styles, page and footers: built once per process (a
    constant, not state), each report opens a copy."""
    document = Document()
    _defaults(document)
    _styles(document)
    _page(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_docx(content: ReportContent) -> bytes:
    """The report as .docx bytes in the default GB/T 9704-2012 layout."""
    document = Document(io.BytesIO(_layout()))
    core = document.core_properties
    core.title = content.title
    core.author = content.signature
    core.language = "zh-CN"

    title = _paragraph(document, "", "公文标题")
    title.runs[0].text = content.title
    _blank(document)
    if content.recipient.strip():
        recipient = content.recipient.strip().rstrip(":：") + "："
        _paragraph(document, recipient, "主送机关")

    opening = content.opening.strip()
    if "报告如下" not in opening:
        opening = opening.rstrip("。") + ("。" if opening else "") + "现将有关情况报告如下："
    _paragraph(document, opening)

    number = 0
    for section in content.sections:
        number += 1
        _paragraph(document, f"{chinese_numeral(number)}、{section.heading}", "一级标题")
        for paragraph in section.paragraphs:
            _paragraph(document, paragraph.text)
    for heading, lines in (("存在的问题", content.problems), ("下一步打算", content.next_steps)):
        if not lines:
            continue
        number += 1
        _paragraph(document, f"{chinese_numeral(number)}、{heading}", "一级标题")
        _body_lines(document, lines)

    _paragraph(document, content.closing or "特此报告。")
    _blank(document)
    date = chinese_date(content.issued_on)
    signature_indent, date_indent = signature_indents(content.signature, date)
    _paragraph(document, content.signature, "署名").paragraph_format.right_indent = Pt(
        signature_indent)
    _paragraph(document, date, "成文日期").paragraph_format.right_indent = Pt(date_indent)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
