"""The validation rules of reach figures: one place for the admin form, the importer and the API.

The rules read plain data (`ReportData`, not forms or serializers) and answer with `Problem`s
naming the field, the value and what is wrong, so each entry route shows them its own way (form
errors, a row-by-row file report, JSON). Everything a rule needs from the database is loaded by a
`ReachRuleContext` once per batch, a handful of queries per set of campaigns, never one per row:
a 100,000-row file is checked from memory. Nothing here writes: routes save what passed.

- `data`: ReportData, ValueData, Cell in; Problem, RuleResult out.
- `values`: pure rules on one value (whole non-negative counts, months, breakdowns).
- `context`: ReachRuleContext (lookups per batch) and the rules that need them.
- `codes`: CodeResolver, the spreadsheet's and the API's codes (campaign, organisation,
  region...) to ids, with a problem per field that does not resolve.
"""

from .context import ReachRuleContext, check_report, locked_message
from .data import Cell, Problem, ReportData, RuleResult, ValueData
from .values import breakdown_problems, month_problem, parse_count, parse_month

__all__ = [
    "Cell",
    "Problem",
    "ReachRuleContext",
    "ReportData",
    "RuleResult",
    "ValueData",
    "breakdown_problems",
    "check_report",
    "locked_message",
    "month_problem",
    "parse_count",
    "parse_month",
]
