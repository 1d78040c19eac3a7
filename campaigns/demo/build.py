"""Everything `seed_demo` builds, in order, and the counts it reports."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.documents import get_document_model

from campaigns.models import (
    CampaignImage,
    CampaignPage,
    Channel,
    Country,
    CountryPage,
    Material,
    MaterialVersion,
    Region,
)

from .channels import ensure_channels
from .content import CONTENT
from .countries import ensure_countries
from .images import ensure_images
from .indexing import deferred_indexing
from .pages import (
    ensure_campaign_index,
    ensure_campaign_page,
    ensure_country_page,
    ensure_featured_campaigns,
)
from .site import ensure_home_page, ensure_info_pages, ensure_site_identity


@transaction.atomic
def build_demo_content():
    """Home page, reference data, images, the page tree and materials; returns the home page."""
    with translation.override(settings.LANGUAGE_CODE), deferred_indexing():
        home = ensure_home_page()
        channels = ensure_channels()
        countries = ensure_countries()
        images = ensure_images()
        index = ensure_campaign_index(home)
        for code, content in CONTENT.items():
            country_page = ensure_country_page(index, countries[code], content)
            for spec in content.campaigns:
                ensure_campaign_page(country_page, spec, channels, images)
        ensure_featured_campaigns(home)
        ensure_info_pages(home)
        ensure_site_identity()
    return home


def demo_counts() -> dict[str, int]:
    return {
        "channels": Channel.objects.count(),
        "countries": Country.objects.count(),
        "regions": Region.objects.count(),
        "country pages": CountryPage.objects.live().count(),
        "campaign pages": CampaignPage.objects.live().count(),
        "materials (live)": Material.objects.filter(live=True).count(),
        "material versions": MaterialVersion.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": CampaignImage.objects.count(),
    }
