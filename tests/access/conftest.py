"""What the attack tests on the public pages share: requests sent as a browser sends them."""

# A browser's User-Agent: a robot's request (or none) is not counted as a page view
# (campaigns/reporting/middleware.py), and these tests attack what a visitor gets.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


def get(client, path, **headers):
    """`client.get(path)` with a browser's User-Agent unless `headers` name another."""
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(path, **headers)
