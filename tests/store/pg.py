"""A throwaway PostgreSQL server for the hall-mode tests (大厅模式测试库).

``pg_server`` (session scope) starts one: ``initdb`` into a temporary directory (trust
authentication, no password), ``pg_ctl start`` with the unix socket in that directory and no
TCP listener (``listen_addresses=''``), and stops and removes it at the end of the session.
Each test then gets a fresh database of its own (``PgServer.fresh_url``), copied from a
template database that already holds the migrated schema and the sample catalog (building
that takes about a second; copying it a few tens of milliseconds).

* ``COUNTER_TEST_PG_URL`` (e.g. ``postgresql+psycopg://me@/postgres?host=/run/postgresql``)
  uses an existing server instead: the URL names a database to connect to for
  ``CREATE DATABASE``; the tests create and drop their own ``counter_t_*`` databases there.
* With no server binaries (``initdb``, ``pg_ctl``) or no ``psycopg``, the PostgreSQL tests
  are skipped and the reason says which is missing — unless ``COUNTER_REQUIRE_PG=1`` (set by
  ``.ci/run``, which installs the server first): then they fail, so that CI never passes with
  the hall tests silently skipped.
* ``initdb`` refuses to run as root: as root the server is run as the unprivileged ``nobody``
  (via ``runuser``) in a temporary directory it owns. docs/development.md, "Hall mode".

Tests opt in with the ``both_stores`` mark from here (``store_url`` of ``tests/conftest.py``,
parametrised ``sqlite`` / ``postgresql``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/lib/postgresql/16/bin",
               "/usr/lib/postgresql/17/bin")
UNPRIVILEGED = "nobody"
TEMPLATE_DB = "counter_template"
_names = itertools.count(1)


def _unavailable(reason: str):
    """Skip for want of a server, or fail when this run requires one (CI)."""
    if os.environ.get("COUNTER_REQUIRE_PG") == "1":
        pytest.fail(f"COUNTER_REQUIRE_PG=1 but no PostgreSQL for the hall tests: {reason}",
                    pytrace=False)
    pytest.skip(reason)


def _find(tool: str) -> str | None:
    for d in PG_BIN_DIRS:
        p = Path(d) / tool
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
    return shutil.which(tool)


class PgServer:
    """A PostgreSQL server the tests may create databases on."""

    def __init__(self, admin_url: str, *, base: str, query: str) -> None:
        self.admin_url = admin_url  # a database to run CREATE / DROP DATABASE from
        self._base = base           # scheme://user@host-part/ (database name appended)
        self._query = query         # ?host=... (unix socket) or ""
        self._template_ready = False
        self.created: list[str] = []

    def url(self, db: str) -> str:
        return f"{self._base}{db}{self._query}"

    def _admin(self, sql: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(self.admin_url)
        kw = {k: v for k, v in (("host", u.query.get("host") or u.host), ("port", u.port),
                                ("user", u.username), ("password", u.password),
                                ("dbname", u.database)) if v}
        with psycopg.connect(**kw, autocommit=True) as conn:
            conn.execute(sql)

    def create(self, name: str, *, template: str | None = None) -> str:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        tpl = f' TEMPLATE "{template}"' if template else " TEMPLATE template0"
        self._admin(f"CREATE DATABASE \"{name}\"{tpl} ENCODING 'UTF8'")
        self.created.append(name)
        return self.url(name)

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def empty_url(self) -> str:
        """A new empty database (no schema): for the migration tests."""
        return self.create(f"counter_t_{os.getpid()}_{next(_names)}")

    def fresh_url(self) -> str:
        """A new database with the migrated schema and the sample catalog."""
        if not self._template_ready:
            from tests.helpers.context import build_context
            from counter.clock import FixedClock
            from tests.unit.cases.helpers import T0

            url = self.create(TEMPLATE_DB)
            with tempfile.TemporaryDirectory() as d:
                build_context(Path(d), clock=FixedClock(T0), db_url=url).close()
            self._template_ready = True
        return self.create(f"counter_t_{os.getpid()}_{next(_names)}", template=TEMPLATE_DB)


def _start_local(tmp: Path) -> tuple[PgServer, callable]:
    initdb, pg_ctl = _find("initdb"), _find("pg_ctl")
    if not (initdb and pg_ctl):
        _unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found in "
                    f"{', '.join(PG_BIN_DIRS)} or PATH; set COUNTER_TEST_PG_URL to use a server")
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        if not runuser:
            _unavailable("running as root and no runuser to start PostgreSQL as "
                        f"{UNPRIVILEGED}")
        shutil.chown(tmp, user=UNPRIVILEGED)
        as_user = [runuser, "-u", UNPRIVILEGED, "--"]
    data = tmp / "data"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}

    def run(*cmd: str) -> None:
        r = subprocess.run([*as_user, *cmd], cwd=tmp, env=env, capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"{cmd[0]} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")

    run(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
        "--locale=C.UTF-8", "--no-sync")
    # no TCP; the socket in tmp; no fsync (a throwaway server: speed over durability)
    opts = f"-c listen_addresses='' -k {tmp} -c fsync=off -c full_page_writes=off " \
           "-c synchronous_commit=off -c max_connections=100"
    try:
        run(pg_ctl, "-D", str(data), "-l", str(tmp / "server.log"), "-w", "-t", "30",
            "-o", opts, "start")
    except RuntimeError as e:
        log = tmp / "server.log"
        raise RuntimeError(f"{e}\n{log.read_text() if log.exists() else ''}") from None

    def stop() -> None:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                       cwd=tmp, env=env, capture_output=True)

    q = f"?host={tmp}"
    return PgServer(f"postgresql+psycopg://postgres@/postgres{q}",
                    base="postgresql+psycopg://postgres@/", query=q), stop


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server of this test session (skips when there is none to be had)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -r requirements-dev.txt)")
    given = os.environ.get("COUNTER_TEST_PG_URL")
    if given:
        from sqlalchemy.engine import make_url

        u = make_url(given).set(drivername="postgresql+psycopg")
        admin = u.render_as_string(hide_password=False)
        base = u.set(database="", query={}).render_as_string(hide_password=False).rstrip("/")
        query = ("?" + "&".join(f"{k}={v}" for k, v in u.query.items())) if u.query else ""
        server = PgServer(admin, base=base + "/", query=query)
        try:
            yield server
        finally:  # someone else's server: leave nothing behind
            for name in reversed(server.created):
                server.drop(name)
        return
    tmp = Path(tempfile.mkdtemp(prefix="counter-pg-"))
    try:
        server, stop = _start_local(tmp)
        try:
            yield server
        finally:
            stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


STORES = ("sqlite", "postgresql")

#: Runs a test (or, as ``pytestmark``, a module) on both stores through the ``store_url``
#: fixture of ``tests/conftest.py``.
both_stores = pytest.mark.parametrize("store_url", STORES, indirect=True)


@pytest.fixture
def pg_url(pg_server):
    """A fresh PostgreSQL database (migrated, sample catalog imported)."""
    return pg_server.fresh_url()
