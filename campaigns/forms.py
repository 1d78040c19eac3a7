"""Admin forms for content models."""

from wagtail.admin.forms import WagtailAdminModelForm


class MaterialForm(WagtailAdminModelForm):
    """Validates fully even when saving a draft: a material without a language version or a
    version without its file is refused, rather than stored as an incomplete draft."""

    def defer_required_fields(self):
        return
