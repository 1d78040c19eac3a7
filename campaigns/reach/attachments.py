"""Evidence attached to a report: attendance sheets, spreadsheets, photos.

Files are checked before anything is stored (size, type by name *and* content). Photos are
re-encoded with Pillow after turning them upright (`ImageOps.exif_transpose`), so nothing of
their EXIF, GPS, XMP or camera data survives; HEIC photos become JPEG. Stored names are random,
and files are served only by a permission-checked view (campaigns.reach.admin.attachment_views),
never linked by their media address.
"""

import io
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .access import ReachPermissionDenied, reports_editable_by
from .models import ReachAttachment

try:  # HEIC photos from phones, where pillow-heif is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIC = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIC = False

MAX_SIZE = 20 * 1024 * 1024
MAX_PIXELS = 80_000_000

# Photo extension -> (formats Pillow may find in the file, format and extension stored).
PHOTOS = {
    ".jpg": ({"JPEG", "MPO"}, "JPEG", ".jpg"),
    ".jpeg": ({"JPEG", "MPO"}, "JPEG", ".jpg"),
    ".png": ({"PNG"}, "PNG", ".png"),
    ".webp": ({"WEBP"}, "WEBP", ".webp"),
}
if HEIC:
    PHOTOS |= {".heic": ({"HEIF"}, "JPEG", ".jpg"), ".heif": ({"HEIF"}, "JPEG", ".jpg")}

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"  # old Office files (.xls, .doc)
# Document extension -> (what the file must start with, or None for text; content type).
DOCUMENTS = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".xlsx": (ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": (ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".ods": (ZIP, "application/vnd.oasis.opendocument.spreadsheet"),
    ".odt": (ZIP, "application/vnd.oasis.opendocument.text"),
    ".xls": (OLE, "application/vnd.ms-excel"),
    ".doc": (OLE, "application/msword"),
    ".csv": (None, "text/csv"),
}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def allowed_extensions() -> list[str]:
    return sorted({*PHOTOS, *DOCUMENTS})


def _refuse(message):
    raise ValidationError(message, code="attachment")


def check_upload(upload) -> str:
    """The file's extension once it passed the size and type checks; ValidationError if not."""
    extension = PurePath(upload.name or "").suffix.lower()
    if upload.size > MAX_SIZE:
        _refuse(
            _("%(name)s is %(size)s; files up to %(limit)s are accepted.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_SIZE),
            }
        )
    if upload.size == 0:
        _refuse(_("%(name)s is empty.") % {"name": upload.name})
    if extension not in PHOTOS and extension not in DOCUMENTS:
        _refuse(
            _("%(name)s: files of this type are not accepted. Accepted: %(types)s.")
            % {"name": upload.name, "types": ", ".join(allowed_extensions())}
        )
    return extension


def clean_photo(upload, extension) -> tuple[bytes, str, str]:
    """The photo upright and re-encoded without metadata: (bytes, extension, content type)."""
    found_formats, save_format, stored_extension = PHOTOS[extension]
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in found_formats:
                _refuse(
                    _("%(name)s is not the photo its name says (%(found)s).")
                    % {"name": upload.name, "found": image.format}
                )
            if image.width * image.height > MAX_PIXELS:
                _refuse(_("%(name)s has too many pixels.") % {"name": upload.name})
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        _refuse(_("%(name)s cannot be read as a photo.") % {"name": upload.name})
    icc_profile = upright.info.get("icc_profile")
    if upright.mode in ("P", "PA"):
        upright = upright.convert("RGBA")
    if save_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    # A fresh image from the pixels alone: no EXIF, GPS, XMP, comments or text chunks.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if save_format == "JPEG":
        options.update(quality=90, optimize=True)
    output = io.BytesIO()
    clean.save(output, format=save_format, **options)
    return output.getvalue(), stored_extension, CONTENT_TYPES[save_format]


def check_document(upload, extension) -> str:
    magic, content_type = DOCUMENTS[extension]
    upload.seek(0)
    head = upload.read(8)
    if magic is None:
        if b"\x00" in head:
            _refuse(_("%(name)s is not a text file.") % {"name": upload.name})
    elif not head.startswith(magic):
        _refuse(
            _("%(name)s does not look like a %(type)s file.")
            % {"name": upload.name, "type": extension.lstrip(".").upper()}
        )
    upload.seek(0)
    return content_type


def add_attachment(report, upload, user, title="") -> ReachAttachment:
    """Check and store one file on a report the user may still change."""
    if not reports_editable_by(user).filter(pk=report.pk).exists():
        raise ReachPermissionDenied(_("Files are added to open reports of your organisation only."))
    extension = check_upload(upload)
    original = PurePath(upload.name).name
    attachment = ReachAttachment(report=report, uploaded_by=user, title=title or original)
    if extension in PHOTOS:
        data, extension, content_type = clean_photo(upload, extension)
        content = ContentFile(data)
        attachment.metadata_removed = True
    else:
        content_type = check_document(upload, extension)
        content = upload
    attachment.content_type = content_type
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", content, save=False)
    attachment.size = attachment.file.size
    attachment.save()
    return attachment


def remove_attachment(attachment, user) -> None:
    if not reports_editable_by(user).filter(pk=attachment.report_id).exists():
        raise ReachPermissionDenied(
            _("Files are removed from open reports of your organisation only.")
        )
    attachment.file.delete(save=False)
    attachment.delete()
