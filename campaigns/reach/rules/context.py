"""What the rules need from the database, loaded once per batch, and the checks that use it."""

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.reach.access import ReportingScope
from campaigns.reach.models import (
    EDITABLE_STATUSES,
    AgeBand,
    Indicator,
    MonthLock,
    ReachReport,
    ReachValue,
    ReportingOrganisation,
    Status,
)

from .data import BREAKDOWN, INDICATOR, TOTAL, Problem, ReportData, RuleResult
from .stored import StoredReport, load_stored
from .values import breakdown_problems, month_problem, parse_count, parse_month

OUTLIER_FACTOR = 10
MIN_HISTORY = 3  # earlier accepted values needed before a median means anything
ACCEPTED = (Status.VALIDATED, Status.LOCKED)


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    id: int
    by_sex: bool
    by_age: bool
    active: bool


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    country_id: int | None
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True, slots=True)
class Existing:
    id: int
    key: tuple
    status: str


class ReachRuleContext:
    """Lookups for checking many reports: reference data at once, campaigns as they appear.

    Query count does not depend on the number of rows: 6 queries for reference data, 4 per new
    set of campaigns (`load_campaigns`), 1 per new set of organisations (medians). Pass the
    campaigns up front (`ReachRuleContext(campaigns=[...])`) to load everything in one go.
    Routes that receive codes (a spreadsheet's "SN-DK", "radio", a material's UUID) turn them
    into ids through `codes.CodeResolver`, which reads `region_ids[(country_id, code)]`,
    `channel_ids`, `organisation_ids` (by name) and `material_ids` without a query.
    """

    def __init__(self, campaigns=(), scope: ReportingScope | None = None, today=None):
        self.today = today or timezone.localdate()
        self.scope = scope
        self.seen: dict[tuple, str] = {}  # natural keys met in this batch -> where
        self.campaigns: dict[int, CampaignInfo | None] = {}
        self.material_languages: dict[int, tuple[int, set[str]]] = {}
        self.material_ids: dict[str, int] = {}  # UUID -> pk, for files and partner systems
        self.existing_by_key: dict[tuple, Existing] = {}
        self.existing_by_id: dict[int, Existing] = {}
        self.locks: set[tuple[int, datetime.date]] = set()
        self.medians: dict[tuple[int, str], float] = {}
        self._median_orgs: set[int] = set()
        self.stored: dict[int, StoredReport] = {}  # report id -> header and figures
        self._load_reference()
        self.load_campaigns(campaigns)

    def _load_reference(self):
        from campaigns.models import Channel, Region

        self.indicators = {
            code: IndicatorInfo(pk, by_sex, by_age, active)
            for pk, code, by_sex, by_age, active in Indicator.objects.values_list(
                "pk", "code", "by_sex", "by_age", "active"
            )
        }
        self.age_bands = dict(AgeBand.objects.values_list("code", "pk"))
        self.channel_ids = dict(Channel.objects.values_list("code", "pk"))
        self.channels = set(self.channel_ids.values())
        self.organisation_ids = dict(ReportingOrganisation.objects.values_list("name", "pk"))
        self.organisations = {pk: set() for pk in self.organisation_ids.values()}
        through = ReportingOrganisation.countries.through.objects
        for org_id, country_id in through.values_list("reportingorganisation_id", "country_id"):
            self.organisations[org_id].add(country_id)
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.region_country, self.region_ids = {}, {}
        for pk, country_id, code in Region.objects.values_list("pk", "country_id", "code"):
            self.region_country[pk] = country_id
            self.region_ids[(country_id, code)] = pk

    def load_campaigns(self, campaign_ids):
        """Campaigns, their regions, materials, current reports and locked months."""
        new = {pk for pk in campaign_ids if isinstance(pk, int) and pk not in self.campaigns}
        if not new:  # the usual case, once per row: no import, no query
            return
        from campaigns.models import CampaignPage, MaterialVersion

        self.campaigns.update(dict.fromkeys(new))
        for pk, country_id, start, end in CampaignPage.objects.filter(pk__in=new).values_list(
            "pk", "country_id", "start_date", "end_date"
        ):
            self.campaigns[pk] = CampaignInfo(country_id, start, end)
        countries = {info.country_id for info in self.campaigns.values() if info}
        versions = MaterialVersion.objects.filter(material__campaign_id__in=new)
        for material_id, uuid, campaign_id, language in versions.values_list(
            "material_id", "material__uuid", "material__campaign_id", "language"
        ):
            self.material_ids[str(uuid)] = material_id
            self.material_languages.setdefault(material_id, (campaign_id, set()))[1].add(language)
        current = ReachReport.objects.filter(campaign_id__in=new, is_current=True)
        for pk, *key, status in current.values_list(
            "pk", "campaign_id", "organisation_id", "month", "region_id", "channel_id", "status"
        ):
            existing = Existing(pk, tuple(key), status)
            self.existing_by_key[existing.key] = existing
            self.existing_by_id[pk] = existing
        self.locks.update(
            MonthLock.objects.filter(country_id__in=countries).values_list("country_id", "month")
        )

    def load_medians(self, organisation_ids):
        """Each organisation's median accepted value per indicator, for the outlier warning."""
        new = set(organisation_ids) - self._median_orgs
        if not new:
            return
        self._median_orgs |= new
        history: dict[tuple[int, str], list[int]] = {}
        rows = ReachValue.objects.filter(
            report__organisation_id__in=new, report__is_current=True, report__status__in=ACCEPTED
        ).values_list("report__organisation_id", "indicator__code", "total")
        for org_id, code, total in rows:
            history.setdefault((org_id, code), []).append(total)
        for key, totals in history.items():
            if len(totals) >= MIN_HISTORY:
                self.medians[key] = statistics.median(totals)

    # --- the checks ---

    def preload_stored(self, report_ids) -> None:
        """Header and figures of these reports, to compare re-sent data (3 queries per call)."""
        wanted = [pk for pk in report_ids if pk not in self.stored]
        if wanted:
            self.stored.update(load_stored(wanted))

    def forget_stored(self) -> None:
        """Drop compared figures once a chunk is done, so memory does not grow with a file."""
        self.stored.clear()

    def check(
        self,
        data: ReportData,
        *,
        merge=False,
        require_values=True,
        where="",
        correcting=False,
        continues=False,
    ) -> RuleResult:
        """Every rule on one report. `merge` allows a report onto an existing open one with the
        same natural key; `where` (e.g. "row 12") names it when a batch repeats a key;
        `correcting` is the new revision of a locked report (lifecycle.correct), which may
        change a locked report in a locked month because it is explained and re-validated;
        `continues` is more of a report already met in this batch (a spreadsheet's rows of
        one report need not be adjacent), so its key is not a duplicate within the batch."""
        self.load_campaigns([data.campaign])
        result = RuleResult()
        campaign = self.campaigns.get(data.campaign)
        if campaign is None and "campaign" not in data.unresolved:
            result.error("campaign", data.campaign, _("Unknown campaign."), "unknown")
        month, message = parse_month(data.month)
        if message:
            result.error("month", data.month, message, "bad_month")
        elif campaign and (
            message := month_problem(month, self.today, campaign.start, campaign.end)
        ):
            result.error("month", f"{month:%Y-%m}", message, "month_outside")
        self._check_organisation(data, campaign, result)
        self._check_place_and_channel(data, campaign, result)
        self._check_material(data, result)
        locked = campaign and month and (campaign.country_id, month) in self.locks
        if locked and not correcting:
            result.error(
                "month",
                f"{month:%Y-%m}",
                _("This month is locked for this country."),
                "month_locked",
            )
        self._check_key(data, month, merge, where, result, correcting, continues)
        self._check_values(data, require_values, result)
        return result

    def _check_organisation(self, data, campaign, result):
        if "organisation" in data.unresolved:
            return
        countries = self.organisations.get(data.organisation)
        if countries is None:
            result.error("organisation", data.organisation, _("Unknown organisation."), "unknown")
        elif campaign and campaign.country_id not in countries:
            result.error(
                "organisation",
                data.organisation,
                _("This organisation does not report for the campaign's country."),
                "wrong_country",
            )
        elif (
            self.scope is not None
            and campaign
            and not self.scope.allows(data.organisation, campaign.country_id)
        ):
            result.error(
                "organisation",
                data.organisation,
                _("You do not report for this organisation in this country."),
                "not_yours",
            )

    def _check_place_and_channel(self, data, campaign, result):
        if "region" in data.unresolved:
            pass
        elif data.region not in self.region_country:
            result.error(
                "region", data.region, _("Not a region of the campaign's country."), "unknown"
            )
        elif campaign and self.region_country[data.region] != campaign.country_id:
            result.error(
                "region", data.region, _("Not a region of the campaign's country."), "wrong_country"
            )
        if data.channel not in self.channels and "channel" not in data.unresolved:
            result.error("channel", data.channel, _("Unknown channel."), "unknown")

    def _check_material(self, data, result):
        languages = None
        if data.material is not None and "material" not in data.unresolved:
            campaign_id, languages = self.material_languages.get(data.material, (None, set()))
            if campaign_id != data.campaign:
                result.error(
                    "material",
                    data.material,
                    _("Not a material of this campaign."),
                    "wrong_campaign",
                )
                return
        if data.language and data.language not in self.languages:
            result.error(
                "language", data.language, _("Not a content language of this site."), "unknown"
            )
        elif data.language and languages is not None and data.language not in languages:
            result.error(
                "language",
                data.language,
                _("This material has no version in that language (it has: %(codes)s).")
                % {"codes": ", ".join(sorted(languages))},
                "no_version",
            )

    def _check_key(self, data, month, merge, where, result, correcting=False, continues=False):
        if month is None:
            return
        key = data.key(month)
        label = (
            "/".join(str(part) for part in key[:2])
            + f"/{month:%Y-%m}/"
            + "/".join(map(str, key[3:]))
        )
        if data.report_id is not None:
            mine = self.existing_by_id.get(data.report_id)
            if mine is None:
                self.existing_by_id[data.report_id] = mine = self._load_one(data.report_id)
            if mine is None:
                result.error(
                    "report",
                    data.report_id,
                    _("This report is not current (it was corrected)."),
                    "not_current",
                )
            elif mine.status not in EDITABLE_STATUSES and not correcting:
                result.error(
                    "report", data.report_id, locked_message(mine.status), f"report_{mine.status}"
                )
        if None in key:  # a part unknown or missing (said already): no key to compare
            return
        if key in self.seen and not continues:
            result.error(
                "key",
                label,
                _("Reported twice in this batch (also at %(where)s).") % {"where": self.seen[key]},
                "duplicate_in_batch",
            )
        self.seen.setdefault(key, where or label)
        other = self.existing_by_key.get(key)
        if other is None or other.id == data.report_id:
            return
        if not merge:
            result.error(
                "key",
                label,
                _(
                    "A report for this campaign, organisation, month, region and channel already "
                    "exists; ask to merge into it or change it."
                ),
                "duplicate",
            )
        elif other.status not in EDITABLE_STATUSES:
            result.error("key", label, locked_message(other.status), f"report_{other.status}")

    def _load_one(self, report_id) -> Existing | None:
        row = (
            ReachReport.objects.filter(pk=report_id, is_current=True)
            .values_list(
                "pk", "campaign_id", "organisation_id", "month", "region_id", "channel_id", "status"
            )
            .first()
        )
        return Existing(row[0], tuple(row[1:6]), row[6]) if row else None

    def _check_values(self, data, require_values, result):
        if require_values and not data.values:
            result.error("values", None, _("Give at least one indicator's figure."), "no_values")
        self.load_medians([data.organisation])
        for code, value in data.values.items():
            indicator = self.indicators.get(code)
            if indicator is None or not indicator.active:
                result.errors.append(
                    Problem.at(code, INDICATOR, code, _("Unknown or retired indicator."), "unknown")
                )
                continue
            total, message = parse_count(value.total)
            if message:
                result.errors.append(Problem.at(code, TOTAL, value.total, message, "not_a_count"))
            else:
                result.totals[code] = total
            result.errors.extend(breakdown_problems(code, indicator, value, total, self.age_bands))
            if not value.breakdown and (indicator.by_sex or indicator.by_age):
                result.warnings.append(
                    Problem.at(
                        code,
                        BREAKDOWN,
                        None,
                        _("This indicator asks for a breakdown; none was given."),
                        "no_breakdown",
                    )
                )
            median = self.medians.get((data.organisation, code))
            if total is not None and median and total > OUTLIER_FACTOR * median:
                message = _(
                    "More than ten times this organisation's usual figure (median %(median)s): "
                    "please check."
                ) % {"median": f"{median:g}"}
                result.warnings.append(Problem.at(code, TOTAL, total, message, "outlier"))


def locked_message(status: str) -> str:
    if status == Status.LOCKED:
        return _("This report is locked: correct it by a new revision with a reason.")
    return _("This report is %(status)s: it cannot change unless an M&E officer returns it.") % {
        "status": Status(status).label.lower()
    }


def check_report(data: ReportData, **options) -> RuleResult:
    """One report on its own (admin form, API create): a context built for it alone."""
    context = ReachRuleContext(campaigns=[data.campaign], scope=options.pop("scope", None))
    return context.check(data, **options)
