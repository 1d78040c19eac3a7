"""Content's models: pages, materials, countries, channels, images, review task, translators."""

from .channels import Channel
from .countries import Country, Region
from .home import HomePage
from .images import CampaignImage, CampaignRendition
from .materials import Material, MaterialType, MaterialVersion
from .pages import CampaignIndexPage, CampaignPage, CountryPage
from .review import ReviewTask
from .translators import TranslatorLanguages

__all__ = [
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
