"""The public tree: Home > Campaigns (index) > one CountryPage per country > CampaignPage."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from campaigns.content.blocks import CampaignBodyBlock
from campaigns.content.publishing import CheckedPublishMixin
from campaigns.i18n.localization import Localizer, columns_outside

from .countries import Country
from .mixins import CountryContentMixin
from .site_pages import SitewideContentMixin


class CampaignIndexPage(SitewideContentMixin, Page):
    """Lists the countries of origin and their campaigns; there is one, below the home page."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["campaigns.HomePage"]
    subpage_types = ["campaigns.CountryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("campaigns index")
        verbose_name_plural = _("campaigns indexes")

    translation_status_fields = ("title", "intro")

    def get_context(self, request, *args, **kwargs):
        from campaigns.content import directory  # it reads these page types

        context = super().get_context(request, *args, **kwargs)
        context["countries"] = directory.countries_with_campaigns(self.fallback_chain(), request)
        return context


class CountryPage(CountryContentMixin, Page):
    """A country of origin's home on the site, listing its campaigns."""

    country = models.OneToOneField(
        Country,
        on_delete=models.PROTECT,
        related_name="page",
        verbose_name=_("country of origin"),
        help_text=_("Its languages decide which language versions of the pages below exist."),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Why this campaign matters here, in two or three sentences."),
    )

    content_panels = [*Page.content_panels, FieldPanel("country"), FieldPanel("intro")]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = ["campaigns.CampaignPage"]
    translation_status_fields = ("title", "intro")
    route_select_related = ("country",)  # campaigns.site.routing loads these with the page

    class Meta:
        verbose_name = _("country page")
        verbose_name_plural = _("country pages")

    def get_country(self):
        return self.country if self.country_id else None

    def get_sitemap_urls(self, request=None):
        """The page, and the country's transparency page (who funds its campaigns)."""
        root = self.get_site().root_url if request is None else request.build_absolute_uri("/")
        return [
            *super().get_sitemap_urls(request),
            *self.language_sitemap_entries(
                lambda: root.rstrip("/") + reverse("transparency", args=[self.country.code])
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chain = self.fallback_chain()
        # Each card reads the title and objective along the chain and links in the page's
        # language: the other languages' columns and the bodies are left out.
        unread = [*columns_outside(CampaignPage, chain, chain[:1]), "body"]
        unread += [build_localized_fieldname("body", code) for code in chain]
        campaigns = list(
            CampaignPage.objects.child_of(self)
            .live()
            .order_by("-start_date", "title")
            .defer(*unread)
        )
        context["campaigns"] = [
            (campaign, Localizer(campaign, chain).resolve("title", "objective"))
            for campaign in campaigns
        ]
        contacts = Localizer(self.country, chain).resolve("contact_details")
        context["country_contacts"] = contacts["contact_details"]
        context["fallback_languages"] = merge_fallbacks(
            context["text"], contacts, *(localizer for _c, localizer in context["campaigns"])
        )
        return context


class CampaignPage(CheckedPublishMixin, CountryContentMixin, Page):
    """One campaign in one country: its messages, body, materials and hotline."""

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="campaign_pages",
        editable=False,
        null=True,
        verbose_name=_("country"),
        help_text=_("Taken from the country page above this one."),
    )
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        blank=True,
        help_text=_(
            "Stable identifier used in reach spreadsheets, the API and donor exports, e.g. "
            "sn-safe-journeys. Left empty, it is made from the country and the slug."
        ),
    )
    objective = models.TextField(
        _("objective"), blank=True, help_text=_("What the campaign wants people to know or do.")
    )
    target_audiences = models.TextField(
        _("target audiences"), blank=True, help_text=_("Who the campaign speaks to.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    channels = ParentalManyToManyField(
        "campaigns.Channel", blank=True, verbose_name=_("channels"), related_name="campaigns"
    )
    key_messages = models.TextField(
        _("key messages"),
        blank=True,
        help_text=_("One message per line, the most important first."),
    )
    image = models.ForeignKey(
        "campaigns.CampaignImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main image"),
        help_text=_("Shown at the top of the page; its alt text comes from the image library."),
    )
    body = StreamField(CampaignBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("objective"),
        FieldPanel("target_audiences"),
        MultiFieldPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
        FieldPanel("key_messages"),
        FieldPanel("image"),
        FieldPanel("body"),
        # Other concepts add theirs with register_campaign_panel() (funding: its "Funding").
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("objective"),
        index.SearchField("key_messages"),
        index.SearchField("body"),
    ]
    parent_page_types = ["campaigns.CountryPage"]
    subpage_types = []
    route_select_related = ("country", "image")  # campaigns.site.routing loads these with the page
    exclude_fields_in_copy = ["code"]  # a copy gets its own code on save
    translation_status_fields = ("title", "objective", "target_audiences", "key_messages", "body")

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")

    def get_country(self):
        if self.country_id:
            return self.country
        return self._country_from_parent if self.path else None

    @cached_property
    def _country_from_parent(self):
        parent = self.get_parent()
        return getattr(parent.specific, "country", None) if parent else None

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign cannot end before it starts.")})

    def _take_country_from_parent(self):
        if not self.country_id and self.path:
            country = self._country_from_parent
            self.country_id = country.pk if country else None

    def full_clean(self, *args, **kwargs):
        self._take_country_from_parent()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self._take_country_from_parent()
        if not self.code:
            self.code = self._unused_code()
        super().save(*args, **kwargs)

    def _unused_code(self) -> str:
        """`<country>-<slug>`, numbered if taken: codes never change once given."""
        country = self.get_country()
        base = slugify(f"{country.code if country else 'campaign'}-{self.slug}")[:45] or "campaign"
        code, number = base, 1
        while CampaignPage.objects.filter(code=code).exclude(pk=self.pk).exists():
            number += 1
            code = f"{base}-{number}"
        return code

    def key_message_list(self, text) -> list[str]:
        return [line.strip() for line in str(text or "").splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from .materials import Material  # materials refer to campaign pages

        context = super().get_context(request, *args, **kwargs)
        chain = self.fallback_chain()
        context["country"] = self.country
        context["key_messages"] = self.key_message_list(context["text"]["key_messages"])
        context["materials"] = Material.public_for_campaign(
            self, chain, loaded=self._load_materials(context["text"]["body"].value, chain)
        )
        contacts = Localizer(self.country, chain).resolve("contact_details")
        context["country_contacts"] = contacts["contact_details"]
        context["fallback_languages"] = merge_fallbacks(
            context["text"], contacts, *(item.text for item in context["materials"])
        )
        return context

    def _load_materials(self, body, chain: list[str]) -> dict:
        """The campaign's live materials, from the query that also loads those its body shows
        (handed to the body: one query for both, issue 16)."""
        from campaigns.content.blocks import BodyValue
        from campaigns.site.fixed_queries import fixed_query

        from .materials import group_versions, versions_of_materials

        ids = sorted(body.material_ids()) if isinstance(body, BodyValue) else []

        def build(campaign_id, *material_ids):
            own = Q(material__campaign=campaign_id, material__live=True)
            where = own | Q(material_id__in=material_ids) if material_ids else own
            return versions_of_materials(chain, where=where)

        if all(type(pk) is int for pk in ids):
            # Compiled once per process for a chain and a number of materials in the body.
            key = ("campaign materials", tuple(chain), len(ids))
            query = fixed_query(key, build, (int,) * (1 + len(ids)))
            found = group_versions(query.run(self.pk, *ids))
        else:  # an id stored as text in the body's JSON
            found = group_versions(build(self.pk, *ids))
        if ids:
            body.preload_materials(found)
        return {
            pk: material
            for pk, material in found.items()
            if material.campaign_id == self.pk and material.live
        }


def register_campaign_panel(panel: Panel) -> None:
    """Add ``panel`` at the end of the campaign editor (once per panel class).

    Other concepts extend the editor this way, as they add publishing checks
    (campaigns.content.publishing), so content never imports them: funding adds its read-only
    "Funding" panel (campaigns.funding.content_hooks, from CampaignsConfig.ready).
    """
    if any(type(existing) is type(panel) for existing in CampaignPage.content_panels):
        return
    CampaignPage.content_panels = [*CampaignPage.content_panels, panel]
    CampaignPage.get_edit_handler.cache_clear()  # built from content_panels on first use


def merge_fallbacks(*localizers: Localizer) -> list[str]:
    """Names, in the visitor's language, of the languages the page fell back to."""
    merged = {}
    for localizer in localizers:
        merged.update(localizer.fallback_languages)
    reader = translation.get_language()
    return [language.name_in(reader) for language in merged.values()]
