"""Requests per second of the public pages on gunicorn, side by side with a Django hello-world.

Issue 16's budgets, measured in one run on loopback with `wrk` (apt-get install wrk):
  - the cached campaign page (Senegal, French) at 70 % or more of a hello-world's requests/s on
    the same gunicorn (the project's gunicorn.conf.py, 2 sync workers each);
  - the uncached campaign page (a second gunicorn with PAGE_CACHE_SECONDS=0) against bakerydemo's
    blog post: bakerydemo cannot be fetched here, so the in-process render time (minimum of 100,
    Django's test client) is printed next to the hello-world view's, as the issue allows.

It builds its own PostgreSQL database (migrate, seed_demo, collectstatic into a temporary
folder) under production settings with Redis (database --redis-db, flushed first), and drops it
after. Every response is counted by a wrk Lua script: statuses other than 2xx and the X-Cache
header (hit / miss / absent) must come out as expected, or the run fails.

    .venv/bin/python scripts/bench_http.py [--seconds 20] [--connections 8] [--keep-db]

scripts/load_test.py reuses the set-up, the servers and the wrk script from here.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CAMPAIGN = "/fr/campagnes/senegal/la-mer-ne-pardonne-pas/"
COUNTRY = "/fr/campagnes/senegal/"
HOME = "/fr/"
CACHE_SETTING = "PAGE_CACHE_SECONDS"  # 0 turns the page cache off (campaigns/site/page_cache.py)
HELLO_RATIO_BUDGET = 0.70
# The Host every request names, as a proxy passes the site's own name: the page cache stores
# pages only for a Site's address or an ALLOWED_HOSTS entry without a port, not "127.0.0.1:8612".
HOST = "127.0.0.1"


def site_env(database_url: str, redis_db: int, workdir: Path, **extra) -> dict:
    """Production settings on loopback: plain HTTP, files in `workdir`, quiet logs."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="bench-only-" + "k" * 50,
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
        LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONPATH=str(ROOT),
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


def prepare_site(env: dict) -> None:
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--password", "bench-" + "p" * 12)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    print(f"demo site built in {time.monotonic() - started:.0f} s (migrate, seed_demo, static)")


def flush_redis(redis_db: int) -> None:
    import redis

    redis.Redis.from_url(f"redis://127.0.0.1:6379/{redis_db}").flushdb()


def fetch(url: str, timeout: float = 10.0):
    """(status, headers, body) of one GET, errors included."""
    try:
        request = urllib.request.Request(url, headers={"Host": HOST})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Gunicorn:
    """gunicorn -c gunicorn.conf.py on 127.0.0.1:`port`, started and stopped by its master pid."""

    def __init__(self, app: str, port: int, env: dict, log: Path, workers: int | None = 2):
        self.port, self.log = port, log
        self.env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
        if workers:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.args = [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), app]
        if app.startswith("hello_world"):
            self.args[3:3] = ["--pythonpath", str(HERE)]
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.output = open(self.log, "ab")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=self.output, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited at start; see {self.log}")
            try:
                fetch(self.base + "/", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        sys.exit(f"gunicorn did not answer on {self.base}; see {self.log}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.output.close()

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time of the workers so far, renewed ones included (the master's reaped
        children's time) and the master's own: a figure a busy machine disturbs less."""
        own = proc_times(self.process.pid)
        return sum(own) + sum(sum(proc_times(pid)[:2]) for pid in self.worker_pids())


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def proc_times(pid: int) -> tuple[float, ...]:
    """utime, stime, cutime, cstime of `pid` in seconds (/proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return (0.0, 0.0, 0.0, 0.0)
    tick = os.sysconf("SC_CLK_TCK")
    return tuple(int(value) / tick for value in fields[11:15])


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


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


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "?",
    )  # fmt: skip
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load}")  # fmt: skip


def new_database(prefix: str):
    """A new PostgreSQL database on 127.0.0.1 named after this process; its URL and its drop."""
    import psycopg

    name = f"{prefix.replace('-', '_')}_{os.getpid()}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"postgres://postgres@127.0.0.1:5432/{name}", drop


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="each measured wrk run")
    parser.add_argument("--warmup", type=int, default=5, help="wrk run before each measurement")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=100, help="in-process renders")
    parser.add_argument("--port", type=int, default=8611, help="this and the next two")
    parser.add_argument("--redis-db", type=int, default=11)
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse", nargs=2, metavar=("DATABASE_URL", "FOLDER"),
        help="a demo database and files left by --keep-db: no set-up, nothing dropped",
    )  # fmt: skip
    return parser.parse_args()


def main():
    args = parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {machine()}")
    if args.reuse:
        url, workdir, drop, args.keep_db = args.reuse[0], Path(args.reuse[1]), None, True
    else:
        url, drop = new_database("bench-http")
        workdir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    failed = []
    try:
        env = site_env(url, args.redis_db, workdir)
        if not args.reuse:
            prepare_site(env)
        flush_redis(args.redis_db)
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
        print(f"load average at the end: {Path('/proc/loadavg').read_text().split()[:3]}")
    finally:
        if args.keep_db:
            print(f"kept: {url} and {workdir}")
        else:
            drop()
            shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        print("FAILED: " + "; ".join(failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
