"""Month arithmetic of the reporting screens: a month is the date of its first day."""

import calendar
import datetime


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after (or before) ``month``'s."""
    years, index = divmod(month.month - 1 + count, 12)
    return datetime.date(month.year + years, index + 1, 1)


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s to `last`'s, both included (up to December
    9999, which has no next month)."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        if month.year == datetime.MAXYEAR and month.month == 12:
            break
        month = add_months(month, 1)
    return months


def next_month_start(month: datetime.date) -> datetime.date:
    """The first day of the following month."""
    return add_months(month, 1)


def month_end(month: datetime.date) -> datetime.date:
    """The month's last day (not the next month's first: December 9999 has none)."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])
