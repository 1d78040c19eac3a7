"""Handing out a private file once a view has checked who may have it.

On disk the view streams the file itself. On object storage (cms/storage.py) it answers with a
redirect to a signed URL of the private bucket, valid for ``querystring_expire`` seconds (60 by
default), rather than streaming: the production server runs a few synchronous gunicorn workers,
and a 20 MB attendance sheet sent through one of them to a slow connection in a field office
would hold that worker for minutes, while the redirect takes milliseconds and the bucket sends
the bytes. The permission check still runs on every request (the signed URL is minted after it,
for that one object and ``GET`` only); what is given away is a minute in which the URL works
for whoever holds it, the same as the stream's bytes. The URL asks the bucket for the file's
name, type and disposition, so the download looks the same as a streamed one, and the redirect
itself is never cached (a cached one would outlive its URL).
"""

from django.http import HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header


def signs_urls(storage) -> bool:
    """A storage whose URLs are signed and short-lived (django-storages' S3 with
    ``querystring_auth``); a folder on disk has no such URLs."""
    return bool(getattr(storage, "querystring_auth", False)) and hasattr(storage, "bucket_name")


def signed_redirect(storage, name, filename, *, as_attachment, content_type):
    """A never-cached redirect to a signed URL of the file ``name`` of ``storage`` (e.g.
    ``storages["private"]``, or a FileField's ``file.storage`` and ``file.name``), downloaded
    as ``filename``; None where the storage does not sign URLs (then the caller streams it)."""
    if not signs_urls(storage):
        return None
    url = storage.url(
        name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
            "ResponseContentType": content_type,
        },
    )
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    return response
