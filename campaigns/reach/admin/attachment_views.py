"""Adding, downloading and removing a report's attachments (campaigns.reach.attachments).

A file is served only to users who may see its report (else 404), through this view: never
by its media address.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin import messages

from campaigns.ops.storage import signed_redirect
from campaigns.reach.access import ReachPermissionDenied, reports_visible_to
from campaigns.reach.attachments import add_attachment, allowed_extensions, remove_attachment
from campaigns.reach.models import ReachAttachment

from .actions import ReportScreenMixin, inspect_url

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(allowed_extensions())
        self.fields["file"].help_text = _(
            "Attendance sheets, spreadsheets or photos, up to 20 MB. Photos are stored without "
            "their location and camera data."
        )


class UploadAttachmentView(ReportScreenMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(inspect_url(self.report))
        try:
            attachment = add_attachment(
                self.report, form.cleaned_data["file"], request.user, form.cleaned_data["title"]
            )
        except ReachPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from denied
        except ValidationError as refused:
            for message in refused.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(title)s” attached.") % {"title": attachment})
        return redirect(inspect_url(self.report) + "#attachments")


def visible_attachment(request, pk) -> ReachAttachment:
    attachments = ReachAttachment.objects.filter(
        report__in=reports_visible_to(request.user).values("pk")
    ).select_related("report")
    return get_object_or_404(attachments, pk=pk)


class DownloadAttachmentView(View):
    def get(self, request, pk):
        attachment = visible_attachment(request, pk)
        name = str(attachment)
        extension = attachment.file.name.rsplit(".", 1)[-1]
        if not name.lower().endswith(f".{extension.lower()}"):
            name = f"{name}.{extension}"
        as_attachment = attachment.content_type not in INLINE_TYPES
        content_type = attachment.content_type or "application/octet-stream"
        # On object storage: a redirect to a signed URL valid a minute (campaigns.ops.storage).
        stored = attachment.file
        signed = signed_redirect(
            stored.storage,
            stored.name,
            name,
            as_attachment=as_attachment,
            content_type=content_type,
        )
        if signed:
            return signed
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return FileResponse(
            handle, as_attachment=as_attachment, filename=name, content_type=content_type
        )


class DeleteAttachmentView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        attachment = visible_attachment(request, pk)
        report = attachment.report
        try:
            remove_attachment(attachment, request.user)
        except ReachPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from denied
        messages.success(request, _("Attachment removed."))
        return redirect(inspect_url(report) + "#attachments")
