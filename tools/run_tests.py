#!/usr/bin/env python3
"""The Sales Panel test command (``make test``).

1. Finds the Odoo 18 that ``python3`` imports (never a source checkout named here).
2. Uses the PostgreSQL server of ``$ODOO_RC`` or of the PG* variables, or starts a
   throwaway cluster with the PostgreSQL binaries on PATH.
3. Builds a template database with the stock addons the suite depends on, demo data
   and fa_IR; installs the suite's addons with their Odoo tests (tours in Chromium) on a
   copy; installs and uninstalls each addon alone on other copies.
4. Runs the plain-Python and end-to-end tests of ``tests/`` (pytest), ruff and
   pylint-odoo.
5. Ends with one line ``N passed, N failed``; any failure, error or skipped test makes
   the exit code non-zero.
"""

import argparse
import ast
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
SUITE = [
    "crm_sales_base",
    "crm_voip_bridge",
    "crm_proforma_followup",
    "crm_agent_scoring",
    "crm_alerts",
    "crm_sms_after_call",
    "crm_call_list",
    "crm_agent_plan",
]
PY = sys.executable or "python3"
# Run Odoo from / so that nothing of this checkout shadows the installed package.
NEUTRAL_CWD = "/"


class Tally:
    def __init__(self):
        self.rows = []

    def add(self, name, passed, failed, note=""):
        self.rows.append((name, passed, failed, note))
        mark = "ok" if not failed else "FAILED"
        print(f"[{mark}] {name}: {passed} passed, {failed} failed {note}".rstrip(), flush=True)

    @property
    def passed(self):
        return sum(r[1] for r in self.rows)

    @property
    def failed(self):
        return sum(r[2] for r in self.rows)


def die(message):
    print(f"ERROR: {message}", file=sys.stderr, flush=True)
    print("0 passed, 1 failed", flush=True)
    sys.exit(2)


def probe(code):
    out = subprocess.run([PY, "-c", code], cwd=NEUTRAL_CWD, capture_output=True, text=True)
    return out.returncode, out.stdout.strip(), out.stderr.strip()


def find_odoo():
    rc, out, err = probe(
        "import odoo, odoo.release as r, os, site, sysconfig;"
        "print(r.major_version);"
        "print(os.path.dirname(odoo.__file__));"
        "print(','.join(site.getsitepackages() + [sysconfig.get_paths()['purelib']]))"
    )
    if rc:
        die("python3 cannot import Odoo ('%s'). Install Odoo 18 so that `python3 -c 'import odoo'` "
            "works (pip, the Debian package, or a source checkout on PYTHONPATH), then run again."
            % (err.splitlines()[-1] if err else "no output"))
    version, odoo_dir, sites = out.splitlines()[-3:]
    if version != "18.0":
        die(f"python3 imports Odoo {version} from {odoo_dir}; the Sales Panel needs Odoo 18.0.")
    return odoo_dir, sites.split(",")


def extra_addons_paths(odoo_dir, sites):
    """OCA addons pip-installed with --no-deps land in <site-packages>/odoo/addons."""
    own = os.path.realpath(os.path.join(odoo_dir, "addons"))
    paths = []
    for site in dict.fromkeys(sites):
        cand = os.path.join(site, "odoo", "addons")
        if os.path.isdir(cand) and os.path.realpath(cand) != own and cand not in paths:
            if any((Path(cand) / d / "__manifest__.py").exists() for d in os.listdir(cand)):
                paths.append(cand)
    return paths


def preflight():
    problems = []
    rc, _out, _err = probe("import websocket")
    if rc:
        problems.append("websocket-client is not installed: Odoo would skip every tour")
    rc, _out, _err = probe("import phonenumbers")
    if rc:
        problems.append("phonenumbers is not installed: phone_validation would stop normalising")
    if not any(shutil.which(b) for b in ("google-chrome", "chromium", "chromium-browser")):
        problems.append("no Chrome/Chromium on PATH (apt-get install chromium): Odoo would skip every tour")
    if not shutil.which("rtlcss"):
        problems.append("rtlcss is not on PATH (npm install -g rtlcss): Odoo would serve Persian pages "
                        "left to right")
    if problems:
        die("; ".join(problems) + ". Run `make setup` (or .ci/run) first.")


def manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """Connection options for Odoo, and a throwaway cluster when none is configured."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.proc_datadir = None
        self.odoo_args = []
        self.conninfo = {}

    def setup(self):
        rc_file = os.environ.get("ODOO_RC")
        if rc_file:
            import configparser

            cp = configparser.ConfigParser()
            cp.read(rc_file)
            opts = dict(cp["options"]) if cp.has_section("options") else {}
            self.odoo_args = ["-c", rc_file]
            self.conninfo = {
                k: opts.get(f"db_{k}") for k in ("host", "port", "user", "password")
                if opts.get(f"db_{k}") not in (None, "", "False")
            }
            print(f"PostgreSQL: from {rc_file}", flush=True)
        elif any(os.environ.get(v) for v in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")):
            print("PostgreSQL: from the PG* environment variables", flush=True)
        else:
            self.start_cluster()

    def start_cluster(self):
        initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
        if not (initdb and pg_ctl):
            die("no PostgreSQL server configured (ODOO_RC or PG* variables) and no initdb/pg_ctl on PATH")
        datadir = Path(self.workdir) / "pgdata"
        sockdir = Path(self.workdir) / "pgsock"
        sockdir.mkdir()
        port = free_port()
        as_user = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            user = "postgres" if _user_exists("postgres") else "nobody"
            as_user = ["setpriv", f"--reuid={user}", f"--regid={_user_gid(user)}", "--clear-groups"]
            os.chmod(self.workdir, 0o755)
            shutil.chown(sockdir, user)
            datadir.mkdir()
            shutil.chown(datadir, user)
        subprocess.run(as_user + [initdb, "-D", str(datadir), "-U", "odoo", "-A", "trust",
                                  "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, stdout=subprocess.DEVNULL, cwd=NEUTRAL_CWD)
        opts = (f"-k {sockdir} -p {port} -c listen_addresses='' -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run(as_user + [pg_ctl, "-D", str(datadir), "-o", opts, "-l",
                                  str(sockdir / "pg.log"), "-w", "start"],
                       check=True, stdout=subprocess.DEVNULL, cwd=NEUTRAL_CWD)
        self.stop_cmd = as_user + [pg_ctl, "-D", str(datadir), "-m", "immediate", "stop"]
        self.proc_datadir = datadir
        self.conninfo = {"host": str(sockdir), "port": str(port), "user": "odoo"}
        self.odoo_args = ["--db_host", str(sockdir), "--db_port", str(port), "--db_user", "odoo"]
        print(f"PostgreSQL: throwaway cluster on {sockdir}:{port}", flush=True)

    def stop(self):
        if self.proc_datadir:
            subprocess.run(self.stop_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           cwd=NEUTRAL_CWD)

    def env(self):
        env = dict(os.environ)
        for key, value in self.conninfo.items():
            env["PG" + key.upper()] = value
        return env

    def sql(self, statement):
        """Run one statement on the 'postgres' database through the installed psycopg2."""
        code = ("import psycopg2, sys; c = psycopg2.connect(dbname='postgres'); c.autocommit = True;"
                "c.cursor().execute(sys.argv[1])")
        subprocess.run([PY, "-c", code, statement], check=True, env=self.env(), cwd=NEUTRAL_CWD)


def _user_exists(name):
    import pwd

    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _user_gid(name):
    import pwd

    return pwd.getpwnam(name).pw_gid


def run_odoo(args, log_path, env, report=None):
    env = dict(env)
    if report:
        env["SALES_PANEL_REPORT"] = str(report)
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.run([PY, str(ROOT / "tools" / "odoo_launch.py"), *args],
                              stdout=log, stderr=subprocess.STDOUT, env=env, cwd=NEUTRAL_CWD)
    return proc.returncode


def show_problems(log_path, limit=400):
    """Print the log records at ERROR or above (with their tracebacks), and warnings of ours."""
    printing = False
    shown = 0
    for line in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines():
        is_record = line[:4].isdigit() and " ? " not in line[:40]
        if is_record or line[:4].isdigit():
            printing = (" ERROR " in line or " CRITICAL " in line
                        or (" WARNING " in line and any(a in line for a in SUITE)))
        if printing and shown < limit:
            print("    " + line)
            shown += 1


def junit_counts(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return total, failed, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons", default=",".join(SUITE),
                        help="comma-separated addons whose Odoo tests run (default: all six)")
    parser.add_argument("--no-isolation", action="store_true",
                        help="skip installing/uninstalling each addon alone (quicker local runs)")
    parser.add_argument("--no-lint", action="store_true", help="skip ruff and pylint-odoo")
    parser.add_argument("--keep", action="store_true", help="keep the cluster and logs")
    opts = parser.parse_args()
    started = time.time()

    odoo_dir, sites = find_odoo()
    preflight()
    print(f"Odoo 18 found in {odoo_dir}", flush=True)
    addons_path = ",".join([str(ADDONS), *extra_addons_paths(odoo_dir, sites)])
    manifests = {name: manifest(ADDONS / name) for name in SUITE}
    external = sorted({d for m in manifests.values() for d in m.get("depends", [])} - set(SUITE))

    workdir = tempfile.mkdtemp(prefix="sales-panel-test-")
    pg = Postgres(workdir)
    tally = Tally()
    try:
        pg.setup()
        env = pg.env()
        stamp = time.strftime("%Y%m%d%H%M%S")
        template, main_db = f"sp_tmpl_{stamp}", f"sp_test_{stamp}"
        base = [*pg.odoo_args, "--addons-path", addons_path, "--data-dir",
                str(Path(workdir) / "data"), "--http-interface", "127.0.0.1",
                "--max-cron-threads", "0", "--stop-after-init"]

        # 1. template: stock dependencies, demo data, Persian
        print(f"Building template database with {', '.join(external)} ...", flush=True)
        log = Path(workdir) / "template.log"
        rc = run_odoo([*base, "-d", template, "-i", ",".join(external), "--load-language", "fa_IR",
                       "--http-port", str(free_port())], log, env)
        if rc:
            show_problems(log)
            die(f"the template database could not be built (log: {log})")

        # 2. the suite with its Odoo tests
        pg.sql(f'CREATE DATABASE "{main_db}" TEMPLATE "{template}"')
        tested = [a.strip() for a in opts.addons.split(",") if a.strip()]
        print(f"Installing the suite's addons and running the Odoo tests of {', '.join(tested)} ...",
              flush=True)
        log, report = Path(workdir) / "suite.log", Path(workdir) / "suite.json"
        rc = run_odoo([*base, "-d", main_db, "-i", ",".join(SUITE), "--test-enable",
                       "--test-tags", ",".join(f"/{a}" for a in tested),
                       "--http-port", str(free_port())], log, env, report)
        data = json.loads(report.read_text()) if report.exists() else {}
        result = data.get("databases", {}).get(main_db)
        if not result:
            show_problems(log)
            tally.add("odoo: install of the suite", 0, 1, f"(rc {rc}, log {log})")
        else:
            bad = result["failures"] + result["errors"]
            passed = result["run"] - bad - result["skipped"]
            if bad or rc:
                show_problems(log)
            if result["skipped"]:
                print(f"    {result['skipped']} Odoo tests were skipped: a skipped test fails the run")
            tally.add("odoo tests", passed, bad + result["skipped"] + (1 if rc and not bad else 0),
                      f"({result['run']} run, {result['skipped']} skipped, rc {rc})")

        # 3. each addon alone, then uninstalled
        if not opts.no_isolation:
            def isolation(name):
                db = f"sp_iso_{name}_{stamp}"
                pg.sql(f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
                ilog = Path(workdir) / f"iso_{name}.log"
                rc = run_odoo([*base, "-d", db, "-i", name, "--http-port", str(free_port())],
                              ilog, env)
                if rc:
                    return name, ["install alone failed"], ilog
                out = subprocess.run(
                    [PY, str(ROOT / "tools" / "odoo_module_check.py"), name, *base, "-d", db],
                    capture_output=True, text=True, env=env, cwd=NEUTRAL_CWD)
                lines = [x for x in out.stdout.splitlines() if x.startswith("{")]
                if not lines:
                    ilog.write_text(out.stdout + out.stderr)
                    return name, ["uninstall check crashed"], ilog
                return name, json.loads(lines[-1])["problems"], ilog

            print("Installing and uninstalling each addon alone ...", flush=True)
            with ThreadPoolExecutor(max_workers=2) as pool:
                for name, problems, ilog in pool.map(isolation, SUITE):
                    if problems:
                        show_problems(ilog, 60)
                    tally.add(f"install alone + uninstall {name}", 0 if problems else 1,
                              1 if problems else 0, "; ".join(problems))

        # 4. plain-Python and end-to-end tests
        junit = Path(workdir) / "pytest.xml"
        penv = dict(env, SALES_PANEL_DB=main_db, SALES_PANEL_ADDONS_PATH=addons_path)
        subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                        f"--junitxml={junit}", str(ROOT / "tests")], env=penv, cwd=ROOT)
        if junit.exists():
            total, failed, skipped = junit_counts(junit)
            tally.add("pytest (tests/)", total - failed - skipped, failed + skipped,
                      f"({skipped} skipped)")
        else:
            tally.add("pytest (tests/)", 0, 1, "(pytest did not run)")

        # 5. lint
        if not opts.no_lint:
            targets = ["addons", "tests", "tools", "bench"]
            ruff = subprocess.run([PY, "-m", "ruff", "check", *targets], cwd=ROOT)
            tally.add("ruff", int(ruff.returncode == 0), int(ruff.returncode != 0))
            pylint = subprocess.run([PY, "-m", "pylint", "--rcfile", str(ROOT / ".pylintrc"),
                                     *[f"addons/{a}" for a in SUITE]], cwd=ROOT)
            tally.add("pylint-odoo", int(pylint.returncode == 0), int(pylint.returncode != 0))
    finally:
        pg.stop()
        if not opts.keep and tally.failed == 0:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"logs kept in {workdir}", flush=True)

    print(f"took {time.time() - started:.0f} s", flush=True)
    print(f"{tally.passed} passed, {tally.failed} failed", flush=True)
    sys.exit(1 if tally.failed else 0)


if __name__ == "__main__":
    main()
