"""Which Host spellings the page cache stores pages for (campaigns/site/page_cache.py): a
Wagtail Site's address as a browser sends it, or an exact ALLOWED_HOSTS entry."""

from django.conf import settings

_site_hosts: tuple[int, frozenset[str]] | None = None  # (generation, the Sites' spellings)


def host_as_browsers_send(hostname: str, port: int | None) -> str:
    """A Site's address as a browser's Host header spells it: lower case, no 80 or 443."""
    hostname = (hostname or "").lower()
    return hostname if port in (80, 443, None) else f"{hostname}:{port}"


def site_hosts(generation) -> frozenset[str]:
    """The Wagtail Sites' host spellings, read once per generation by each process (a Site's
    save or delete bumps the generation: campaigns/site/page_cache_purge.py)."""
    global _site_hosts
    known = _site_hosts
    if known is not None and known[0] == generation:
        return known[1]
    from wagtail.models import Site

    sites = Site.objects.values_list("hostname", "port")
    hosts = frozenset(host_as_browsers_send(hostname, port) for hostname, port in sites)
    _site_hosts = (generation, hosts)
    return hosts


def cacheable_host(host: str, generation) -> bool:
    """The Host header (``get_host``: X-Forwarded-Host only if USE_X_FORWARDED_HOST, off here)
    when it is exactly a Site's address or an ALLOWED_HOSTS entry without wildcard or port,
    else None. Django accepts any letter case and any port, and Wagtail serves an unknown host
    the default site, so each spelling would be one more render and one more entry (65,535
    ports times every case); the page's canonical and hreflang links are built from this Host,
    so the spellings cannot share one entry either: other spellings are rendered, never
    stored nor served from the cache."""
    if host in site_hosts(generation):
        return True
    for allowed in settings.ALLOWED_HOSTS:
        if host == allowed.lower() and not allowed.startswith(".") and "*" not in allowed:
            return True
    return False
