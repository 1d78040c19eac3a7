"""Funders' visibility rules: what a funded page must show, and why publishing may be refused.

A campaign is funded by the funders of the signed (or closed) agreements allocated to it. A
funder that requires visibility must have its emblem, and its statement in every language the
item is published in; a funder that accepts a fallback is satisfied by the statement in the
next language of the country's chain (French for a Wolof page in Senegal). Emblem and statement
are always shown together, in one element, in the page's language where it exists.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.i18n.languages import get_language
from campaigns.i18n.localization import (
    LocalizedText,
    Localizer,
    columns_outside,
    field_value,
    has_text,
    published_language_codes,
)

from .models import FUNDING_STATUSES, Funder


def campaign_of(obj):
    """The campaign an item belongs to: a campaign page itself, or a material's campaign."""
    from campaigns.models import CampaignPage, Material

    if isinstance(obj, CampaignPage):
        return obj if obj.pk else None
    if isinstance(obj, Material) and obj.campaign_id:
        return obj.campaign
    return None


def funders_of(
    campaign, with_logo_renditions: bool = False, languages: list[str] | None = None
) -> list[Funder]:
    """The funders of a campaign, each once, in one query (two with the logos' renditions).
    ``languages``: the only languages read (a page's chain); the funders' columns in the
    others are left out, as the page's own are (issue 16). The query's SQL is compiled once
    per process for a set of languages (campaigns.site.fixed_queries)."""
    from campaigns.site.fixed_queries import fixed_query

    def build(campaign_id):
        funders = (
            Funder.objects.filter(
                agreements__status__in=FUNDING_STATUSES,
                agreements__allocations__campaign=campaign_id,
            )
            .distinct()
            .select_related("logo")
            .order_by("name")
        )
        if languages:
            funders = funders.defer(*columns_outside(Funder, languages))
        if with_logo_renditions:
            from campaigns.models import CampaignRendition

            funders = funders.prefetch_related(
                Prefetch("logo__renditions", queryset=CampaignRendition.objects.all())
            )
        return funders

    if type(campaign.pk) is not int:
        return list(build(campaign.pk))
    key = ("funders_of", with_logo_renditions, tuple(languages) if languages else None)
    return fixed_query(key, build, (int,)).run(campaign.pk)


def statement_language(funder: Funder, code: str, chain: list[str]) -> str | None:
    """The language the statement would be shown in on a page in ``code``, if any is allowed."""
    if has_text(field_value(funder, "statement", code)):
        return code
    if funder.accepts_fallback_statement:
        for fallback in chain:
            if has_text(field_value(funder, "statement", fallback)):
                return fallback
    return None


def visibility_problems(obj) -> list[str]:
    return visibility_problems_many([obj])[0]


def campaign_id_of(obj) -> int | None:
    from campaigns.models import CampaignPage, Material

    if isinstance(obj, CampaignPage):
        return obj.pk
    if isinstance(obj, Material):
        return obj.campaign_id
    return None


def funding_by_campaign(campaign_ids) -> dict[int, dict[Funder, list]]:
    """For each campaign, its funders that require visibility and their agreements (signed or
    closed) allocated to it: one query for all the campaigns."""
    from .models import Allocation

    found: dict[int, dict[Funder, list]] = {}
    allocations = (
        Allocation.objects.filter(
            campaign_id__in=campaign_ids,
            agreement__status__in=FUNDING_STATUSES,
            agreement__funder__requires_visibility=True,
        )
        .select_related("agreement__funder")
        .order_by("agreement__reference", "pk")
    )
    for allocation in allocations:
        agreements = found.setdefault(allocation.campaign_id, {}).setdefault(
            allocation.agreement.funder, []
        )
        if allocation.agreement not in agreements:
            agreements.append(allocation.agreement)
    return found


def visibility_problems_many(objs) -> list[list[str]]:
    """``visibility_problems`` for each of ``objs``, in three queries whatever their number:
    the funding of their campaigns, and the campaigns (for their countries' languages)."""
    from campaigns.access.roles import FINANCE
    from campaigns.content.publishing import Problem
    from campaigns.models import CampaignPage

    ids = [campaign_id_of(obj) for obj in objs]
    funding = funding_by_campaign({pk for pk in ids if pk})
    campaigns = (
        CampaignPage.objects.select_related("country").in_bulk(list(funding)) if funding else {}
    )
    reader = translation.get_language() or "en"
    results = []
    for obj, campaign_id in zip(objs, ids, strict=True):
        problems = []
        campaign = campaigns.get(campaign_id)
        funders = funding.get(campaign_id, {})
        for funder in sorted(funders, key=str) if campaign else []:
            subjects = [funder, *funders[funder]]
            if not funder.logo_id:
                problems.append(
                    Problem(
                        _("%(funder)s requires its emblem, and none has been added to it.")
                        % {"funder": funder},
                        FINANCE,
                        subjects,
                    )
                )
            for code in published_language_codes(obj):
                if statement_language(funder, code, campaign.fallback_chain(code)) is None:
                    text = _(
                        "%(funder)s requires its statement in %(language)s, and it has none "
                        "in %(language)s%(fallback)s."
                    ) % {
                        "funder": funder,
                        "language": get_language(code).name_in(reader),
                        "fallback": ""
                        if funder.accepts_fallback_statement
                        else _(" (it accepts no other language)"),
                    }
                    problems.append(Problem(text, FINANCE, subjects))
        results.append(problems)
    return results


@dataclass
class Acknowledgement:
    funder: Funder
    name: LocalizedText
    statement: LocalizedText
    required: bool


def acknowledgements(campaign, chain: list[str]) -> list[Acknowledgement]:
    """What the "Funded by" section shows on a page read along ``chain``."""
    result = []
    for funder in funders_of(campaign, with_logo_renditions=True, languages=chain):
        text = Localizer(funder, chain).resolve("name", "statement")
        result.append(
            Acknowledgement(funder, text["name"], text["statement"], funder.requires_visibility)
        )
    result.sort(key=lambda ack: not ack.required)
    return result
