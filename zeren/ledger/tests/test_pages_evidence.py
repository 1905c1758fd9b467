import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zeren.ledger import services
from zeren.ledger.models import Evidence


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}
    return tmp_path / "media"


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (90, 60), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def photo(county, record):
    activity = record(county.school_a, by=county.admin_a)
    return services.evidence_attach(actor=county.admin_a, activity=activity,
                                    upload=SimpleUploadedFile("签到表.jpg", jpeg()))


def test_download_is_an_attachment_with_the_original_name_and_nosniff(client, county, photo):
    client.force_login(county.admin_d1)
    response = client.get(reverse("ledger:evidence_download", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "%E7%AD%BE%E5%88%B0%E8%A1%A8.jpg" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_thumbnail_is_an_inline_image_with_nosniff(client, county, photo):
    client.force_login(county.admin_a)
    response = client.get(reverse("ledger:evidence_thumbnail", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_school_b_admin_cannot_download_school_a_evidence(client, county, photo):
    client.force_login(county.admin_b)
    assert client.get(reverse("ledger:evidence_download", args=[photo.pk])).status_code == 404
    assert client.get(reverse("ledger:evidence_thumbnail", args=[photo.pk])).status_code == 404
    assert client.post(reverse("ledger:evidence_delete", args=[photo.pk])).status_code == 404
    assert Evidence.objects.filter(pk=photo.pk).exists()


def test_evidence_urls_are_not_under_static_or_media(county, photo):
    url = reverse("ledger:evidence_download", args=[photo.pk])
    assert not url.startswith(("/static/", "/media/"))
    assert photo.file.name not in url


def test_upload_to_an_activity_is_all_or_nothing(client, county, record):
    activity = record(county.school_a, by=county.admin_a)
    client.force_login(county.admin_a)
    url = reverse("ledger:evidence_upload", args=[activity.pk])
    response = client.post(url, {"files": [SimpleUploadedFile("a.jpg", jpeg()),
                                           SimpleUploadedFile("病毒.pdf", b"MZ" + b"\0" * 64)]},
                           follow=True)
    assert "病毒.pdf" in response.content.decode()
    assert Evidence.objects.count() == 0
    client.post(url, {"files": [SimpleUploadedFile("a.jpg", jpeg())]})
    assert Evidence.objects.get().original_name == "a.jpg"


def test_delete_evidence_of_a_draft(client, county, photo):
    client.force_login(county.admin_a)
    response = client.post(reverse("ledger:evidence_delete", args=[photo.pk]))
    assert response["Location"] == reverse("ledger:activity_detail", args=[photo.activity_id])
    assert not Evidence.objects.exists()


def test_member_cannot_download_another_persons_commitment_evidence(client, county):
    commitment = services.commitment_create(actor=None, person=county.people["admin_a"],
                                            year=2023, promise="带头学习")
    entry = services.fulfilment_record(
        actor=None, commitment=commitment, date=commitment.created_at.date(),
        description="已学习", uploads=[SimpleUploadedFile("心得.pdf", b"%PDF-1.4\n%%EOF\n")])
    evidence = entry.evidence.get()
    client.force_login(county.member_a)
    assert client.get(reverse("ledger:evidence_download", args=[evidence.pk])).status_code == 404
    client.force_login(county.admin_a)
    assert client.get(reverse("ledger:evidence_download", args=[evidence.pk])).status_code == 200
