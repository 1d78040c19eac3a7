"""No SVG or HTML is ever served from uploads: images and documents refuse them at upload (a
script inside would run on this site's origin), and a text document is served so that no
browser reads it as HTML."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from campaigns.reach import attachments

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("evil.svg", SVG, "image/svg+xml"), ("evil.html", HTML, "text/html")],
)
def test_images_refuse_svg_and_html(admin_client, name, content, kind):
    upload = SimpleUploadedFile(name, content, content_type=kind)
    response = admin_client.post("/admin/images/add/", {"title": "evil", "file": upload})
    assert response.status_code == 200  # the form again, with its error
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("evil.svg", SVG, "image/svg+xml"), ("evil.html", HTML, "text/html"),
     ("evil.htm", HTML, "text/html"), ("evil.xhtml", HTML, "application/xhtml+xml")],
)  # fmt: skip
def test_documents_refuse_svg_and_html(admin_client, name, content, kind):
    upload = SimpleUploadedFile(name, content, content_type=kind)
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "evil", "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_a_text_document_holding_html_is_not_read_as_html(admin_client, client):
    upload = SimpleUploadedFile("notes.txt", HTML, content_type="text/plain")
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "notes", "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 302, response.content[:500]
    document = get_document_model().objects.get()
    client.logout()
    served = client.get(document.url)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("text/plain")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"  # Wagtail's, kept


@pytest.mark.parametrize("name", ["evil.svg", "evil.html"])
def test_reach_attachments_refuse_svg_and_html(name):
    with pytest.raises(attachments.ValidationError):
        attachments.check_upload(SimpleUploadedFile(name, SVG))
