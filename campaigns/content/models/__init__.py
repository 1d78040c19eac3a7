"""Content's models: pages, materials, countries, channels, images, review task, translators."""

from .channels import Channel
from .countries import Country, Region
from .home import HomeFeaturedCampaign, HomePage
from .images import CampaignImage, CampaignRendition
from .materials import Material, MaterialType, MaterialVersion
from .pages import CampaignIndexPage, CampaignPage, CountryPage
from .review import ReviewTask
from .site_pages import InfoPage, SiteSettings
from .translators import TranslatorLanguages

__all__ = [
    "CampaignImage",
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignRendition",
    "Channel",
    "Country",
    "CountryPage",
    "HomeFeaturedCampaign",
    "HomePage",
    "InfoPage",
    "Material",
    "MaterialType",
    "MaterialVersion",
    "Region",
    "ReviewTask",
    "SiteSettings",
    "TranslatorLanguages",
]
