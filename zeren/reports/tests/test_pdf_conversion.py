"""LibreOffice converts the default report to PDF (a real conversion), and its absence
is a clear Chinese error rather than a crash."""

import datetime

import pytest

from zeren.reports import content, counting, pdf
from zeren.reports.docx_builder import build_docx

PERIOD = counting.Period(datetime.date(2023, 1, 1), datetime.date(2023, 7, 31))


def test_soffice_is_detected_on_this_machine():
    assert pdf.soffice_path() is not None
    assert pdf.pdf_available()


def test_the_report_converts_to_a_pdf(county):
    data = build_docx(content.build(county.staff, county.bureau, PERIOD, recipient="县委宣传部"))
    out = pdf.docx_to_pdf(data)
    assert out.startswith(b"%PDF-")
    assert len(out) > 1000


def test_missing_libreoffice_is_a_clear_chinese_error(settings):
    settings.ZEREN_SOFFICE = "/nonexistent/soffice"
    assert pdf.soffice_path() is None
    assert not pdf.pdf_available()
    with pytest.raises(pdf.PdfUnavailable, match="未安装 LibreOffice"):
        pdf.docx_to_pdf(b"whatever")


def test_a_conversion_that_takes_too_long_is_stopped_with_a_chinese_error(county):
    data = build_docx(content.build(county.staff, county.bureau, PERIOD))
    with pytest.raises(pdf.PdfConversionError, match="秒内未能完成"):
        pdf.docx_to_pdf(data, timeout=0.05)


def test_every_font_the_document_names_has_a_free_substitute_for_the_preview(tmp_path):
    from zeren.reports.docx_builder import STYLES

    named = {font for font, _, _ in STYLES.values()}
    assert named <= set(pdf.FONT_SUBSTITUTES)
    conf = pdf._fontconfig(tmp_path).read_text(encoding="utf-8")
    assert "/etc/fonts/fonts.conf" in conf and all(f"<family>{n}</family>" in conf for n in named)
