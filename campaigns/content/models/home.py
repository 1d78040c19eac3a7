"""The home page: where a visitor picks a country, finds a hotline and the featured campaigns."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from campaigns.content import directory
from campaigns.i18n.localization import columns_outside

from .pages import CampaignIndexPage
from .site_pages import SitewideContentMixin

MAX_FEATURED = 6


class HomePage(SitewideContentMixin, Page):
    """The site's root page; the campaigns index and the footer pages live below it.

    It lists every country (named in the visitor's language and in the country's own, with its
    hotline), the campaigns editors feature here (else the latest), and a short text on why the
    site exists, all in the visitor's language along the site-wide chain (see site_pages).
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short welcome shown at the top of the home page."),
    )
    why_this_site = RichTextField(
        _("why this site"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "Two or three sentences on why this site exists and who is behind it, shown below "
            "the countries and campaigns."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_campaigns",
            heading=_("Featured campaigns"),
            label=_("campaign"),
            max_num=MAX_FEATURED,
            help_text=_(
                "Shown on the home page in this order. None chosen: the latest published "
                "campaigns. A campaign that is not live is left out."
            ),
        ),
        FieldPanel("why_this_site"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    translation_status_fields = ("title", "intro", "why_this_site")

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chain = self.fallback_chain()
        context["countries"] = directory.countries(chain, request)
        context["featured"] = directory.featured_campaigns(self, chain, request)
        # Only its address in the page's language (and the default one, which Wagtail's
        # url_path falls back to) is read.
        code = chain[0]
        index = (
            self.get_children()
            .live()
            .type(CampaignIndexPage)
            .defer(*columns_outside(Page, [], list(dict.fromkeys([code, settings.LANGUAGE_CODE]))))
            .first()
        )
        context["index_url"] = index.get_url(request=request) if index else ""
        context["fallback_languages"] = directory.fallback_names(
            context["text"], context["featured"]
        )
        return context


class HomeFeaturedCampaign(Orderable):
    """A campaign featured on the home page, in the editors' order."""

    page = ParentalKey(
        HomePage,
        on_delete=models.CASCADE,
        related_name="featured_campaigns",
        verbose_name=_("page"),
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("campaign"),
    )

    panels = [FieldPanel("campaign")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured campaign")
        verbose_name_plural = _("featured campaigns")
