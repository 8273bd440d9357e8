"""The bench's set-up paths (issue 20): `make bench` with the PG* variables naming a server
(it crashed: its cache folder was only made for its own cluster), and with its own cluster.
Each test runs the set-up against a throwaway PostgreSQL cluster and a new cache folder."""

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import run_tests  # noqa: E402

PG_VARIABLES = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE")


@pytest.fixture
def workdir():
    # PostgreSQL runs as its own user when the tests run as root: a folder it may enter.
    path = Path(tempfile.mkdtemp(prefix="sp_bench_test_"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _with_postgres_bin(monkeypatch):
    if not shutil.which("initdb"):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        monkeypatch.setenv("PATH", f"{bins[-1]}:{os.environ['PATH']}")


def _bench_run(monkeypatch, cache):
    monkeypatch.setenv("SALES_PANEL_BENCH_DIR", str(cache))
    import bench.run

    return importlib.reload(bench.run)  # CACHE is read from the environment at import


def test_setup_with_the_pg_variables_naming_a_server(monkeypatch, workdir):
    _with_postgres_bin(monkeypatch)
    server = run_tests.Postgres(str(workdir))
    server.start_cluster()
    try:
        for name in PG_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in server.env().items():
            if name.startswith("PG"):
                monkeypatch.setenv(name, value)
        cache = workdir / "cache" / "not-yet"
        run = _bench_run(monkeypatch, cache)
        conn, log_file = run.prepare("S")
        assert conn == {}, "the server of the PG* variables, not a cluster of the bench's own"
        assert not (cache / "pgdata").exists()
        assert cache.is_dir() and log_file.is_file()
        # What run.py opens next: the build log and MariaDB's folder in the cache.
        with open(cache / "build_S.log", "w", encoding="utf-8") as build_log:
            build_log.write("ok")
        with psycopg2.connect(dbname="postgres") as connection, connection.cursor() as cr:
            cr.execute("SELECT 1")
            assert cr.fetchone() == (1,)
    finally:
        server.stop()


def test_setup_with_its_own_cluster(monkeypatch, workdir):
    _with_postgres_bin(monkeypatch)
    for name in PG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    cache = workdir / "cache"
    run = _bench_run(monkeypatch, cache)
    conn, log_file = run.prepare("S")
    datadir = cache / "pgdata"
    try:
        assert conn["host"] == str(cache / "pgsock") and conn["user"] == "odoo"
        assert log_file == cache / "bench_S.log" and log_file.is_file()
        with psycopg2.connect(dbname="postgres", **conn) as connection, connection.cursor() as cr:
            cr.execute("SHOW shared_buffers")
            assert cr.fetchone()[0]
        # A second run finds the cluster running and reuses it.
        assert run.prepare("S")[0] == conn
    finally:
        as_user = []
        if os.geteuid() == 0:
            user = "postgres" if run_tests._user_exists("postgres") else "nobody"
            as_user = ["setpriv", f"--reuid={user}", f"--regid={run_tests._user_gid(user)}", "--clear-groups"]
        subprocess.run([*as_user, "pg_ctl", "-D", str(datadir), "-m", "immediate", "stop"], cwd="/",
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_reused_dataset_gets_the_addons_it_lacks(monkeypatch, workdir):
    """A dataset built before an addon joined the suite (the L dataset without crm_call_list:
    its benchmark failed with KeyError('crm.call.list')) gets it installed on reuse, the
    others upgraded. Here the suite is base and a small stock addon the database lacks."""
    _with_postgres_bin(monkeypatch)
    server = run_tests.Postgres(str(workdir))
    server.start_cluster()
    try:
        run = _bench_run(monkeypatch, workdir / "cache")
        odoo_dir, sites = run_tests.find_odoo()
        addons_path = ",".join([str(ROOT / "addons"), *run_tests.extra_addons_paths(odoo_dir, sites)])
        conn = server.conninfo
        assert run_tests.run_odoo([*run.odoo_args(conn, addons_path, "dataset"), "-i", "base", "--without-demo", "all",
                                   "--stop-after-init", "--http-port", str(run_tests.free_port())],
                                  workdir / "build.log", server.env()) == 0
        suite = ["base", "social_media"]
        assert run.missing_addons(conn, "dataset", suite) == ["social_media"]
        assert run.update_dataset(conn, addons_path, "dataset", workdir / "upgrade.log", suite) == [
            "social_media"]
        assert {"base", "social_media"} <= run.installed_addons(conn, "dataset")
        assert run.missing_addons(conn, "dataset", suite) == []
    finally:
        server.stop()
