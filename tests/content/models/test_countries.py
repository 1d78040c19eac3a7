import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Country
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def test_name_is_localised_by_cldr():
    country = CountryFactory(code="SN")
    assert country.localized_name("en") == "Senegal"
    assert country.localized_name("fr") == "Sénégal"
    assert country.localized_name("ar") == "السنغال"
    assert CountryFactory(code="ER").localized_name("ti") == "ኤርትራ"


def test_offered_languages_are_the_countrys_plus_site_wide(settings):
    settings.SITE_WIDE_LANGUAGES = ["en", "fr"]
    country = CountryFactory(code="AF", languages="fa-af, ps")
    assert country.offered_language_codes() == ["fa-af", "ps", "en", "fr"]
    assert country.fallback_chain("ps") == ["ps", "fa-af", "en"]
    assert CountryFactory(code="SN", languages="fr, wo, ff").fallback_chain("wo") == [
        "wo", "fr", "ff", "en"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "XX", "not an ISO 3166-1"),
        ("code", "sn", "not an ISO 3166-1"),
        ("languages", "wo, xx", "Not a content language of this site: xx"),
        ("languages", "wo, wo", "only once"),
        ("languages", "", "This field cannot be blank."),
    ],
)
def test_bad_input_is_refused_on_the_field(field, value, message):
    country = Country(code="SN", languages="fr, wo")
    setattr(country, field, value)
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert any(message in text for text in error.value.message_dict[field])
