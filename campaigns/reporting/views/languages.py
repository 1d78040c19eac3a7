"""Reach > Languages and materials: reach per translated material and language, materials
distributed while their translation was incomplete or stale, and each country's language
coverage (campaigns.reporting.languages computes them).

Who opens it: whoever reads reach figures (M&E officers, administrators, editors, funder
reviewers: every figure; reporters: their organisations', through campaigns.reach.access).
Translators do not: they read no reach report today, and giving them figures is a decision
about who sees reach, not about this screen (the Translation status screen is theirs).

Each section downloads as CSV, XLSX or HXL (``?download=xlsx&section=materials``), the
filters written on top.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import get_language as active_language
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.content.models.countries import content_language_codes
from campaigns.i18n.languages import get_language
from campaigns.models import Material
from campaigns.reach import access
from campaigns.reporting import languages, tables
from campaigns.reporting.figures import Labels
from campaigns.reporting.filters import ReachFilterForm
from campaigns.reporting.svg import number

SECTIONS = ("materials", "distributions", "coverage")
SEXES = {
    "female": gettext_lazy("Female"),
    "male": gettext_lazy("Male"),
    "unknown": gettext_lazy("Sex unknown"),
}


def may_see_languages(user) -> bool:
    """The readers of reach figures, as campaigns.reach.access scopes them."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (
            access.sees_everything(user)
            or user.has_perm(access.CHANGE)
            or user.has_perm("campaigns.view_reachreport")
        )
    )


def language_name(code: str) -> str:
    if not code:
        return "—"
    try:
        return get_language(code).name_in(active_language() or "en")
    except ValueError:
        return code


def language_order(code: str):
    codes = content_language_codes()
    return (codes.index(code) if code in codes else len(codes), code or "")


def hxl_attribute(code: str) -> str:
    """An indicator code as an HXL attribute (lowercase letters, digits, underscores)."""
    return "".join(c if c.isalnum() else "_" for c in code.lower())


# --- Tables: what the screen shows and the exports write -----------------------------------------


def materials_table(user, flt) -> tables.Table:
    rows = languages.material_reach(user, flt)
    names = Labels(rows, ["indicator"])
    found = Material.objects.filter(pk__in={r["material"] for r in rows}).select_related("campaign")
    materials = {m.pk: m for m in found}
    codes = {i.pk: i.code for i in _indicators(rows)}
    out = []
    for row in rows:
        material = materials.get(row["material"])
        out.append(
            {
                "material": material.title if material else row["material"],
                "material_id": row["material"],
                "campaign": material.campaign.title if material else "",
                "language": row["language"] or "",
                "language_name": language_name(row["language"]),
                "indicator": codes.get(row["indicator"], ""),
                "indicator_name": names("indicator", row["indicator"]),
                "value": row["value"],
                "female": row["female"],
                "male": row["male"],
                "unknown": row["unknown"],
            }
        )
    out.sort(
        key=lambda r: (
            str(r["material"]).lower(),
            str(r["campaign"]).lower(),
            language_order(r["language"]),
            r["indicator_name"],
        )
    )
    columns = [
        tables.Column("material", gettext("Material"), "#item+name"),
        tables.Column("campaign", gettext("Campaign"), "#activity+name"),
        tables.Column("language", gettext("Language code"), "#language+code"),
        tables.Column("language_name", gettext("Language"), "#language+name"),
        tables.Column("indicator", gettext("Indicator code"), "#indicator+code"),
        tables.Column("indicator_name", gettext("Indicator"), "#indicator+name"),
        tables.Column("value", gettext("Value"), "#indicator+value"),
        tables.Column("female", gettext("Female"), "#reached+f"),
        tables.Column("male", gettext("Male"), "#reached+m"),
        tables.Column("unknown", gettext("Sex unknown"), "#reached+sex_unknown"),
    ]
    return tables.Table(gettext("Reach per translated material and language"), columns, out)


def _indicators(rows):
    from campaigns.reach.models import Indicator

    return Indicator.objects.filter(pk__in={r["indicator"] for r in rows})


PROBLEMS = {
    languages.INCOMPLETE: gettext_lazy("incomplete"),
    languages.STALE: gettext_lazy("older than the source"),
    languages.UNPUBLISHED: gettext_lazy("not published yet"),
}


def distributions_table(user, flt) -> tables.Table:
    items = languages.distributions(user, flt)
    flat = [{"indicator": pk} for item in items for pk in item.figures]
    names = Labels(flat, ["indicator"])
    codes = {i.pk: i.code for i in _indicators(flat)}
    out = []
    for item in items:
        base = {
            "month": item.month,
            "material": item.material.title,
            "material_id": item.material.pk,
            "campaign": item.material.campaign.title,
            "language": item.language,
            "language_name": language_name(item.language),
            "source": language_name(item.source),
            "problems": ", ".join(str(PROBLEMS[p]) for p in item.problems),
            "missing": ", ".join(missing(item)),
            "language_changed": item.language_changed.date() if item.language_changed else None,
            "source_changed": item.source_changed.date() if item.source_changed else None,
            "history": gettext("Yes") if item.known_history else gettext("No"),
        }
        for pk, value in sorted(item.figures.items(), key=lambda kv: names("indicator", kv[0])):
            out.append(
                {
                    **base,
                    "indicator": codes.get(pk, ""),
                    "indicator_name": names("indicator", pk),
                    "value": value,
                    "item": item,
                }
            )
    columns = [
        tables.Column("month", gettext("Month"), "#date+month", kind="month"),
        tables.Column("material", gettext("Material"), "#item+name"),
        tables.Column("campaign", gettext("Campaign"), "#activity+name"),
        tables.Column("language", gettext("Language code"), "#language+code"),
        tables.Column("language_name", gettext("Language"), "#language+name"),
        tables.Column("source", gettext("Source language"), "#language+source"),
        tables.Column("problems", gettext("Translation then"), "#status+translation"),
        tables.Column("missing", gettext("Missing"), "#meta+missing"),
        tables.Column("language_changed", gettext("Language last changed"), "#date+changed"),
        tables.Column("source_changed", gettext("Source last changed"), "#date+source_changed"),
        tables.Column("history", gettext("Publication history kept"), "#meta+history"),
        tables.Column("indicator", gettext("Indicator code"), "#indicator+code"),
        tables.Column("indicator_name", gettext("Indicator"), "#indicator+name"),
        tables.Column("value", gettext("Value"), "#indicator+value"),
    ]
    title = gettext("Distributed while the translation was incomplete or stale")
    return tables.Table(title, columns, out)


def missing(item) -> list[str]:
    """What the translation lacked then: its fields' names, and the version itself."""
    names = list(item.missing_fields)
    if item.status is not None and not item.status.has_version:
        names.append(gettext("a version (file, address or text) in this language"))
    return names


def coverage_table(user, flt) -> tables.Table:
    countries = languages.coverage(user, flt)
    flat = [{"indicator": pk} for c in countries for lang in c.languages for pk in lang.figures]
    names = Labels(flat, ["indicator"])
    codes = {i.pk: i.code for i in _indicators(flat)}
    out = []
    for item in countries:
        for lang in item.languages:
            if lang.reach_without_content:
                note = gettext("reach but no published content")
            elif lang.content_without_reach:
                note = gettext("published but no reach")
            else:
                note = ""
            base = {
                "country": str(item.country),
                "country_code": item.country.code,
                "language": lang.code,
                "language_name": language_name(lang.code),
                "official": lang.official,
                "pages": lang.pages,
                "materials": lang.materials,
                "note": note,
                "coverage": lang,
            }
            figures = sorted(lang.figures.items(), key=lambda kv: names("indicator", kv[0]))
            for pk, value in figures or [(None, None)]:
                out.append(
                    {
                        **base,
                        "indicator": codes.get(pk, ""),
                        "indicator_name": names("indicator", pk) if pk else "",
                        "value": value,
                    }
                )
    columns = [
        tables.Column("country", gettext("Country"), "#country+name"),
        tables.Column("country_code", gettext("Country code"), "#country+code"),
        tables.Column("language", gettext("Language code"), "#language+code"),
        tables.Column("language_name", gettext("Language"), "#language+name"),
        tables.Column("official", gettext("One of the country's languages"), "#meta+official"),
        tables.Column("pages", gettext("Live pages with text in it"), "#meta+pages"),
        tables.Column(
            "materials", gettext("Live materials with a version in it"), "#meta+materials"
        ),
        tables.Column("indicator", gettext("Indicator code"), "#indicator+code"),
        tables.Column("indicator_name", gettext("Indicator"), "#indicator+name"),
        tables.Column("value", gettext("Value"), "#indicator+value"),
        tables.Column("note", gettext("Stands out"), "#meta+note"),
    ]
    return tables.Table(gettext("Language coverage per country"), columns, out)


BUILDERS = {
    "materials": materials_table,
    "distributions": distributions_table,
    "coverage": coverage_table,
}


# --- The screen ----------------------------------------------------------------------------------


def grouped(rows, key):
    """Rows in order, grouped by consecutive ``key`` values: [(key, [rows])]."""
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return list(groups.items())


class LanguagesView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reporting/languages.html"
    page_title = gettext_lazy("Languages and materials")
    header_icon = "globe"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_languages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.form = ReachFilterForm(request.GET or None, user=request.user)
        self.filter = self.form.reach_filter()
        fmt = request.GET.get("download")
        if fmt is not None:
            section = request.GET.get("section")
            if fmt not in tables.FORMATS or section not in BUILDERS:
                raise Http404
            table = BUILDERS[section](request.user, self.filter)
            return tables.download(table, self.filter.describe(), fmt, f"reach-{section}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, flt = self.request.user, self.filter
        query = flt.querystring()
        downloads = {
            section: [
                (fmt.upper(), f"?{query}&download={fmt}&section={section}".replace("?&", "?"))
                for fmt in tables.FORMATS
            ]
            for section in BUILDERS
        }
        materials = materials_table(user, flt)
        distributions = distributions_table(user, flt)
        coverage = coverage_table(user, flt)
        for table in (materials, distributions, coverage):
            for row in table.rows:
                row["shown"] = number(row["value"]) if row.get("value") is not None else "—"
                row["by_sex"] = " · ".join(
                    f"{label} {number(row[sex])}"
                    for sex, label in SEXES.items()
                    if row.get(sex) is not None
                )
                if "month" in row:
                    row["month_shown"] = date_format(row["month"], "YEAR_MONTH_FORMAT")
                for name in ("language_changed", "source_changed"):
                    if name in row:
                        value = row[name]
                        row[f"{name}_shown"] = (
                            date_format(value, "SHORT_DATE_FORMAT") if value else "—"
                        )
        context.update(
            form=self.form,
            described=flt.describe(),
            downloads=downloads,
            materials=[
                (material, grouped(rows, lambda r: r["language_name"]))
                for material, rows in grouped(
                    materials.rows, lambda r: (r["material_id"], r["material"], r["campaign"])
                )
            ],
            distributions=grouped(distributions.rows, lambda r: (r["month_shown"], id(r["item"]))),
            coverage=grouped(coverage.rows, lambda r: r["country"]),
        )
        context["coverage"] = [
            (country, grouped(rows, lambda r: r["language"]))
            for country, rows in context["coverage"]
        ]
        return context


class LanguagesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_languages(request.user)


def languages_menu_item():
    return LanguagesMenuItem(
        gettext_lazy("Languages and materials"),
        reverse("reporting:languages"),
        icon_name="globe",
        order=890,
    )


urlpatterns = [path("languages/", LanguagesView.as_view(), name="languages")]


def menu_items():
    return [languages_menu_item]
