"""Countries of origin: their languages in order of preference, hotline and regions.

Edited as a snippet in the admin (Snippets > Countries of origin). A country's language order is
also its fallback chain: a text missing in the visitor's language is shown in the next one.
"""

from babel import Locale
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from campaigns.i18n.languages import get_language, to_babel_identifier


def content_language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def parse_language_codes(value: str) -> list[str]:
    return [
        code.strip().lower() for code in (value or "").replace(";", ",").split(",") if code.strip()
    ]


def validate_language_codes(value: str) -> None:
    codes = parse_language_codes(value)
    if not codes:
        raise ValidationError(_("Give at least one language code."))
    unknown = [code for code in codes if code not in content_language_codes()]
    if unknown:
        raise ValidationError(
            _("Not a content language of this site: %(codes)s. Known: %(known)s."),
            params={"codes": ", ".join(unknown), "known": ", ".join(content_language_codes())},
        )
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each language may appear only once."))


def validate_country_code(value: str) -> None:
    if value != value.upper() or value not in Locale("en").territories or len(value) != 2:
        raise ValidationError(
            _("%(code)s is not an ISO 3166-1 alpha-2 country code (e.g. SN, AF)."),
            params={"code": value},
        )


class Country(ClusterableModel):
    code = models.CharField(
        _("ISO 3166-1 code"),
        max_length=2,
        unique=True,
        validators=[validate_country_code],
        help_text=_("Two capital letters, e.g. SN for Senegal. The name comes from CLDR."),
    )
    languages = models.CharField(
        _("languages, in order of preference"),
        max_length=200,
        validators=[validate_language_codes],
        help_text=_(
            "Comma-separated language codes, most preferred first, e.g. 'fr, wo, ff'. "
            "Pages are offered in these languages plus the site-wide ones, and missing text "
            "falls back along this order."
        ),
    )
    hotline = models.CharField(
        _("national hotline"),
        max_length=40,
        blank=True,
        help_text=_("The number people can call, in international format, e.g. +221 800 00 00."),
    )
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+[0-9][0-9 ]{5,30}$",
                _("Give the number in international format: + then digits (+221 77 000 00 00)."),
            )
        ],
        help_text=_(
            "If people can write on WhatsApp: pages then show a WhatsApp button beside the call "
            "button."
        ),
    )
    contact_details = models.TextField(
        _("contacts"),
        blank=True,
        help_text=_("Who to contact and when (opening hours, address, messaging apps)."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("languages"),
        FieldPanel("hotline"),
        FieldPanel("whatsapp"),
        FieldPanel("contact_details"),
        InlinePanel("regions", heading=_("First-level regions"), label=_("region")),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("country of origin")
        verbose_name_plural = _("countries of origin")

    def __str__(self):
        return self.localized_name()

    def localized_name(self, language_code: str | None = None) -> str:
        """The country's name in the given (or active) language, from CLDR."""
        code = language_code or translation.get_language() or settings.LANGUAGE_CODE
        return Locale.parse(to_babel_identifier(code)).territories.get(self.code, self.code)

    @property
    def language_codes(self) -> list[str]:
        return parse_language_codes(self.languages)

    def offered_language_codes(self) -> list[str]:
        """The country's languages, then the site-wide ones, in the site's language order."""
        wanted = set(self.language_codes) | set(settings.SITE_WIDE_LANGUAGES)
        ordered = self.language_codes + [
            c for c in content_language_codes() if c not in self.language_codes
        ]
        return [code for code in ordered if code in wanted]

    def fallback_chain(self, language_code: str) -> list[str]:
        """Where to look for a text: the asked language, the country's, then the site default."""
        chain = [language_code, *self.language_codes, settings.LANGUAGE_CODE]
        return list(dict.fromkeys(chain))

    def languages_described(self):
        return [get_language(code) for code in self.language_codes]


class Region(Orderable):
    """A first-level administrative region (ISO 3166-2), where reach is reported."""

    country = ParentalKey(
        Country, on_delete=models.CASCADE, related_name="regions", verbose_name=_("country")
    )
    code = models.CharField(
        _("ISO 3166-2 code"), max_length=6, help_text=_("e.g. SN-DK for Dakar.")
    )
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"], name="unique_region_code_per_country"
            )
        ]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def clean(self):
        if self.code and self.country_id and not self.code.startswith(f"{self.country.code}-"):
            raise ValidationError(
                {
                    "code": _("A region code starts with its country's code, e.g. %(example)s.")
                    % {"example": f"{self.country.code}-XX"}
                }
            )
