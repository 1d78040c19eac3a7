"""Reach reporting: who reports, what is counted, and the monthly reports themselves.

A ReachReport is one organisation's figures for one campaign, month, region and channel (its
natural key); it holds one ReachValue per indicator, each optionally split into ReachBreakdown
cells by sex and age band. Reports move draft -> submitted -> validated (or returned) -> locked
(campaigns.reach.lifecycle); a correction to a locked report is a new revision that `supersedes`
the old one, which stays as history (`is_current=False`). The validation rules live in
campaigns.reach.rules, who may see or change which rows in campaigns.reach.access.
"""

from .files import (
    ImportStatus,
    ReachAttachment,
    ReachImport,
    attachment_path,
    private_storage,
)
from .reference import (
    REACH_CATEGORY,
    AgeBand,
    Aggregation,
    Indicator,
    IndicatorKind,
    OrganisationKind,
    ReportingOrganisation,
    Target,
    validate_first_of_month,
)
from .reports import (
    EDITABLE_STATUSES,
    DataSource,
    EntryRoute,
    MonthLock,
    ReachBreakdown,
    ReachReport,
    ReachValue,
    Sex,
    Status,
    Verification,
)

__all__ = [
    "AgeBand",
    "Aggregation",
    "DataSource",
    "EDITABLE_STATUSES",
    "EntryRoute",
    "ImportStatus",
    "Indicator",
    "IndicatorKind",
    "MonthLock",
    "OrganisationKind",
    "REACH_CATEGORY",
    "ReachAttachment",
    "ReachBreakdown",
    "ReachImport",
    "ReachReport",
    "ReachValue",
    "ReportingOrganisation",
    "Sex",
    "Status",
    "Target",
    "Verification",
    "attachment_path",
    "private_storage",
    "validate_first_of_month",
]
