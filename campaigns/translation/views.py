"""Admin screens for translations as PO files: export (a campaign, a country or one item, in the
languages the user may translate) and import (upload a translated file, read the report).

A zip of PO files (the export's for several languages) is taken as well: every file checked,
then all saved or none (``po_archive``).

The import is one step, with "Check only" ticked by default: the first upload checks every entry
and shows the report without writing anything; unticked, the same upload checks again and saves
(everything or, on any error, nothing). No file is kept between the two requests, so there is
nothing to clean up and nothing another user could confirm in one's place.

Who: the people who may change pages' text (translators, limited to their languages; editors;
administrators). Funder reviewers, reporters, M&E and finance officers are refused.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.content.models.countries import content_language_codes
from campaigns.content.models.translators import translator_language_codes
from campaigns.i18n.names import language_name
from campaigns.translation import po_archive, po_export, po_import
from campaigns.translation.po_entries import may_change, offered

app_name = "po_translations"


def may_translate_content(user) -> bool:
    """Translators, editors, administrators: whoever may change some page."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or PagePermissionPolicy().user_has_permission(user, "change")


def user_languages(user, codes) -> list[str]:
    limited = translator_language_codes(user)
    return [code for code in codes if limited is None or code in limited]


def scope_from(params):
    """The scope a link gives (``?campaign=<code>``, ``?country=<ISO>``, ``?item=<app.model:pk>``
    or ``?scope=<kind:ident>``), or None."""
    for kind in po_export.SCOPE_KINDS:
        if params.get(kind):
            return po_export.Scope(kind, params[kind])
    if params.get("scope"):
        try:
            return po_export.Scope.parse(params["scope"])
        except ValueError:
            raise Http404 from None
    return None


def main_item(scope):
    """The object whose permissions decide who exports a scope (its page, or the item)."""
    items = po_export.scope_items(scope)
    return items[0]


def scope_choices(user) -> list[tuple[str, str]]:
    """Campaigns and countries the user may change, for the export form's menu."""
    from campaigns.models import CampaignPage, CountryPage

    choices = []
    for page in CountryPage.objects.select_related("country").order_by("path"):
        if may_change(page, user):
            choices.append((str(po_export.country_scope(page.country)), str(page.country)))
    for page in CampaignPage.objects.order_by("path"):
        if may_change(page, user):
            choices.append((str(po_export.campaign_scope(page)), f"{page.title} ({page.code})"))
    return choices


class Access:
    def dispatch(self, request, *args, **kwargs):
        if not may_translate_content(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExportForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("What to translate"))
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Into"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Several languages: a zip with one PO file each."),
    )

    def __init__(self, *args, choices, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = choices
        self.fields["languages"].choices = [(c, language_name(c)) for c in languages]


class ExportView(Access, TitledScreenMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "translation/po_export.html"
    page_title = gettext_lazy("Export translations")
    header_icon = "download"
    form_class = ExportForm

    def dispatch(self, request, *args, **kwargs):
        self.scope = scope_from(request.GET)
        self.item = None
        if self.scope is not None and may_translate_content(request.user):
            try:
                self.item = main_item(self.scope)
            except LookupError:
                raise Http404 from None
            if not may_change(self.item, request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.scope is not None:
            kwargs["choices"] = [(str(self.scope), str(self.item))]
            codes = offered(self.item)
        else:
            kwargs["choices"] = scope_choices(self.request.user)
            codes = [code for code in content_language_codes() if code != "en"]
        kwargs["languages"] = user_languages(self.request.user, codes)
        if self.scope is not None:
            kwargs["initial"] = {"scope": str(self.scope)}
        return kwargs

    def form_valid(self, form):
        scope = po_export.Scope.parse(form.cleaned_data["scope"])
        try:
            item = main_item(scope)
        except LookupError:
            raise Http404 from None
        if not may_change(item, self.request.user):
            raise PermissionDenied
        user = self.request.user
        who = user.get_full_name() or user.get_username()
        # Only what the user may change: a translator's country file leaves out the country's
        # own texts (editors and administrators change those).
        items = [obj for obj in po_export.scope_items(scope) if may_change(obj, user)]
        name, data, content_type = po_export.export(
            scope, form.cleaned_data["languages"], items=items, translator=f"{who} <{user.email}>"
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.item
        context["import_url"] = reverse(f"{app_name}:import") + (
            f"?scope={self.scope}" if self.scope else ""
        )
        return context


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated PO file"),
        help_text=gettext_lazy(
            "A .po file exported here and translated (at most 2 MB), or a zip of such files, "
            "one per language (at most 5 MB): all of them are saved, or none."
        ),
    )
    check_only = forms.BooleanField(
        label=gettext_lazy("Check only (change nothing)"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Untick to save: each translated page or material gets a new draft, sent to review."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(4)
        upload.seek(0)
        if po_archive.is_zip(head):
            if upload.size > po_archive.MAX_ARCHIVE_BYTES:
                raise forms.ValidationError(_("The zip is larger than 5 MB."))
        elif upload.size > po_import.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class ImportView(Access, TitledScreenMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "translation/po_import.html"
    page_title = gettext_lazy("Import translations")
    header_icon = "upload"
    form_class = ImportForm

    def dispatch(self, request, *args, **kwargs):
        self.scope = scope_from(request.GET)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data["file"].read()
        report = po_archive.import_file(
            data,
            self.request.user,
            dry_run=form.cleaned_data["check_only"],
            expected=self.scope,
        )
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = self.scope
        return context


urlpatterns = [
    path("export/", ExportView.as_view(), name="export"),
    path("import/", ImportView.as_view(), name="import"),
]
