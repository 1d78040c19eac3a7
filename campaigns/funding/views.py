"""The public transparency page of a country: its campaigns, their funders, and the amounts
each funder allows to be published."""

from dataclasses import dataclass

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from campaigns.i18n.localization import LocalizedText, Localizer
from campaigns.models import CampaignPage, Country

from .currencies import format_money
from .models import FUNDING_STATUSES, Allocation


@dataclass
class LanguageOffer:
    """What the language switcher needs: the country's languages, and no page of its own."""

    codes: list[str]
    pk = None

    def offered_language_codes(self):
        return self.codes


@dataclass
class Row:
    url: str
    title: LocalizedText
    funder: LocalizedText
    programme: str
    period: str
    amount: str


def transparency(request, country_code):
    country = get_object_or_404(Country.objects.select_related("page"), code=country_code.upper())
    page = getattr(country, "page", None)
    if page is None or not page.live:
        raise Http404
    offered = page.offered_language_codes()
    if translation.get_language() not in offered:
        with translation.override(page.best_language_for(request)):
            return HttpResponseRedirect(reverse("transparency", args=[country.code]))
    chain = page.fallback_chain()
    allocations = (
        Allocation.objects.filter(
            campaign__in=CampaignPage.objects.child_of(page).live(),
            agreement__status__in=FUNDING_STATUSES,
        )
        .select_related("campaign", "agreement__funder")
        .order_by("campaign__title", "agreement__funder__name", "start_date")
    )
    rows = []
    for allocation in allocations:
        campaign, funder = allocation.campaign, allocation.agreement.funder
        rows.append(
            Row(
                url=campaign.get_url(request=request),
                title=Localizer(campaign, chain)["title"],
                funder=Localizer(funder, chain)["name"],
                programme=allocation.agreement.programme,
                period=f"{allocation.start_date:%Y-%m} – {allocation.end_date:%Y-%m}",
                amount=format_money(allocation.amount, allocation.currency)
                if funder.discloses_amounts
                else "",
            )
        )
    return TemplateResponse(
        request,
        "campaigns/funding/transparency.html",
        {
            "page": LanguageOffer(offered),
            "country": country,  # interface words fall back along its languages
            "country_name": country.localized_name(),
            "country_url": page.get_url(request=request),
            "open_data_url": reverse("open_data") + "?" + urlencode({"country": country.code}),
            "rows": rows,
        },
    )
