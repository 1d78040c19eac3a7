"""The pages of the whole site (home, campaigns index, footer pages) and the site's identity.

Pages that belong to no country are offered in every content language. Their missing text
follows a *site-wide* chain instead of a country's: the visitor's language, then the languages
read before it in the countries where it is spoken (Wolof in Senegal, ``fr, wo, ff``: French;
Pashto in Afghanistan, ``fa-af, ps``: Dari), then English. A Wolof home page missing a text shows
the French one, marked ``lang="fr"``, as a Senegalese campaign page would.

**Footer pages** (about, contact, privacy) are ``InfoPage``s directly below the home page; the
footer lists those live with "Show in menus" ticked, in the tree's order.

**Site settings** (Settings > Site identity): the site's name and the organisation's name, each
translated, and the organisation's logo. Every public page shows them, read through
``campaigns.content.site_identity`` (cached, no query on a warm cache).
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from campaigns.i18n.localization import Localizer

from .countries import Country, parse_language_codes
from .mixins import MultilingualPageMixin


def sitewide_chain(code: str, country_languages: Iterable[list[str]]) -> list[str]:
    """The visitor's language, the languages read before it in each country speaking it (in
    the countries' order), then the site's default language."""
    chain = [code]
    for languages in country_languages:
        if code in languages:
            chain += languages[: languages.index(code)]
    chain.append(settings.LANGUAGE_CODE)
    return list(dict.fromkeys(chain))


def country_language_lists() -> list[list[str]]:
    """Each country's languages in order (one query)."""
    return [
        parse_language_codes(value) for value in Country.objects.values_list("languages", flat=True)
    ]


class SitewideContentMixin(MultilingualPageMixin):
    """A page of the whole site: every language, the site-wide fallback chain, and its text
    (``text``: a Localizer, each field marked with its own ``lang``/``dir`` where it falls back)."""

    translation_status_fields: tuple[str, ...] = ("title",)

    def fallback_chain(self, language_code: str | None = None) -> list[str]:
        code = language_code or translation.get_language() or settings.LANGUAGE_CODE
        chains = self.__dict__.setdefault("_fallback_chains", {})
        if code not in chains:
            if "_country_languages" not in self.__dict__:
                self._country_languages = country_language_lists()
            chains[code] = sitewide_chain(code, self._country_languages)
        return chains[code]

    @classmethod
    def languages_read(cls, code: str, country_languages: str | None) -> tuple[list, list, dict]:
        """The site-wide chain (one query for the countries' languages, kept on the page so that
        ``fallback_chain`` does not ask again); the switcher links to every language."""
        lists = country_language_lists()
        every = [language for language, _name in settings.LANGUAGES]
        return sitewide_chain(code, lists), every, {"_country_languages": lists}

    def localizer(self) -> Localizer:
        return Localizer(self, self.fallback_chain())

    def get_context(self, request, *args, **kwargs):
        from .pages import merge_fallbacks  # pages.py imports this module

        context = super().get_context(request, *args, **kwargs)
        context["text"] = self.localizer().resolve(*self.translation_status_fields)
        context["fallback_languages"] = merge_fallbacks(context["text"])
        return context


class InfoPage(SitewideContentMixin, Page):
    """A page editors write for the footer: about us, contact, privacy..."""

    body = RichTextField(
        _("text"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("The page's text. Keep it short: most visitors read on a small phone."),
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["campaigns.HomePage"]
    subpage_types = []
    show_in_menus_default = True  # "Show in menus" puts the page in the footer
    translation_status_fields = ("title", "body")

    class Meta:
        verbose_name = _("footer page")
        verbose_name_plural = _("footer pages")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        forget_site_identity()  # publishing, unpublishing and moving all save the page
        return result

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_identity()
        return result


class SiteSettings(BaseGenericSetting):
    """The site's name, the organisation's name and its logo, on every public page."""

    site_name = models.CharField(
        _("site name"),
        max_length=80,
        blank=True,
        help_text=_(
            "Shown at the top of every page and in the browser's tab. Empty: 'Prevention "
            "campaigns' in the visitor's language."
        ),
    )
    organisation_name = models.CharField(
        _("organisation"),
        max_length=120,
        blank=True,
        help_text=_("Who runs the site, named in the footer of every page."),
    )
    logo = models.ForeignKey(
        "campaigns.CampaignImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_(
            "Shown beside the site name, 40 pixels high (a wide logo stays readable). The site "
            "name says the same to screen readers, so the image has no alt text of its own."
        ),
    )

    panels = [FieldPanel("site_name"), FieldPanel("organisation_name"), FieldPanel("logo")]

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        forget_site_identity()
        return result

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_identity()
        return result


def forget_site_identity() -> None:
    """Drop the cached identity now and again once the transaction commits (a request between
    the two would have cached the old one)."""
    from campaigns.content.site_identity import forget

    forget()
    transaction.on_commit(forget)


def _forget_on_restriction(sender, **kwargs):
    """A footer page made private (or public again) leaves or joins the footer at once."""
    forget_site_identity()


post_save.connect(_forget_on_restriction, sender=PageViewRestriction, dispatch_uid="site_id_pvr")
post_delete.connect(_forget_on_restriction, sender=PageViewRestriction, dispatch_uid="site_id_pvr")
