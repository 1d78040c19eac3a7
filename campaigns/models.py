"""The app's registry of models: each concept's folder defines them (campaigns/content/models/,
campaigns/funding/models.py, campaigns/reach/models/); Django and Wagtail find them here, and
``from campaigns.models import X`` works for any of them."""

from campaigns.content.models import (
    CampaignImage,
    CampaignIndexPage,
    CampaignPage,
    CampaignRendition,
    Channel,
    Country,
    CountryPage,
    HomePage,
    Material,
    MaterialType,
    MaterialVersion,
    Region,
    ReviewTask,
    TranslatorLanguages,
)
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
from campaigns.reporting.models import DownloadCount, PageViewCount
from campaigns.reporting.settings_models import ReportingSettings

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
    "ReportingSettings",
    "Target",
    "DownloadCount",
    "PageViewCount",
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
