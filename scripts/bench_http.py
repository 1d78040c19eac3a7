"""Requests per second of the public pages on gunicorn, side by side with a Django hello-world.

Issue 16's budgets, measured in one run on loopback with `wrk` (apt-get install wrk):
  - the cached campaign page (Senegal, French) at 70 % or more of a hello-world's requests/s on
    the same gunicorn (the project's gunicorn.conf.py, 2 sync workers each);
  - the uncached campaign page (a second gunicorn with PAGE_CACHE_SECONDS=0) against bakerydemo's
    blog post: bakerydemo cannot be fetched here, so the in-process render time (minimum of 100,
    Django's test client) is printed next to the hello-world view's, as the issue allows.

It serves the demo site as scripts/demo_server.py builds it (its own PostgreSQL database,
production settings, Redis database --redis-db flushed first; dropped after). Every response
is counted by a wrk Lua script: statuses other than 2xx and the X-Cache header (hit / miss /
absent) must come out as expected, or the run fails.

    .venv/bin/python scripts/bench_http.py [--seconds 20] [--connections 8] [--keep-db]

scripts/load_test.py uses the same demo site and the wrk script from here.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from demo_server import (  # noqa: E402 - beside this script
    HOST,
    PYTHON,
    ROOT,
    Gunicorn,
    add_site_arguments,
    demo_site,
    fetch,
    finish,
    load_average,
)

CAMPAIGN = "/fr/campagnes/senegal/la-mer-ne-pardonne-pas/"
COUNTRY = "/fr/campagnes/senegal/"
HOME = "/fr/"
CACHE_SETTING = "PAGE_CACHE_SECONDS"  # 0 turns the page cache off (campaigns/site/page_cache.py)
HELLO_RATIO_BUDGET = 0.70
LUA = """
-- Written by scripts/bench_http.py: rotates PATHS, counts non-2xx and X-Cache per thread.
local paths = {PATHS}
local threads = {}
local counters = {"non2xx", "hit", "miss", "nocache"}
function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end
function init(args)
  n = offset non2xx = 0 hit = 0 miss = 0 nocache = 0
end
ROTATE
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  local x = headers["X-Cache"] or headers["x-cache"]
  if x == nil then nocache = nocache + 1
  elseif string.find(string.lower(x), "hit") then hit = hit + 1
  else miss = miss + 1 end
end
function done(summary, latency, requests)
  local t = {}
  for _, name in ipairs(counters) do
    t[name] = 0
    for _, thread in ipairs(threads) do t[name] = t[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests": %d, "duration_us": %d, "connect": %d, '
    .. '"read": %d, "write": %d, "status": %d, "timeout": %d, "non2xx": %d, "hit": %d, '
    .. '"miss": %d, "nocache": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    t.non2xx, t.hit, t.miss, t.nocache, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""
ROTATE = """function request()
  n = n + 1
  return wrk.format("GET", paths[n % #paths + 1])
end"""


def wrk(base: str, paths: list[str], seconds: int, threads: int = 2, connections: int = 8):
    """One wrk run over `paths` (in turn); its counts, requests/s and latencies in ms."""
    lua = LUA.replace("PATHS", ", ".join(json.dumps(p) for p in paths))
    lua = lua.replace("ROTATE", ROTATE if len(paths) > 1 else "")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        done = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
             "-H", f"Host: {HOST}", "-s", script.name, base + paths[0]],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_RESULT ")), None)
    if line is None:
        sys.exit(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    result = json.loads(line.removeprefix("WRK_RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    for key in ("p50", "p90", "p99", "max"):
        result[key] = result.pop(f"{key}_us") / 1000
    return result


def measure(server: Gunicorn, name: str, path: str, args, expect: str | None) -> dict:
    """Warm-up, then one measured wrk run; `expect` is the X-Cache every response must say."""
    wrk(server.base, [path], args.warmup, args.threads, args.connections)
    cpu = server.cpu_seconds()
    result = wrk(server.base, [path], args.seconds, args.threads, args.connections)
    result["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / max(1, result["requests"])
    result["name"] = name
    problems = [] if result["requests"] else ["no response at all"]
    if result["non2xx"] or result["socket_errors"]:
        problems.append(f"{result['non2xx']} non-2xx, {result['socket_errors']} socket errors")
    if expect == "hit" and result["hit"] != result["requests"]:
        problems.append(f"X-Cache hit on {result['hit']} of {result['requests']}")
    if expect == "off" and result["hit"]:
        problems.append(f"{result['hit']} X-Cache hits with the cache off")
    result["problems"] = problems
    print(f"{name:<28}{result['rps']:>7.0f}{result['cpu_ms']:>8.2f}{result['p50']:>9.2f}"
          f"{result['p99']:>9.2f}{result['hit']:>7}{result['miss']:>7}{result['nocache']:>9}  "
          f"{'; '.join(problems) or 'ok'}")  # fmt: skip
    return result


def check_page(server: Gunicorn, path: str) -> str:
    """Two GETs of `path`: statuses and X-Cache, for the record."""
    seen = []
    for _ in range(2):
        status, headers, _body = fetch(server.base + path)
        seen.append(f"{status} X-Cache={headers.get('X-Cache', '-')}")
    return f"{path}: " + ", then ".join(seen)


RENDER_CHILD = """
import contextlib, os, statistics, sys, time
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
if connection.settings_dict["ENGINE"].endswith("dummy"):  # the hello world has no database
    CaptureQueriesContext = lambda connection: contextlib.nullcontext([])
path, repeat = sys.argv[1], int(sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1")
assert client.get(path).status_code == 200
times = []
for _ in range(repeat):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
assert response.status_code == 200, response.status_code
count = len(getattr(queries, "captured_queries", queries))
print("RENDER", min(times), statistics.median(times), count, len(response.content),
      response.get("X-Cache", "-"))
"""


def render_time(env: dict, path: str, repeat: int) -> dict:
    """In-process (test client) render time of `path`: min and median of `repeat`, queries."""
    done = subprocess.run(
        [PYTHON, "-c", RENDER_CHILD, path, str(repeat)],
        cwd=ROOT, env=dict(env, PYTHONPATH=f"{ROOT}:{HERE}"), capture_output=True, text=True,
    )  # fmt: skip
    line = next((x for x in done.stdout.splitlines() if x.startswith("RENDER ")), None)
    if line is None:
        sys.exit(f"render timing of {path} failed:\n{done.stderr[-3000:]}")
    low, median, queries, size, cache = line.split()[1:]
    return {"min": float(low), "median": float(median), "queries": int(queries),
            "bytes": int(size), "x_cache": cache}  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="each measured wrk run")
    parser.add_argument("--warmup", type=int, default=5, help="wrk run before each measurement")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=100, help="in-process renders")
    add_site_arguments(parser, port=8611, redis_db=11, port_help="this and the next two")
    return parser.parse_args()


def main():
    args = parse_args()
    failed = []
    with demo_site(args, "bench-http") as (env, workdir):
        hello_env = dict(env, DJANGO_SETTINGS_MODULE="hello_world.settings")
        header = (f"{'':<28}{'req/s':>7}{'CPU ms':>8}{'p50 ms':>9}{'p99 ms':>9}{'hit':>7}"
                  f"{'miss':>7}{'none':>9}   (CPU ms: gunicorn's per request)")  # fmt: skip
        print(
            f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s after "
            f"{args.warmup} s of warm-up; gunicorn.conf.py, 2 sync workers\n{header}"
        )
        results = {}
        with Gunicorn("hello_world.wsgi", args.port, hello_env, workdir / "hello.log") as server:
            results["hello"] = measure(server, "hello world", "/", args, None)
        log = workdir / "site.log"
        with Gunicorn("cms.wsgi", args.port + 1, env, log) as server:
            checks = [check_page(server, p) for p in (CAMPAIGN, COUNTRY, HOME)]
            cached = any("hit" in line for line in checks)
            expect = "hit" if cached else None
            results["campaign"] = measure(server, "campaign page (cache on)", CAMPAIGN, args,
                                          expect)  # fmt: skip
            results["country"] = measure(server, "country page (cache on)", COUNTRY, args, expect)
            results["home"] = measure(server, "home page (cache on)", HOME, args, expect)
        off_env = dict(env, **{CACHE_SETTING: "0"})
        with Gunicorn("cms.wsgi", args.port + 2, off_env, log) as server:
            checks += [check_page(server, CAMPAIGN) + " (cache off)"]
            results["uncached"] = measure(server, "campaign page (cache off)", CAMPAIGN, args,
                                          "off")  # fmt: skip
            results["country_off"] = measure(server, "country page (cache off)", COUNTRY, args,
                                             "off")  # fmt: skip
        print("\n".join(["responses:", *checks]))
        if not cached:
            print("NO X-Cache: hit on a second GET: the page cache is not in this code (or off)")
            failed.append("no page cache")
        failed += [f"{r['name']}: {p}" for r in results.values() for p in r["problems"]]
        hello = results["hello"]["rps"]
        ratio = results["campaign"]["rps"] / hello
        verdict = "ok" if ratio >= HELLO_RATIO_BUDGET else "UNDER BUDGET"
        print(f"\ncached campaign page / hello world: {ratio:.0%} of "
              f"{hello:.0f} req/s (budget {HELLO_RATIO_BUDGET:.0%}): {verdict}")  # fmt: skip
        by_cpu = results["hello"]["cpu_ms"] / max(results["campaign"]["cpu_ms"], 1e-9)
        print(f"by gunicorn's CPU per request (what a busy machine disturbs less): hello world "
              f"{results['hello']['cpu_ms']:.2f} ms, cached campaign page "
              f"{results['campaign']['cpu_ms']:.2f} ms: {by_cpu:.0%}")  # fmt: skip
        print(f"uncached campaign page / hello world: {results['uncached']['rps'] / hello:.1%}")
        if ratio < HELLO_RATIO_BUDGET:
            failed.append("cached campaign page under 70 % of hello world")
        page = render_time(dict(env, **{CACHE_SETTING: "0"}), CAMPAIGN, args.repeat)
        plain = render_time(hello_env, "/", args.repeat)
        print(f"\nin-process (test client), min of {args.repeat}: campaign page, cache off "
              f"{page['min']:.1f} ms (median {page['median']:.1f}, {page['queries']} queries, "
              f"{page['bytes']:,} bytes, X-Cache {page['x_cache']}); hello-world view "
              f"{plain['min']:.3f} ms (median {plain['median']:.3f})")  # fmt: skip
        print(
            "bakerydemo's blog post is not measured here (no network to fetch it); the issue "
            "recorded 23-24 ms on this machine: the budget 'twice as fast' is ~12 ms"
        )
        other = HERE / "bench_render.py"  # every page next to plain views, same middleware
        if other.exists():
            done = subprocess.run(
                [PYTHON, str(other), "--repeat", str(args.repeat)], cwd=ROOT,
                env=dict(env, **{CACHE_SETTING: "0"}), capture_output=True, text=True,
            )  # fmt: skip
            print(f"\nscripts/bench_render.py (cache off):\n{done.stdout}{done.stderr[-2000:]}")
        print(f"load average at the end: {load_average()}")
    finish(failed)


if __name__ == "__main__":
    main()
