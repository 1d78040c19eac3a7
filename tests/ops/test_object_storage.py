"""Media on object storage, against a real S3 API (moto's server on loopback, tests/ops/conftest):
evidence uploaded through the admin lands in the private bucket, unreadable without a
signature, and is handed out as a signed URL of a minute only to those who see its report;
images and their renditions are public in the other bucket; documents go through Wagtail's view.
"""

import calendar
import io
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.models import CollectionViewRestriction

from campaigns.models import ReachAttachment
from cms.storage import object_storages
from tests.factories import UserFactory, document, image, reach_report, root_collection
from tests.ops.conftest import create_buckets, s3_environment, use_object_storage
from tests.reach.conftest import MARCH, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.s3]
EVIDENCE = b"%PDF-1.4 attendance sheet, 40 names\n" * 200
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture
def world(object_storage):
    return build_world()


@pytest.fixture
def report(world):
    return reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH)


def upload_evidence(client, world, report):
    client.force_login(world.sn_reporter)
    upload = SimpleUploadedFile("attendance.pdf", EVIDENCE)
    response = client.post(
        reverse("reach_reports:attach", args=[report.pk]), {"file": upload, "title": "Sheet"}
    )
    assert response.status_code == 302
    return ReachAttachment.objects.get()


def test_uploaded_evidence_lands_in_the_private_bucket_without_public_read(
    client, object_storage, world, report
):
    attachment = upload_evidence(client, world, report)
    key = attachment.file.name
    assert object_storage.keys(object_storage.private) == [key]
    assert not [k for k in object_storage.keys(object_storage.public) if k.startswith("reach/")]
    stored = object_storage.client.get_object(Bucket=object_storage.private, Key=key)
    assert stored["Body"].read() == EVIDENCE
    grants = object_storage.client.get_object_acl(Bucket=object_storage.private, Key=key)
    assert not {grant["Grantee"].get("URI") for grant in grants["Grants"]} & PUBLIC_GRANTEES
    # Its plain address, without a signature, is refused by the bucket itself.
    plain = f"{object_storage.endpoint}/{object_storage.private}/{key}"
    assert requests.get(plain, timeout=10).status_code == 403


def test_an_allowed_user_is_sent_to_a_signed_url_of_a_minute(client, object_storage, world, report):
    attachment = upload_evidence(client, world, report)
    download = reverse("reach_reports:attachment", args=[attachment.pk])
    client.force_login(world.editor)
    before = time.time()
    response = client.get(download)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    url = response["Location"]
    assert url.startswith(f"{object_storage.endpoint}/{object_storage.private}/")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"]
    signed_at = calendar.timegm(time.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ"))
    assert abs(signed_at - before) < 30  # signed now, so valid until a minute from now
    assert "X-Amz-Signature" in query
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200 and fetched.content == EVIDENCE
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert 'filename="Sheet.pdf"' in fetched.headers["Content-Disposition"]
    assert fetched.headers["Content-Disposition"].startswith("inline")


def test_denied_users_and_visitors_get_no_url(client, object_storage, world, report):
    attachment = upload_evidence(client, world, report)
    download = reverse("reach_reports:attachment", args=[attachment.pk])
    client.force_login(world.gn_reporter)  # another organisation's reporter
    response = client.get(download)
    assert response.status_code == 404 and object_storage.endpoint not in str(response.content)
    client.logout()
    response = client.get(download)
    assert response.status_code == 302
    assert not response["Location"].startswith(object_storage.endpoint)  # to the login page
    assert "/login/" in response["Location"]


def test_the_url_lifetime_follows_the_setting(s3_endpoint, settings, monkeypatch):
    environment = s3_environment(s3_endpoint, AWS_PRIVATE_URL_SECONDS="5")
    create_buckets(environment)
    use_object_storage(settings, monkeypatch, environment)
    world = build_world()
    report = reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH)
    client = Client()
    attachment = upload_evidence(client, world, report)
    response = client.get(reverse("reach_reports:attachment", args=[attachment.pk]))
    assert parse_qs(urlsplit(response["Location"]).query)["X-Amz-Expires"] == ["5"]


def test_public_images_and_renditions_are_served_by_the_bucket(object_storage):
    photo = image(title="Returnees", size=(600, 400))
    assert photo.file.name in object_storage.keys(object_storage.public)
    rendition = photo.get_rendition("fill-120x80")
    url = rendition.url
    assert url.startswith(f"{object_storage.endpoint}/{object_storage.public}/images/")
    assert "X-Amz-" not in url  # a stable address: cached pages stay valid
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200
    with Image.open(io.BytesIO(fetched.content)) as served:
        assert served.size == (120, 80)
    assert "max-age=86400" in fetched.headers.get("Cache-Control", "")
    original = requests.get(photo.file.url, timeout=10)
    assert original.status_code == 200 and original.content[:2] == b"\xff\xd8"


def test_documents_go_through_wagtails_view_not_the_bucket(client, object_storage):
    poster = document("poster.pdf", b"%PDF-1.4 poster" * 50)
    assert poster.file.name in object_storage.keys(object_storage.public)
    assert poster.url.startswith("/documents/")  # the serve view, which checks privacy
    response = client.get(poster.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 poster" * 50
    # Not under the public prefixes: the bucket refuses its plain address.
    assert requests.get(poster.file.url, timeout=10).status_code == 403


def test_a_private_collections_document_is_never_a_bucket_url(client, object_storage):
    private = root_collection().add_child(name="Partners only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    notes = document("notes.pdf", b"%PDF-1.4 partners' notes")
    notes.collection = private
    notes.save()
    response = client.get(notes.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert object_storage.endpoint not in response["Location"]
    assert requests.get(notes.file.url, timeout=10).status_code == 403
    client.force_login(UserFactory(username="partner"))
    response = client.get(notes.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 partners' notes"


def test_two_buckets_are_required():
    assert object_storages({}) is None
    with pytest.raises(ImproperlyConfigured, match="AWS_PRIVATE_STORAGE_BUCKET_NAME"):
        object_storages({"AWS_STORAGE_BUCKET_NAME": "media"})
    with pytest.raises(ImproperlyConfigured, match="never the public one"):
        object_storages(
            {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "media"}
        )
    configured = object_storages(
        {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "evidence"}
    )
    assert configured["private"]["OPTIONS"]["querystring_auth"] is True
    assert configured["private"]["OPTIONS"]["querystring_expire"] == 60
    assert configured["default"]["OPTIONS"]["querystring_auth"] is False
    assert configured["private"]["OPTIONS"]["default_acl"] is None
