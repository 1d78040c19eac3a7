"""ISO 4217 currencies from CLDR (Babel): which codes are valid, their names, and money formatting.

Amounts are ``Decimal`` end to end; Babel formats them in the reader's language with the
currency's own symbol and minor unit (XOF has none, EUR has two).
"""

from datetime import date
from decimal import Decimal
from functools import cache

from babel.core import get_global
from babel.numbers import format_currency, get_currency_name, get_currency_precision
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from campaigns.i18n.languages import to_babel_identifier


@cache
def currencies_in_use() -> frozenset[str]:
    """Legal tender somewhere today (drops historic codes such as BEF or FRF)."""
    today = date.today()
    codes = set()
    for periods in get_global("territory_currencies").values():
        for code, _start, end, tender in periods:
            if tender and (end is None or date(*end) >= today):
                codes.add(code)
    return frozenset(codes)


def validate_currency(value: str) -> None:
    if value not in currencies_in_use():
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code in use (for example EUR, USD, XOF)."),
            params={"code": value},
            code="unknown_currency",
        )


def currency_choices() -> list[tuple[str, str]]:
    """Every currency in use, named in the active language, the funders' usual ones first."""
    locale = babel_locale()
    common = ["EUR", "USD", "GBP", "CHF", "XOF"]
    rest = sorted(currencies_in_use() - set(common))
    return [(code, f"{code} · {get_currency_name(code, locale=locale)}") for code in common + rest]


def validate_minor_unit(amount: Decimal, currency: str, field: str) -> dict:
    """XOF 1500.50 is not money: refuse more decimals than the currency has."""
    digits = get_currency_precision(currency)
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        return {
            field: ValidationError(
                _("%(currency)s amounts have %(digits)s decimal places at most."),
                params={"currency": currency, "digits": digits},
                code="minor_unit",
            )
        }
    return {}


def babel_locale(code: str | None = None) -> str:
    return to_babel_identifier(code or translation.get_language() or "en")


def format_money(amount: Decimal | None, currency: str, language: str | None = None) -> str:
    if amount is None:
        return ""
    return format_currency(amount, currency, locale=babel_locale(language))
