"""Brute-force protection for the two ways in: the admin's sign-in and the API's tokens.

- **Sign-in** (Wagtail's login form, and anything else that calls Django's `authenticate()`
  with the request): django-axes, configured in cms/settings/base.py. After
  `LOGIN_FAILURE_LIMIT` wrong passwords for one username from one address, that pair is refused
  for `LOGIN_COOLOFF_MINUTES`, even with the right password; `lockout_response` says so (429).
  Locking the pair, not the address alone, keeps a country office behind one shared address
  signing in while one person mistypes, and keeps a stranger from locking someone out from
  elsewhere. `manage.py axes_reset_username <username>` unlocks early.
- **API tokens** (`Authorization: Token <key>`): DRF authenticates before it throttles, so a wrong
  token answered 401 without ever counting. ThrottledTokenAuthentication counts failed tokens per
  client address (rate `token-failures`, API_THROTTLE_TOKEN_FAILURES) and answers 429 with
  Retry-After once the rate is spent, before it looks the token up. Counts live in the cache, as
  DRF's other throttles do.
"""

from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import SimpleRateThrottle


class FailedTokenThrottle(SimpleRateThrottle):
    """DRF's rate bookkeeping, but only failures are recorded (``record_failure``)."""

    scope = "token-failures"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def spent(self, request) -> bool:
        """Whether this address has used up its failures; loads the history for ``record``."""
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class ThrottledTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing an address that keeps sending wrong tokens."""

    def authenticate(self, request):
        if not self._sends_token(request):
            return None
        throttle = FailedTokenThrottle()
        if throttle.spent(request):
            raise Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record_failure()
            raise

    def _sends_token(self, request) -> bool:
        auth = get_authorization_header(request).split()
        return bool(auth) and auth[0].lower() == self.keyword.lower().encode()


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): the admin's look,
    how long to wait, HTTP 429."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    context = {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes}
    return render(request, "campaigns/login_locked.html", context, status=429)
