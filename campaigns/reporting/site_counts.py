"""The site's own counts for the dashboard: page views and material downloads, "Counted by this
website", shown beside the partners' figures and never added to them.

``site_counts(user, flt, by)`` takes the dashboard's ReachFilter and answers like
figures.totals: one dict per group and kind, aggregated in SQL, one query per kind.

- Period: the days of the filter's months. Countries and campaigns: the rows' own (copied when
  counted): a campaign page's views and its materials' downloads belong to the campaign and its
  country, a country page's views to the country only; the home and index pages belong to none,
  so they drop out as soon as a country or campaign is chosen. Funders and agreements: the
  campaigns they fund, as for the partners' figures.
- Organisations, channels and "include submitted" describe partners' reports: the site's counts
  have none of them and ignore them (the dashboard labels these counts as the site's own).
- Scoping: the counts of a country go to who may read that country's figures
  (campaigns.reach.access.countries_visible_to); rows of no country (home and index pages) to
  those who see every country. ``user=None``: no scoping (the public).
"""

from collections.abc import Sequence

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth

from campaigns.reach import access

from .figures import campaigns_funded_by
from .models import DownloadCount, PageViewCount
from .months import month_end

VIEWS = "views"
DOWNLOADS = "downloads"
KINDS = (VIEWS, DOWNLOADS)
DIMENSIONS = ("page", "material", "language", "country", "campaign", "month", "day")

# kind -> (model, its object's dimension)
SOURCES = {VIEWS: (PageViewCount, "page"), DOWNLOADS: (DownloadCount, "material")}


def site_counts(user, flt, by: Sequence[str] = (), kinds: Sequence[str] = KINDS) -> list[dict]:
    """One dict per group and kind: ``{"language": "fr", "kind": "views", "value": 120}``, keys
    the ``by`` dimensions (ids for page, material, country and campaign, a code for language, a
    date for month and day) plus "kind" and "value". A download has no page and a page view no
    material: grouped by those, the other kind's rows carry None."""
    by = tuple(by)
    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"Unknown dimensions: {sorted(unknown)}")
    rows = []
    for kind in kinds:
        model, own_object = SOURCES[kind]
        columns = {}  # dimension -> column of this table (None: not applicable to the kind)
        for dimension in by:
            if dimension in ("page", "material"):
                columns[dimension] = f"{dimension}_id" if dimension == own_object else None
            elif dimension in ("country", "campaign"):
                columns[dimension] = f"{dimension}_id"
            else:
                columns[dimension] = dimension  # language, day; month is annotated below
        grouped = [column for column in columns.values() if column]
        queryset = counts_in_view(user, flt, model)
        if "month" in by:
            queryset = queryset.annotate(month=TruncMonth("day"))
        if grouped:
            order = [F(column).asc(nulls_first=True) for column in grouped]  # as SQLite does
            found = queryset.values(*grouped).annotate(value=Sum("count")).order_by(*order)
        else:  # one total (values() without fields would group by every column)
            found = [queryset.aggregate(value=Sum("count"))]
            found = found if found[0]["value"] is not None else []
        for row in found:
            out = {
                dimension: row[column] if column else None for dimension, column in columns.items()
            }
            out["kind"] = kind
            out["value"] = int(row["value"] or 0)
            rows.append(out)
    return rows


def counts_in_view(user, flt, model):
    """Rows of ``model`` (PageViewCount or DownloadCount) that the filter selects, that ``user``
    may read (None: the public)."""
    rows = model.objects.all()
    if flt.month_from:
        rows = rows.filter(day__gte=flt.month_from)
    if flt.month_to:
        rows = rows.filter(day__lte=month_end(flt.month_to))
    if flt.countries:
        rows = rows.filter(country_id__in=flt.countries)
    if flt.campaigns:
        rows = rows.filter(campaign_id__in=flt.campaigns)
    funded = campaigns_funded_by(flt)
    if funded is not None:
        rows = rows.filter(campaign_id__in=funded)
    if user is None or access.sees_everything(user):
        return rows
    return rows.filter(country__in=access.countries_visible_to(user))


def page_labels(page_ids) -> dict[int, str]:
    """Titles of the pages in rows grouped by "page", in the active language (one query)."""
    from wagtail.models import Page

    return {page.pk: page.title for page in Page.objects.filter(pk__in=set(page_ids) - {None})}
