"""The campaigns domain, one module per concept, re-exported here for Django and Wagtail."""

# Concepts with their own folder register their models with the app here.
from campaigns.funding.models import (
    AgreementDocument,
    Allocation,
    Funder,
    FundingAgreement,
)
from campaigns.reach.models import (
    AgeBand,
    Indicator,
    MonthLock,
    ReachAttachment,
    ReachBreakdown,
    ReachImport,
    ReachReport,
    ReachValue,
    ReportingOrganisation,
    Target,
)

from .channels import Channel
from .countries import Country, Region
from .home import HomePage
from .images import CampaignImage, CampaignRendition
from .materials import Material, MaterialType, MaterialVersion
from .pages import CampaignIndexPage, CampaignPage, CountryPage
from .review import ReviewTask
from .translators import TranslatorLanguages

__all__ = [
    "AgreementDocument",
    "Allocation",
    "Funder",
    "FundingAgreement",
    "AgeBand",
    "Indicator",
    "MonthLock",
    "ReachAttachment",
    "ReachBreakdown",
    "ReachImport",
    "ReachReport",
    "ReachValue",
    "ReportingOrganisation",
    "Target",
    "CampaignImage",
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignRendition",
    "Channel",
    "Country",
    "CountryPage",
    "HomePage",
    "Material",
    "MaterialType",
    "MaterialVersion",
    "Region",
    "ReviewTask",
    "TranslatorLanguages",
]
