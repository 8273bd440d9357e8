#!/usr/bin/env python3
"""`make bench`: build or reuse a dataset, run every registered benchmark, print a table.

    python3 bench/run.py --size S|M|L [--rebuild] [--only NAME]

A PostgreSQL cluster is kept under ~/.cache/sales-panel-bench (/var/tmp/… for root; or the
server of the PG* variables is used); the dataset of each size is a database
``sales_panel_bench_<size>`` built once and reused by later runs. Benchmarks work on a copy and
roll back. The console shows the progress and the table; Odoo's log goes to
``bench_<size>.log`` in that folder (the build's and the upgrades' to their own files).
"""

import argparse
import hashlib
import importlib
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import run_tests  # noqa: E402  (the test command's Odoo and PostgreSQL helpers)

_logger = logging.getLogger("sales_panel.bench")

# PostgreSQL runs as its own user when we are root, and cannot enter root's home.
CACHE = Path(os.environ.get("SALES_PANEL_BENCH_DIR") or (
    "/var/tmp/sales-panel-bench" if os.geteuid() == 0 else Path.home() / ".cache" / "sales-panel-bench"))


def ensure_cache():
    """The cache folder (logs, MariaDB, the cluster unless the PG* variables name a server)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    return CACHE


def ensure_cluster():
    """Connection options of a persistent cluster (started if it is not running), or none
    when the PG* variables name a server."""
    ensure_cache()
    if any(os.environ.get(v) for v in ("PGHOST", "PGPORT", "PGUSER")):
        return {}
    datadir, sockdir = CACHE / "pgdata", CACHE / "pgsock"
    port = "5488"
    as_user = []
    if os.geteuid() == 0:
        user = "postgres" if run_tests._user_exists("postgres") else "nobody"
        as_user = ["setpriv", f"--reuid={user}", f"--regid={run_tests._user_gid(user)}", "--clear-groups"]
    if not datadir.exists():
        sockdir.mkdir(parents=True, exist_ok=True)
        datadir.mkdir(parents=True, exist_ok=True)
        if as_user:
            os.chmod(CACHE, 0o755)
            shutil.chown(datadir, as_user[1].split("=")[1])
            shutil.chown(sockdir, as_user[1].split("=")[1])
        subprocess.run(as_user + ["initdb", "-D", str(datadir), "-U", "odoo", "-A", "trust", "-E", "UTF8",
                                  "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL, cwd="/")
    status = subprocess.run(as_user + ["pg_ctl", "-D", str(datadir), "status"], cwd="/",
                            stdout=subprocess.DEVNULL)
    if status.returncode:
        # A quarter of the memory for PostgreSQL's buffers, as its documentation advises for
        # a database server: the L dataset (5 GB) does not fit in 1 GB, and the benchmarks
        # then measured the copying between the system's cache and PostgreSQL's.
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
        opts = (f"-k {sockdir} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                f"-c full_page_writes=off -c shared_buffers={max(memory_mb // 4, 1024)}MB -c work_mem=64MB "
                "-c maintenance_work_mem=512MB")
        subprocess.run(as_user + ["pg_ctl", "-D", str(datadir), "-o", opts, "-l", str(sockdir / "pg.log"),
                                  "-w", "start"], check=True, stdout=subprocess.DEVNULL, cwd="/")
    return {"host": str(sockdir), "port": port, "user": "odoo"}


def prepare(size):
    """The set-up before Odoo starts: the cache folder, the PostgreSQL server (the bench's
    own cluster, or the one the PG* variables name) and the file Odoo logs to.
    Returns (connection options for Odoo, log file)."""
    conn = ensure_cluster()
    log_file = ensure_cache() / f"bench_{size}.log"
    log_file.touch()
    return conn, log_file


def load_mariadb_helper():
    """The tests' MariaDB server, loaded from its file: importing it as
    ``odoo.addons.crm_voip_bridge.tests.mariadb`` would load Odoo's test framework."""
    spec = importlib.util.spec_from_file_location(
        "sales_panel_mariadb", ROOT / "addons" / "crm_voip_bridge" / "tests" / "mariadb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MariaDB


def odoo_args(conn, addons_path, dbname):
    args = ["-d", dbname, "--addons-path", addons_path]
    for key in ("host", "port", "user"):
        if conn.get(key):
            args += [f"--db_{key}", conn[key]]
    return args


def database_ready(env, size):
    return env["ir.config_parameter"].get_param("sales_panel_bench.size") == size


def addons_fingerprint():
    """A digest of the addons' code and data (tests aside): a reused dataset is upgraded
    when it changed."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "addons").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".xml", ".csv") and "tests" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()


def installed_addons(conn, dbname):
    """The addons installed in a dataset, as its database says."""
    with psycopg2.connect(dbname=dbname, **conn) as connection, connection.cursor() as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        return {name for (name,) in cr.fetchall()}


def missing_addons(conn, dbname, addons=None):
    """The suite's addons a reused dataset lacks: a dataset built before an addon joined the
    suite (crm_call_list: its benchmark failed with KeyError('crm.call.list'))."""
    installed = installed_addons(conn, dbname)
    return [name for name in (addons or run_tests.SUITE) if name not in installed]


def update_dataset(conn, addons_path, dbname, log_path, addons=None):
    """A reused dataset brought to the addons of this checkout: the suite's addons it lacks
    installed, the others upgraded, in one run of Odoo. Returns the addons installed."""
    addons = list(addons or run_tests.SUITE)
    missing = missing_addons(conn, dbname, addons)
    upgraded = [name for name in addons if name not in missing]
    steps = (["-u", ",".join(upgraded)] if upgraded else []) + (["-i", ",".join(missing)] if missing else [])
    env = dict(os.environ, **{f"PG{k.upper()}": v for k, v in conn.items()})
    with open(log_path, "w", encoding="utf-8") as log:
        subprocess.run([sys.executable, str(ROOT / "tools" / "odoo_launch.py"),
                        *odoo_args(conn, addons_path, dbname), *steps, "--without-demo", "all",
                        "--stop-after-init", "--max-cron-threads", "0", "--http-port", str(run_tests.free_port())],
                       check=True, env=env, cwd="/", stdout=log, stderr=subprocess.STDOUT)
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="S", choices=["S", "M", "L"])
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", help="run only the benchmarks whose name contains this "
                                       "(several: separated by commas)")
    opts = parser.parse_args()

    odoo_dir, sites = run_tests.find_odoo()
    addons_path = ",".join([str(ROOT / "addons"), *run_tests.extra_addons_paths(odoo_dir, sites)])
    conn, log_file = prepare(opts.size)
    dbname = f"sales_panel_bench_{opts.size.lower()}"

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    from bench import dataset, harness

    config.parse_config(odoo_args(conn, addons_path, dbname) + ["--without-demo", "all", "--logfile", str(log_file)])
    print(f"Odoo's log: {log_file}", flush=True)
    odoo.modules.module.initialize_sys_path()

    started = time.time()
    exists = odoo.service.db.exp_db_exist(dbname)
    if exists and opts.rebuild:
        odoo.service.db.exp_drop(dbname)
        exists = False
    if exists:
        with Registry(dbname).cursor() as cr:
            ready = database_ready(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), opts.size)
        if not ready:
            odoo.service.db.exp_drop(dbname)
            exists = False
    if not exists:
        print(f"Building the {opts.size} dataset in {dbname} ...", flush=True)
        env = dict(os.environ, **{f"PG{k.upper()}": v for k, v in conn.items()})
        with open(CACHE / f"build_{opts.size}.log", "w", encoding="utf-8") as build_log:
            subprocess.run([sys.executable, str(ROOT / "tools" / "odoo_launch.py"),
                            *odoo_args(conn, addons_path, dbname), "--without-demo", "all",
                            "-i", ",".join(run_tests.SUITE), "--stop-after-init", "--max-cron-threads", "0",
                            "--http-port", str(run_tests.free_port())],
                           check=True, env=env, cwd="/", stdout=build_log, stderr=subprocess.STDOUT)
        with Registry(dbname).cursor() as cr:
            # Bulk data, not user changes: no chatter tracking of the rows the ORM recomputes
            # (half a million messages at commit time otherwise).
            benv = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True})
            counts = dataset.build(benv, opts.size)
            for key, value in counts.items():
                benv["ir.config_parameter"].set_param(f"sales_panel_bench.count.{key}", value)
            benv["ir.config_parameter"].set_param("sales_panel_bench.size", opts.size)
        print(f"dataset built in {time.time() - started:.0f} s", flush=True)
    else:
        print(f"reusing {dbname} (checked in {time.time() - started:.1f} s)", flush=True)
    fingerprint = addons_fingerprint()
    with Registry(dbname).cursor() as cr:
        stored = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.config_parameter"].get_param(
            "sales_panel_bench.addons")
    # The fingerprint covers every addon of the checkout, installed or not: a dataset built
    # before an addon joined the suite matched it and was never given that addon.
    missing = missing_addons(conn, dbname) if exists else []
    if stored != fingerprint or missing:
        if exists:
            print(f"the addons changed since: {'installing ' + ', '.join(missing) + ' and ' if missing else ''}"
                  "upgrading them ...", flush=True)
            upgrade = time.time()
            update_dataset(conn, addons_path, dbname, CACHE / f"upgrade_{opts.size}.log")
            Registry.delete(dbname)  # loaded before the upgrade: load it again
            print(f"upgraded in {time.time() - upgrade:.0f} s", flush=True)
        with Registry(dbname).cursor() as cr:
            benv = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            benv["ir.config_parameter"].set_param("sales_panel_bench.addons", fingerprint)
            # Flushed by hand: the commit of a registry loaded again did not, and every run
            # upgraded the dataset again.
            benv.flush_all()
            cr.commit()

    # Measured on a warm server, as in production: a cluster just started (or a dataset just
    # upgraded) made the first benchmarks of a run pay for reading the tables from disk.
    started = time.time()
    try:
        with Registry(dbname).cursor() as cr:
            cr.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cr.execute("SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')")
            pages = cr.fetchone()[0]
        print(f"{pages * 8 // 1024} MB of tables and indexes read into PostgreSQL's buffers in "
              f"{time.time() - started:.0f} s", flush=True)
    except psycopg2.Error as exc:  # a server of the PG* variables may not offer it
        print(f"tables not prewarmed (pg_prewarm: {exc.pgerror or exc})", flush=True)

    # The PBX's CDR database of the sync benchmark: a MariaDB server kept in the cache.
    MariaDB = load_mariadb_helper()
    (CACHE / "mariadb").mkdir(parents=True, exist_ok=True)
    mariadb = MariaDB(directory=CACHE / "mariadb", port=3388).start()
    started = time.time()
    if dataset.build_cdr(mariadb, opts.size):
        print(f"CDR rows written to MariaDB in {time.time() - started:.0f} s", flush=True)
    mariadb_conn = {"host": "127.0.0.1", "port": mariadb.port, "login": "freepbx",
                    "password": "secret", "database": "asteriskcdrdb"}

    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        importlib.import_module(f"bench.{path.stem}")

    rows, goals = [], []
    registry = Registry(dbname)
    only = [part.strip() for part in (opts.only or "").split(",") if part.strip()]
    selected = [bench for bench in harness.REGISTRY
                if opts.size in bench.sizes and (not only or any(part in bench.name for part in only))]
    harness.vacuum(dbname)  # what an interrupted run left behind
    for number, bench in enumerate(selected, start=1):
        print(f"[{number}/{len(selected)}] {bench.name} ...", end=" ", flush=True)
        bench_started = time.time()
        with registry.cursor() as cr, tempfile.TemporaryDirectory() as tmpdir:
            benv = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            counts = {p.key.rsplit(".", 1)[1]: int(p.value) for p in benv["ir.config_parameter"].search(
                [("key", "like", "sales_panel_bench.count.")])}
            ctx = harness.Context(env=benv, size=opts.size, counts=counts, tmpdir=tmpdir,
                                  mariadb=mariadb_conn)
            try:
                result = bench.func(ctx)
                ratio = bench.ratio(result)
                stock = result.get("stock")
                rows.append((bench.name, f"{result['ours']:.3f}", "-" if stock is None else f"{stock:.3f}",
                             f"{ratio:.1f}x" if ratio else "-", bench.target, result.get("note", "")))
                checked = bench.check(result)
                if checked:
                    goals.append((bench, *checked))
                print(f"done in {time.time() - bench_started:.0f} s", flush=True)
            except Exception as exc:  # one broken benchmark must not hide the others
                _logger.exception("benchmark %s failed", bench.name)
                rows.append((bench.name, "ERROR", "", "", bench.target, repr(exc)[:120]))
                if bench.goal:
                    goals.append((bench, False, f"failed: {exc!r}"[:120]))
                print(f"failed ({exc!r})"[:200], flush=True)
            finally:
                cr.rollback()
        harness.vacuum(dbname)

    header = ("benchmark", "ours", "stock Odoo", "speed-up", "target", "note")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row[:5], widths, strict=True)) + "  " + row[5])
    print(f"size {opts.size}, total {time.time() - started:.0f} s")
    if goals:
        print("\nTargets:")
    for bench, met, text in goals:
        other_size = "" if bench.goal.size == opts.size else f" (set for size {bench.goal.size})"
        print(f"{'met' if met else 'NOT MET'}: {bench.name}: {text}{other_size}")


if __name__ == "__main__":
    main()
