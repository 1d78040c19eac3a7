"""What the reach lifecycle tells the rest of the system.

``reports_changed`` is sent inside the transaction of every lifecycle step that changes which
figures count (submit, validate, return, lock, a month locked or reopened, a correction), with
``reports``: the reports it changed (their month and campaign are what receivers need).
Reporting keeps its summary in step with it (campaigns.reporting.summary), without the reach
layer knowing about reporting.
"""

from django.dispatch import Signal

reports_changed = Signal()
