"""What funding adds to content, without content importing funding: the publishing check of
funders' visibility rules (campaigns.content.publishing) and the campaign editor's read-only
"Funding" panel. CampaignsConfig.ready calls ``register()``, for every process (the admin, the
workflow's final publication, ``publish_scheduled``...)."""

from campaigns.content.models.pages import register_campaign_panel
from campaigns.content.publishing import register_publish_check

from .panels import FundingPanel
from .visibility import visibility_problems, visibility_problems_many


def register() -> None:
    register_publish_check(visibility_problems, many=visibility_problems_many)
    register_campaign_panel(FundingPanel())
