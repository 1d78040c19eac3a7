"""What comes out of the figures: dashboards, targets, cost per person reached, language coverage,
open data and donor exports (CSV, XLSX, HXL, IATI 2.03).

Reads reach, funding and content through their public functions and writes nothing but its own
summaries (the site's own page-view counts). Every figure shown to a signed-in user goes through
campaigns.reach.access, so a reporter's dashboard holds their organisations' figures only.
"""
