"""Issue 10, item 11: guessing passwords or API tokens is stopped, and the stop wears off.

Sign-in: django-axes locks a username from one address after LOGIN_FAILURE_LIMIT wrong
passwords; even the right password is then refused with a page saying why (429), the user is not
signed in and nothing about them changes; other people on that address still sign in; after the
cool-off (or `axes_reset_username`) the right password works again. API: an address that keeps
sending wrong tokens gets 429 with Retry-After, even for a right token, until the window passes.
(Test settings turn axes off, since the test client's login() passes no request; it is on here.)
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from campaigns.access.login_throttle import FailedTokenThrottle
from tests.factories import SuperUserFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Right-horse-battery-7"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(db):
    editor = UserFactory(username="awa", password=PASSWORD, is_staff=True)
    colleague = SuperUserFactory(username="moussa", password=PASSWORD)
    return editor, colleague


def sign_in(client, username, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def account(user):
    user.refresh_from_db()
    return (user.password, user.last_login, user.is_active)


def test_the_configured_limit(settings):
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_wrong_passwords_then_the_right_one_is_refused(client, people, settings):
    editor, colleague = people
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "awa", "guess")
        assert response.status_code == 200  # the form again, "enter a correct username..."
        assert not signed_in(client)
    sign_in(client, "awa", "guess")  # the limit: locked from now on
    before = account(editor)

    response = sign_in(client, "awa", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-ins" in html
    assert "Try again in 15 minutes" in html
    assert not signed_in(client)
    assert account(editor) == before  # last_login untouched: never signed in

    # The lock is on this username from this address, not on the whole office.
    assert sign_in(client, "moussa", PASSWORD).status_code == 302
    assert signed_in(client)
    client.logout()
    # ... nor on this username from elsewhere.
    assert sign_in(client, "awa", PASSWORD, address="203.0.113.9").status_code == 302


def test_thirty_quick_guesses_get_nowhere(client, people):
    """The probe: 30 wrong passwords in a row, then the right one."""
    for _attempt in range(30):
        sign_in(client, "awa", "guess")
    assert sign_in(client, "awa", PASSWORD).status_code == 429
    assert not signed_in(client)
    # Guessing while locked keeps it locked; the attempts are on record for the log.
    assert AccessAttempt.objects.get(username="awa").failures_since_start >= 5


def test_the_lock_wears_off_after_the_cool_off(client, people, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "awa", "guess")
    assert sign_in(client, "awa", PASSWORD).status_code == 429

    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempt = AccessAttempt.objects.get(username="awa")
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - cool_off - timedelta(seconds=1)
    )
    response = sign_in(client, "awa", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.filter(username="awa").exists()  # reset on success


def test_an_administrator_unlocks_early(client, people, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "awa", "guess")
    call_command("axes_reset_username", "awa", verbosity=0)
    assert sign_in(client, "awa", PASSWORD).status_code == 302
    assert signed_in(client)


# --- API tokens ----------------------------------------------------------------------------------

API = "/api/v1/indicators/"


def api(token, address="198.51.100.7"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def token(db):
    return Token.objects.create(user=SuperUserFactory(username="partner")).key


def limit():
    return FailedTokenThrottle().num_requests


def test_token_guessing_is_throttled(token):
    for guess in range(limit()):
        response = api(f"{guess:040x}").get(API)
        assert response.status_code == 401
    tokens_before = list(Token.objects.values_list("key", "user_id"))

    guessed = api("f" * 40).get(API)
    assert guessed.status_code == 429
    assert int(guessed["Retry-After"]) > 0
    # Even the right token waits, from this address; the same token elsewhere works.
    assert api(token).get(API).status_code == 429
    assert api(token, address="203.0.113.9").get(API).status_code == 200
    assert list(Token.objects.values_list("key", "user_id")) == tokens_before


def test_the_token_throttle_wears_off(token, monkeypatch):
    for guess in range(limit()):
        api(f"{guess:040x}").get(API)
    assert api(token).get(API).status_code == 429
    later = FailedTokenThrottle().timer() + FailedTokenThrottle().duration + 1
    monkeypatch.setattr(FailedTokenThrottle, "timer", lambda self: later)
    assert api(token).get(API).status_code == 200


def test_right_tokens_and_no_token_never_count(token):
    for _request in range(limit() + 2):
        assert api(token).get(API).status_code == 200
    anonymous = APIClient(REMOTE_ADDR="198.51.100.7").get(API)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"


def test_a_forged_forwarded_for_header_does_not_escape_the_token_throttle(token):
    """DRF believed X-Forwarded-For when NUM_PROXIES was unset: a new forged address per guess
    never met the limit. Counted by REMOTE_ADDR (API_NUM_PROXIES=0 by default)."""
    for guess in range(limit()):
        client = api(f"{guess:040x}")
        assert client.get(API, HTTP_X_FORWARDED_FOR=f"10.0.0.{guess}").status_code == 401
    forged = api("f" * 40).get(API, HTTP_X_FORWARDED_FOR="10.0.1.1")
    assert forged.status_code == 429
