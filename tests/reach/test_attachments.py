"""Attachments: photos stored without their metadata, types and sizes checked, files served
only to those who see the report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.models import ReachAttachment, ReachReport
from campaigns.reach import attachments
from campaigns.reach.models import Status
from tests.factories import reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps(size=(40, 20)) -> bytes:
    """A JPEG taken 'sideways' (orientation 6) somewhere in Dakar, camera data included."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "N", 2: (14.0, 41.0, 0.0), 3: "W", 4: (17.0, 26.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def report(world):
    return reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH)


def attach(client, report, name, content, **data):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("reach_reports:attach", args=[report.pk]), {"file": upload, **data})


def test_the_fixture_photo_has_gps():
    with Image.open(io.BytesIO(photo_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_a_photo_is_stored_upright_without_gps_or_camera_data(client, world, report):
    client.force_login(world.sn_reporter)
    response = attach(client, report, "session.jpg", photo_with_gps(), title="Session in Dakar")
    assert response.status_code == 302
    stored = ReachAttachment.objects.get()
    assert stored.metadata_removed and stored.content_type == "image/jpeg"
    assert stored.file.name.endswith(".jpg") and "session" not in stored.file.name
    with stored.file.open("rb") as handle, Image.open(handle) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert 0x010F not in exif and ORIENTATION not in exif
        assert image.size == (20, 40)  # turned upright before the orientation tag was dropped
        assert "xmp" not in image.info and "exif" not in image.info
    response = client.get(reverse("reach_reports:attachment", args=[stored.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8") and b"PhoneMaker" not in body


def test_documents_are_checked_by_content_and_size(client, world, report, monkeypatch):
    client.force_login(world.sn_reporter)
    attach(client, report, "sheet.pdf", b"%PDF-1.4 attendance")
    assert ReachAttachment.objects.get().content_type == "application/pdf"
    response = attach(client, report, "fake.pdf", b"MZ\x90\x00 not a pdf")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("does not look like a PDF" in m for m in messages), messages
    response = attach(client, report, "tool.exe", b"MZ\x90\x00")
    assert any("not accepted" in str(m) for m in response.wsgi_request._messages)
    response = attach(client, report, "photo.jpg", b"%PDF-1.4 not a photo")
    assert any("cannot be read as a photo" in str(m) for m in response.wsgi_request._messages)
    monkeypatch.setattr(attachments, "MAX_SIZE", 10)
    response = attach(client, report, "big.pdf", b"%PDF-1.4 more than ten bytes")
    assert any("files up to 10" in str(m) for m in response.wsgi_request._messages)
    assert ReachAttachment.objects.count() == 1


def test_files_are_served_only_to_those_who_see_the_report(client, world, report):
    client.force_login(world.sn_reporter)
    attach(client, report, "sheet.pdf", b"%PDF-1.4 attendance")
    download = reverse("reach_reports:attachment", args=[ReachAttachment.objects.get().pk])
    client.force_login(world.gn_reporter)
    assert client.get(download).status_code == 404
    assert attach(client, report, "more.pdf", b"%PDF-1.4").status_code == 404
    client.force_login(world.editor)
    assert client.get(download).status_code == 200
    assert attach(client, report, "more.pdf", b"%PDF-1.4").status_code in (302, 403)
    client.logout()
    assert client.get(download).status_code == 302  # to the login page
    assert ReachAttachment.objects.count() == 1


def test_a_submitted_report_takes_no_more_files(client, world, report):
    ReachReport.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
    client.force_login(world.sn_reporter)
    response = attach(client, report, "sheet.pdf", b"%PDF-1.4")
    assert response.status_code in (302, 403) and "#attachments" not in response.get("Location", "")
    assert not ReachAttachment.objects.exists()
