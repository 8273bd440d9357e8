"""docker-compose.yml, the Dockerfile and odoo.conf agree with each other and the suite.

`docker compose config` cannot run where there is no Docker engine; these checks read
the files the way compose and Odoo read them.
"""

import ast
import configparser
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SUITE = sorted(p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py"))
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


class ComposeLoader(yaml.SafeLoader):
    """YAML as Compose reads it: ``!reset`` empties what the files before had set."""


ComposeLoader.add_constructor("!reset", lambda loader, node: None)


def compose(name="docker-compose.yml"):
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=ComposeLoader)


def odoo_conf():
    cp = configparser.ConfigParser()
    cp.read(ROOT / "odoo.conf")
    return cp["options"]


def test_six_addons_in_the_suite():
    assert SUITE == [
        "crm_agent_plan", "crm_agent_scoring", "crm_alerts", "crm_call_list", "crm_proforma_followup",
        "crm_sales_base", "crm_sms_after_call", "crm_voip_bridge",
    ]


def test_services_and_volumes():
    doc = compose()
    assert set(doc["services"]) == {"db", "odoo", "pbx", "tests"}
    assert doc["services"]["db"]["image"] == "postgres:16"
    assert set(doc["volumes"]) == {"db-data", "odoo-data"}
    for service in doc["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith("./") or source in doc["volumes"], volume
            if source.startswith("./"):
                assert (ROOT / source).exists(), volume


def test_odoo_service_installs_the_whole_suite_with_persian():
    odoo = compose()["services"]["odoo"]
    assert odoo["ports"] == ["8069:8069"]
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    init = next(a for a in odoo["command"] if a.startswith("--init="))
    assert sorted(init.removeprefix("--init=").split(",")) == SUITE
    assert "--load-language=fa_IR" in odoo["command"]
    # The configuration is the one the entry point writes (ODOO_RC), not odoo.conf alone.
    assert not any(a.startswith(("--config", "-c")) for a in odoo["command"])


def test_pbx_service_runs_the_live_call_command():
    # The live-call service (issue 16): the same image, Odoo's command discovered in the
    # addons (crm_voip_bridge/cli), the configuration of the entry point, no port of its own.
    doc = compose()
    pbx = doc["services"]["pbx"]
    assert pbx["image"] == doc["services"]["odoo"]["image"]
    assert pbx["command"] == ["odoo", "sales-panel-pbx"]
    assert pbx["depends_on"]["db"]["condition"] == "service_healthy"
    assert "ports" not in pbx
    assert pbx["restart"] == "unless-stopped"
    assert (ROOT / "addons" / "crm_voip_bridge" / "cli" / "sales_panel_pbx.py").exists()


def test_no_secret_committed():
    """No master password in any committed deployment file: it comes from the environment
    or a secret when the container starts."""
    assert "admin_passwd" not in odoo_conf()
    for name in ("odoo.conf", "docker-compose.yml", "docker-compose.proxy.yml", "Dockerfile"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*admin_passwd\s*=", text, re.MULTILINE), name
        assert "change-me" not in text, name
    assert compose()["services"]["odoo"]["environment"]["ODOO_ADMIN_PASSWD"] == "${ODOO_ADMIN_PASSWD:-}"


def test_proxy_mode_only_behind_the_proxy():
    """Published directly, Odoo must not trust X-Forwarded-For (any client could forge its
    address); behind nginx, with its port closed, it must."""
    conf = odoo_conf()
    assert conf.get("proxy_mode", "False") == "False"
    direct = compose()["services"]["odoo"]
    assert direct["ports"] and direct.get("environment", {}).get("ODOO_PROXY_MODE", "0") != "1"
    proxied = compose("docker-compose.proxy.yml")["services"]
    assert proxied["odoo"]["ports"] is None, "the override resets the published ports"
    assert proxied["odoo"]["environment"]["ODOO_PROXY_MODE"] == "1"
    assert proxied["nginx"]["ports"] == ["80:80"]
    mounted = proxied["nginx"]["volumes"][0].split(":")[0]
    nginx = (ROOT / mounted).read_text(encoding="utf-8")
    assert "server odoo:8069;" in nginx
    websocket = nginx[nginx.index("location /websocket"):nginx.index("location / ")]
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket
    assert "proxy_set_header Connection $connection_upgrade;" in websocket
    for location in (websocket, nginx[nginx.index("location / "):]):
        assert "proxy_set_header X-Forwarded-For $remote_addr;" in location  # set, never appended
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in location
    assert "$proxy_add_x_forwarded_for" not in nginx


@pytest.fixture()
def entrypoint(tmp_path):
    """Run docker/entrypoint.sh with Odoo's entry point replaced by one that prints the
    configuration it would run with: {key: value} of that file."""
    base = tmp_path / "odoo.conf"
    base.write_text((ROOT / "odoo.conf").read_text(encoding="utf-8"), encoding="utf-8")
    fake = tmp_path / "odoo-entrypoint"
    fake.write_text('#!/bin/sh\necho "${ODOO_RC:-}|$*"\n', encoding="utf-8")
    fake.chmod(0o755)

    def run(*args, **env):
        full = dict(os.environ, SALES_PANEL_BASE_RC=str(base), SALES_PANEL_RC=str(tmp_path / "run.conf"),
                    SALES_PANEL_GENERATED_PASSWD=str(tmp_path / "generated"),
                    SALES_PANEL_ODOO_ENTRYPOINT=str(fake), **env)
        for key in ("ODOO_RC", "ODOO_ADMIN_PASSWD", "ODOO_ADMIN_PASSWD_FILE", "ODOO_PROXY_MODE", "ODOO_WITHOUT_DEMO"):
            if key not in env:
                full.pop(key, None)
        out = subprocess.run(["bash", str(ENTRYPOINT), *args], env=full, capture_output=True, text=True,
                             check=True)
        rc_path, _sep, rest = out.stdout.strip().partition("|")
        if not rc_path:
            return None, rest
        cp = configparser.ConfigParser(strict=True)  # as Odoo: a key given twice fails
        cp.read(rc_path)
        assert oct(Path(rc_path).stat().st_mode & 0o777) == "0o600"
        return cp["options"], rest

    return run


def test_entrypoint_master_password_from_environment_secret_or_generated(entrypoint, tmp_path):
    conf, args = entrypoint("odoo", "--init=crm_sales_base", ODOO_ADMIN_PASSWD="from-env")
    assert (conf["admin_passwd"], conf["proxy_mode"], conf["without_demo"]) == ("from-env", "False", "False")
    assert conf["db_host"] == "db" and args == "odoo --init=crm_sales_base"
    secret = tmp_path / "secret"
    secret.write_text("from-secret\n", encoding="utf-8")
    conf, _args = entrypoint("odoo", ODOO_ADMIN_PASSWD_FILE=str(secret))
    assert conf["admin_passwd"] == "from-secret"
    conf, _args = entrypoint("odoo")
    generated = (tmp_path / "generated").read_text(encoding="utf-8")
    assert len(generated) >= 20 and conf["admin_passwd"] == generated
    assert oct((tmp_path / "generated").stat().st_mode & 0o777) == "0o600"
    conf, _args = entrypoint("odoo")
    assert conf["admin_passwd"] == generated, "kept from one start to the next"


def test_entrypoint_proxy_mode_and_demo_data(entrypoint):
    conf, _args = entrypoint("odoo", ODOO_ADMIN_PASSWD="x", ODOO_PROXY_MODE="1", ODOO_WITHOUT_DEMO="all")
    assert (conf["proxy_mode"], conf["without_demo"]) == ("True", "all")
    # Other commands (the tests service's "make test") run as they are.
    conf, args = entrypoint("make", "test")
    assert conf is None and args == "make test"


def test_addons_path_reaches_the_mounted_addons():
    conf = odoo_conf()
    mounts = {v.split(":")[1] for v in compose()["services"]["odoo"]["volumes"]}
    addons_path = conf["addons_path"].split(",")
    assert "/mnt/sales-panel/addons" in addons_path
    assert "/mnt/sales-panel/addons" in mounts
    # OCA addons pip-installed into the image land in dist-packages' odoo/addons.
    assert any(p.endswith("dist-packages/odoo/addons") for p in addons_path)
    assert conf["db_host"] == "db"
    assert conf["without_demo"] == "False"


def test_dockerfile_builds_on_odoo_18_with_the_project_requirements():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM odoo:18.0" in text
    assert "requirements.txt" in text and "/etc/odoo/odoo.conf" in text
    assert "chrome" in text.lower()
    # Odoo's entry point runs after ours, which writes the configuration from the environment.
    assert "COPY docker/entrypoint.sh /usr/local/bin/sales-panel-entrypoint" in text
    assert 'ENTRYPOINT ["/usr/local/bin/sales-panel-entrypoint"]' in text and 'CMD ["odoo"]' in text
    assert os.access(ENTRYPOINT, os.X_OK)
    assert "exec \"${SALES_PANEL_ODOO_ENTRYPOINT:-/entrypoint.sh}\"" in ENTRYPOINT.read_text(encoding="utf-8")


def test_readme_documents_production_and_demo():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker compose -f docker-compose.yml -f docker-compose.proxy.yml up -d" in readme
    assert "ODOO_ADMIN_PASSWD" in readme and "ODOO_WITHOUT_DEMO=all" in readme
    assert re.search(r"demo only", readme, re.IGNORECASE)


def test_tests_service_runs_the_readme_command():
    tests = compose()["services"]["tests"]
    assert tests["command"] == ["make", "test"]
    assert tests["environment"]["PGHOST"] == "db"
    assert tests["environment"]["ODOO_RC"] == ""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker compose up -d" in readme
    assert "docker compose run --rm tests" in readme
    assert "make test" in readme


def test_manifests_follow_the_architecture_map():
    deps = {}
    for name in SUITE:
        manifest = ast.literal_eval((ROOT / "addons" / name / "__manifest__.py").read_text())
        assert manifest["version"].startswith("18.0.") and manifest["license"] == "LGPL-3"
        assert (ROOT / "addons" / name / "i18n" / "fa.po").exists(), name
        assert list((ROOT / "addons" / name / "readme").glob("*.md")), name
        deps[name] = {d for d in manifest["depends"] if d in SUITE}
    assert deps == {
        "crm_sales_base": set(),
        "crm_voip_bridge": {"crm_sales_base"},
        "crm_proforma_followup": {"crm_voip_bridge"},
        "crm_agent_scoring": {"crm_proforma_followup"},
        "crm_alerts": {"crm_proforma_followup"},
        "crm_sms_after_call": {"crm_voip_bridge"},
        "crm_call_list": {"crm_voip_bridge"},
        "crm_agent_plan": {"crm_call_list", "crm_proforma_followup"},
    }


def test_docs_link_only_inside_the_clone():
    """A user's clone is all they have: every relative link of the repository's Markdown
    (README, readmes, bench, docs) names a file of the clone."""
    tracked = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert "README.md" in tracked
    outside = []
    for name in tracked:
        path = ROOT / name
        for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # a web address or mailto:
            resolved = (path.parent / target).resolve()
            if ROOT not in resolved.parents or not resolved.exists():
                outside.append(f"{name}: {target}")
    assert not outside, outside
