"""Demo reach reporting: organisations, indicators, age bands, targets and a year of figures.

Senegal is reported by IOM's country office and a community radio, Guinea by IOM's office
alone, so a demo user can see row-level scoping at work: the Senegal reporter never sees Guinea's
figures. Figures are drawn from a seeded generator (the same at every run) and go through every
status: older months are locked, the last validated month waits to be locked, the latest month
is submitted, with one draft and one report returned with a reason. Radio Téranga FM has sent
nothing for last month, so the M&E officers' home and the reporting overview show an
organisation late once the due day has passed (due before it).
"""

import datetime
import random
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campaigns.access import roles
from campaigns.demo.counts import ensure_site_counts
from campaigns.models import (
    AgeBand,
    CampaignPage,
    Channel,
    Country,
    Indicator,
    MonthLock,
    ReachBreakdown,
    ReachReport,
    ReachValue,
    ReportingOrganisation,
    Target,
)
from campaigns.reach.models import (
    Aggregation,
    DataSource,
    IndicatorKind,
    OrganisationKind,
    Status,
    Verification,
)
from campaigns.reporting import summary

AGE_BANDS = [  # code, name, from, to
    ("0-14", "0–14", 0, 14),
    ("15-24", "15–24", 15, 24),
    ("25-34", "25–34", 25, 34),
    ("35-plus", "35+", 35, None),
]

# code: (kind, unit, by_sex, by_age, aggregation, {language: (name, definition)})
INDICATORS = {
    "people-reached": (
        IndicatorKind.PEOPLE_REACHED, "people", True, True, Aggregation.SUM,
        {
            "en": ("People reached directly", "People who attended a session or event in person, "
                   "counted on attendance sheets. Each person once per session."),
            "fr": ("Personnes touchées directement", "Personnes présentes à une séance ou un "
                   "événement, comptées sur les feuilles de présence."),
        },
    ),
    "sessions-held": (
        IndicatorKind.SESSIONS_HELD, "sessions", False, False, Aggregation.SUM,
        {
            "en": ("Sessions held", "Community sessions, school talks and events that took place."),
            "fr": ("Séances tenues", "Séances communautaires, interventions scolaires et "
                   "événements qui ont eu lieu."),
        },
    ),
    "broadcasts-aired": (
        IndicatorKind.BROADCASTS_AIRED, "broadcasts", False, False, Aggregation.SUM,
        {
            "en": ("Broadcasts aired", "Radio or TV spots and programmes aired, from the "
                   "station's log."),
            "fr": ("Diffusions", "Spots et émissions diffusés, selon le registre de la station."),
        },
    ),
    "audience-estimate": (
        IndicatorKind.AUDIENCE_ESTIMATE, "listeners", False, False, Aggregation.MAXIMUM,
        {
            "en": ("Audience estimate", "The station's estimated audience for the slots used. "
                   "Not a headcount: never added to people reached directly."),
            "fr": ("Audience estimée", "Audience estimée par la station pour les créneaux "
                   "utilisés. Ce n'est pas un décompte de personnes."),
        },
    ),
    "hotline-calls": (
        IndicatorKind.HOTLINE_CALLS, "calls", True, False, Aggregation.SUM,
        {
            "en": ("Hotline calls", "Calls to the campaign's hotline that mention the campaign."),
            "fr": ("Appels à la ligne d'écoute", "Appels à la ligne d'écoute mentionnant la "
                   "campagne."),
        },
    ),
}  # fmt: skip

ORGANISATIONS = [  # name, kind, country codes
    ("IOM Senegal", OrganisationKind.IOM_OFFICE, ["SN"]),
    ("Radio Téranga FM", OrganisationKind.RADIO_STATION, ["SN"]),
    ("IOM Guinea", OrganisationKind.IOM_OFFICE, ["GN"]),
]
MEMBERS = {"reporter": "IOM Senegal", "reporter-gn": "IOM Guinea", "radio": "Radio Téranga FM"}

# Which organisation reports which channel, in which regions, with which indicators.
PLANS = {
    "SN": [
        ("IOM Senegal", "community-session", ["SN-DK", "SN-TC", "SN-KD"],
         ["people-reached", "sessions-held"]),
        ("IOM Senegal", "hotline", ["SN-DK"], ["hotline-calls"]),
        ("Radio Téranga FM", "radio", ["SN-DK", "SN-TH"],
         ["broadcasts-aired", "audience-estimate"]),
    ],
    "GN": [
        ("IOM Guinea", "community-session", None, ["people-reached", "sessions-held"]),
    ],
}  # fmt: skip
MONTHS_OF_FIGURES = 6
SILENT = "Radio Téranga FM"  # nothing for last month: late after the due day


def _months(campaign, today) -> list[datetime.date]:
    """The campaign's last months with figures: ended months within its dates."""
    last = _previous(today.replace(day=1))
    if campaign.end_date and campaign.end_date < last:
        last = campaign.end_date.replace(day=1)
    months, month = [], last
    start = (campaign.start_date or last).replace(day=1)
    while month >= start and len(months) < MONTHS_OF_FIGURES:
        months.insert(0, month)
        month = _previous(month)
    return months


def ensure_reference() -> tuple[dict, dict]:
    for order, (code, name, low, high) in enumerate(AGE_BANDS):
        AgeBand.objects.update_or_create(
            code=code, defaults={"name": name, "min_age": low, "max_age": high, "sort_order": order}
        )
    for code, (kind, unit, by_sex, by_age, aggregation, texts) in INDICATORS.items():
        fields = {"kind": kind, "unit": unit, "by_sex": by_sex, "by_age": by_age}
        fields["aggregation"] = aggregation
        for language, (name, definition) in texts.items():
            suffix = language.replace("-", "_")
            fields[f"name_{suffix}"], fields[f"definition_{suffix}"] = name, definition
        fields["name"], fields["definition"] = texts["en"]
        Indicator.objects.update_or_create(code=code, defaults=fields)
    users = {user.username: user for user in get_user_model().objects.filter(username__in=MEMBERS)}
    organisations = {}
    for name, kind, countries in ORGANISATIONS:
        organisation, _created = ReportingOrganisation.objects.update_or_create(
            name=name, defaults={"kind": kind}
        )
        organisation.countries.set(Country.objects.filter(code__in=countries))
        organisations[name] = organisation
    for username, name in MEMBERS.items():
        if username in users:
            organisations[name].members.add(users[username])
    return organisations, {indicator.code: indicator for indicator in Indicator.objects.all()}


def ensure_reporter_users(groups, password) -> list[tuple[str, str, str]]:
    """A Guinea reporter and a radio station's reporter beside the demo's Senegal reporter."""
    created = []
    for username, first, last in [("reporter-gn", "Mamadou", "Bah"), ("radio", "Aïda", "Fall")]:
        user, _new = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.first_name, user.last_name = first, last
        user_password = password or secrets.token_urlsafe(9)
        user.set_password(user_password)
        user.save()
        user.groups.set([groups[roles.REPORTERS]])
        created.append((username, roles.REPORTERS, user_password))
    return created


def _figures(rng, indicator, bands) -> tuple[int, list[tuple[str | None, int | None, int]]]:
    """A total and its breakdown cells (sex, age band id, count) that add up to it."""
    scale = {"people-reached": 60, "sessions-held": 1, "broadcasts-aired": 10}
    scale |= {"audience-estimate": 4000, "hotline-calls": 8}
    unit = scale[indicator.code]
    if not (indicator.by_sex or indicator.by_age):
        return rng.randint(2, 6) * unit, []
    sexes = ["female", "male", "unknown"] if indicator.by_sex else [None]
    age_bands = bands if indicator.by_age else [None]
    cells = []
    for sex in sexes:
        for band in age_bands:
            weight = 1 if sex == "unknown" else 6
            cells.append((sex, band.pk if band else None, rng.randint(0, weight) * unit // 6))
    return sum(count for *_key, count in cells), cells


@transaction.atomic
def ensure_reach(groups=None, password=None) -> list[tuple[str, str, str]]:
    """Reference data and demo figures, once: reports are made only where none exist."""
    people = ensure_reporter_users(groups, password) if groups else []
    organisations, indicators = ensure_reference()
    bands = list(AgeBand.objects.all())
    channels = {channel.code: channel for channel in Channel.objects.all()}
    today = timezone.localdate()
    me_officer = get_user_model().objects.filter(username="meofficer").first()
    rng = random.Random(2026)
    for country_code, plans in PLANS.items():
        for campaign in CampaignPage.objects.filter(country__code=country_code).order_by("pk"):
            _ensure_targets(campaign, indicators)
            if ReachReport.objects.filter(campaign=campaign).exists():
                continue
            months = _months(campaign, today)
            regions = {region.code: region for region in campaign.country.regions.all()}
            # Which material went out, in which language: a draw of its own, so the figures
            # (rng) stay what they were; the languages and materials screens have something.
            pick = random.Random(campaign.code)
            materials = list(campaign.materials.filter(live=True).order_by("pk"))
            spoken = campaign.country.language_codes
            versions = {  # a material goes out in a language it has a version in
                material.pk: sorted(
                    {v.language for v in material.versions.all()},
                    key=lambda code: (code not in spoken, code),
                )
                for material in materials
            }
            last_month = _previous(today.replace(day=1))
            for org_name, channel_code, region_codes, codes in plans:
                for month in months:
                    if org_name == SILENT and month == last_month:
                        continue
                    for region_code in region_codes or list(regions)[:2]:
                        material = pick.choice(materials) if materials else None
                        report = ReachReport.objects.create(
                            campaign=campaign,
                            organisation=organisations[org_name],
                            month=month,
                            region=regions[region_code],
                            channel=channels[channel_code],
                            material=material,
                            language=_language_of(material, versions, spoken, pick),
                            data_source=DataSource.ATTENDANCE
                            if channel_code == "community-session"
                            else DataSource.BROADCASTER,
                            verification=Verification.DOCUMENTS,
                            status=_status(month, today, rng),
                            decided_by=me_officer,
                        )
                        _add_values(report, [indicators[code] for code in codes], bands, rng)
            _lock_old_months(campaign, months, today, me_officer)
    ensure_site_counts(today)
    summary.rebuild()  # the demo's reports were written without the lifecycle
    return people


def _language_of(material, versions, spoken, pick) -> str:
    """Mostly the country's languages the material has, sometimes another of its versions."""
    if material is None:
        return pick.choice(spoken) if spoken else ""
    codes = versions[material.pk]
    local = [code for code in codes if code in spoken]
    return pick.choice(local if local and pick.random() < 0.9 else codes) if codes else ""


def _previous(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def _is_closed(month, today) -> bool:
    """Months before the last two are closed: validated, locked, the month locked."""
    return month < _previous(_previous(today.replace(day=1)))


def _status(month, today, rng) -> str:
    """Last month's reports wait for a decision, the month before is validated, older locked."""
    if _is_closed(month, today):
        return Status.LOCKED
    if month == _previous(today.replace(day=1)):
        return rng.choice([Status.SUBMITTED, Status.SUBMITTED, Status.DRAFT])
    return Status.VALIDATED


def _add_values(report, indicators, bands, rng):
    for indicator in indicators:
        total, cells = _figures(rng, indicator, bands)
        value = ReachValue.objects.create(report=report, indicator=indicator, total=total)
        ReachBreakdown.objects.bulk_create(
            ReachBreakdown(value=value, sex=sex, age_band_id=band, count=count)
            for sex, band, count in cells
        )


def _lock_old_months(campaign, months, today, me_officer):
    for month in months:
        if not _is_closed(month, today):
            continue
        MonthLock.objects.get_or_create(
            country=campaign.country, month=month, defaults={"locked_by": me_officer}
        )
    submitted = ReachReport.objects.filter(campaign=campaign, status=Status.SUBMITTED)
    returned = submitted.filter(channel__code="community-session").first()
    if returned:
        returned.status = Status.RETURNED
        returned.return_reason = (
            "The attendance sheets add up to fewer women than reported: please check and resubmit."
        )
        returned.save(update_fields=["status", "return_reason"])


def _ensure_targets(campaign, indicators):
    for code, value in [("people-reached", 20000), ("sessions-held", 300)]:
        Target.objects.get_or_create(
            campaign=campaign, indicator=indicators[code], country=None, defaults={"value": value}
        )


def reach_counts() -> dict[str, int]:
    return {
        "reporting organisations": ReportingOrganisation.objects.count(),
        "indicators": Indicator.objects.count(),
        "reach reports": ReachReport.objects.count(),
    }
