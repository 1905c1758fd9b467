import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zeren.ledger import services
from zeren.ledger.models import Evidence


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (34.0, 15.0, 0.0), 3: "E", 4: (108.0, 56.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def activity(county, record):
    return record(county.school_a, by=county.admin_a)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    return tmp_path / "media"


def test_photo_is_reencoded_without_exif_or_gps_and_thumbnailed(county, activity):
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()  # the upload carries EXIF
    item = services.evidence_attach(actor=county.admin_a, activity=activity,
                                    upload=SimpleUploadedFile("IMG_0001.jpg", raw))
    assert item.kind == "image"
    with item.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert not image.getexif()
        assert "exif" not in image.info
    assert item.thumbnail
    assert "IMG_0001" not in item.file.name  # random name on disk
    assert item.original_name == "IMG_0001.jpg"


def test_exe_renamed_jpg_is_refused_naming_the_file(county, activity):
    upload = SimpleUploadedFile("签到表.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(actor=county.admin_a, activity=activity, upload=upload)
    assert "签到表.jpg" in error.value.messages[0]
    assert "可执行程序" in error.value.messages[0]
    assert Evidence.objects.count() == 0


def test_thirty_megabyte_file_is_refused_naming_the_file(county, activity, settings):
    upload = SimpleUploadedFile("会议记录.pdf", b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(actor=county.admin_a, activity=activity, upload=upload)
    assert "会议记录.pdf" in error.value.messages[0]
    assert "20 MB" in error.value.messages[0]
    assert Evidence.objects.count() == 0


def test_pdf_and_word_files_are_accepted_by_content(county, activity):
    from docx import Document

    doc = io.BytesIO()
    Document().save(doc)
    pdf = services.evidence_attach(actor=county.admin_a, activity=activity,
                                   upload=SimpleUploadedFile("x.bin", b"%PDF-1.4\n%%EOF\n"))
    word = services.evidence_attach(actor=county.admin_a, activity=activity,
                                    upload=SimpleUploadedFile("总结", doc.getvalue()))
    assert (pdf.kind, pdf.extension) == ("pdf", ".pdf")
    assert (word.kind, word.extension) == ("office", ".docx")


def test_plain_zip_is_not_an_office_file(county, activity):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(ValidationError) as error:
        services.evidence_attach(actor=county.admin_a, activity=activity,
                                 upload=SimpleUploadedFile("材料.docx", buf.getvalue()))
    assert "不是 Office 文件" in error.value.messages[0]


def test_school_b_admin_cannot_attach_to_school_a_activity(county, activity):
    with pytest.raises(ValidationError):
        services.evidence_attach(actor=county.admin_b, activity=activity,
                                 upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"))
    assert Evidence.objects.count() == 0
