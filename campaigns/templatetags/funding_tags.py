"""The "Funded by" section of campaign pages and materials (campaigns.funding.visibility)."""

from django import template

from campaigns.funding.visibility import acknowledgements

register = template.Library()


@register.inclusion_tag("campaigns/funding/funded_by.html")
def funded_by(campaign, language_code=None):
    """Each funder of ``campaign``, emblem and statement together, read along the country's
    chain for the page's language (two queries, however many funders)."""
    if campaign is None or not campaign.pk:
        return {"acknowledgements": []}
    chain = campaign.fallback_chain(language_code)
    # ui_chain: the heading's words follow the same chain ({% ui %}, campaigns.i18n).
    return {"acknowledgements": acknowledgements(campaign, chain), "ui_chain": chain}
