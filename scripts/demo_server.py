"""The demo site as scripts/bench_http.py and scripts/load_test.py serve it: its own PostgreSQL
database (migrate, seed_demo, collectstatic into a temporary folder) under production settings
with Redis (database --redis-db, flushed first), gunicorn with the project's gunicorn.conf.py on
loopback, and the /proc figures both scripts read; dropped after the run unless --keep-db.

Not a script of its own: imported by the two beside it.
"""

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
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
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
        # The Site's address (seed_demo) is the Host every request names, as in production the
        # Site's address is the Host the proxy passes on: the page cache's entries, the ones a
        # publish warms (campaigns/site/page_cache_warm.py) included, are the visitors'.
        WAGTAILADMIN_BASE_URL=f"http://{HOST}",
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


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "?",
    )  # fmt: skip
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load_average()}")  # fmt: skip


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


def add_site_arguments(parser, port: int, redis_db: int, port_help: str | None = None) -> None:
    """The options every run of the demo site takes: where it listens, its Redis database, and
    whether its database is kept or one kept earlier is used again."""
    parser.add_argument("--port", type=int, default=port, help=port_help)
    parser.add_argument("--redis-db", type=int, default=redis_db)
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse", nargs=2, metavar=("DATABASE_URL", "FOLDER"),
        help="a demo database and files left by --keep-db: no set-up, nothing dropped",
    )  # fmt: skip


@contextmanager
def demo_site(args, prefix: str, **extra):
    """(environment, folder) of the demo site for one run, built first (a new database and a
    temporary folder) unless --reuse names them, Redis flushed; both dropped at the end, even
    on a failure, unless --keep-db or --reuse. `extra`: more environment variables."""
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {machine()}")
    if args.reuse:
        url, workdir, drop, args.keep_db = args.reuse[0], Path(args.reuse[1]), None, True
    else:
        url, drop = new_database(prefix)
        workdir = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    try:
        env = site_env(url, args.redis_db, workdir, **extra)
        if not args.reuse:
            prepare_site(env)
        flush_redis(args.redis_db)
        yield env, workdir
    finally:
        if args.keep_db:
            print(f"kept: {url} and {workdir}")
        else:
            drop()
            shutil.rmtree(workdir, ignore_errors=True)


def finish(failed: list[str]) -> None:
    """Exit 1 and say why if anything failed, else 0."""
    if failed:
        print("FAILED: " + "; ".join(failed))
    sys.exit(1 if failed else 0)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
