"""TranslatorLanguages: which languages a translator may edit, and what a missing row means."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.content.forms import language_list, out_of_scope_message
from campaigns.content.models.translators import translator_language_codes
from campaigns.models import TranslatorLanguages
from tests.factories import SuperUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_without_a_row_is_not_limited():
    assert translator_language_codes(UserFactory(username="free")) is None
    assert translator_language_codes(None) is None


def test_a_row_limits_the_user_in_the_sites_language_order():
    user = UserFactory(username="moussa")
    TranslatorLanguages.objects.create(user=user, languages=["wo", "ff", "fr"])
    assert translator_language_codes(user) == ["fr", "wo", "ff"]


def test_superusers_are_never_limited():
    root = SuperUserFactory(username="root")
    TranslatorLanguages.objects.create(user=root, languages=["wo"])
    assert translator_language_codes(root) is None


@pytest.mark.parametrize(
    "languages, message",
    [
        ([], "This field cannot be blank."),
        (["wo", "xx"], "Not a content language of this site: xx."),
        (["wo", "wo"], "Each language may appear only once."),
        ("wo", "Give a list of language codes."),
    ],
)
def test_languages_are_validated(languages, message):
    row = TranslatorLanguages(user=UserFactory(username="moussa"), languages=languages)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert message in str(error.value)


def test_languages_are_named_in_words():
    row = TranslatorLanguages(user=UserFactory(username="moussa"), languages=["wo", "fa-af"])
    assert row.languages_display() == "Wolof, Dari"
    assert str(row) == "moussa: wo, fa-af"


def test_the_refusal_names_the_languages_in_the_admins_language():
    with translation.override("en"):
        assert language_list(["wo", "ff", "fr"]) == "Wolof, Fula, and French"
        assert out_of_scope_message(["wo", "fr"], "ar") == (
            "You translate into Wolof and French only; this field is in Arabic."
        )
    with translation.override("fr"):
        assert language_list(["wo", "fr"]) == "wolof et français"
