"""PAGE_CACHE_SECONDS under production settings: on with Redis, off without it unless asked
for (a publish would purge only its own process's memory cache), the middleware in place."""

from tests.cms.test_production_settings import values

REDIS = "redis://127.0.0.1:6379/15"  # never contacted: settings are only read


def test_on_with_redis_and_off_without_it_unless_asked():
    assert values(["PAGE_CACHE_SECONDS"], REDIS_URL=REDIS) == {"PAGE_CACHE_SECONDS": 120}
    assert values(["PAGE_CACHE_SECONDS"]) == {"PAGE_CACHE_SECONDS": 0}
    assert values(["PAGE_CACHE_SECONDS"], PAGE_CACHE_SECONDS="60") == {"PAGE_CACHE_SECONDS": 60}
    found = values(["PAGE_CACHE_SECONDS"], REDIS_URL=REDIS, PAGE_CACHE_SECONDS="0")
    assert found == {"PAGE_CACHE_SECONDS": 0}


def test_the_middleware_answers_before_sessions_and_after_the_security_headers():
    middleware = values(["MIDDLEWARE"], REDIS_URL=REDIS)["MIDDLEWARE"]
    cache = middleware.index("campaigns.site.page_cache.PageCacheMiddleware")
    assert middleware.index("django.middleware.security.SecurityMiddleware") < cache
    assert middleware.index("cms.csp.ContentSecurityPolicyMiddleware") < cache
    assert cache < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert cache < middleware.index("campaigns.reporting.middleware.SiteCountMiddleware")
