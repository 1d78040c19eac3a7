"""Public site search: Wagtail search (PostgreSQL full text on PostgreSQL), shown in the
visitor's language, limited to pages offered in that language."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.models import Page

from campaigns.i18n.localization import Localizer
from campaigns.models import CampaignPage, CountryPage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    language = translation.get_language()
    results = []
    if query:
        pages = (
            Page.objects.live().public().type(CampaignPage, CountryPage).specific().search(query)
        )
        for page in pages:
            if language in page.offered_language_codes():
                chain = page.fallback_chain(language)
                results.append((page, Localizer(page, chain).resolve("title")))
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "campaigns/search.html",
        {"query": query, "results": page_obj, "result_count": len(results)},
    )
