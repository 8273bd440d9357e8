"""docker-compose.yml, the Dockerfile and odoo.conf agree with each other and the suite.

`docker compose config` cannot run where there is no Docker engine; these checks read
the files the way compose and Odoo read them.
"""

import ast
import configparser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SUITE = sorted(p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py"))


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def odoo_conf():
    cp = configparser.ConfigParser()
    cp.read(ROOT / "odoo.conf")
    return cp["options"]


def test_six_addons_in_the_suite():
    assert SUITE == [
        "crm_agent_scoring", "crm_alerts", "crm_proforma_followup", "crm_sales_base",
        "crm_sms_after_call", "crm_voip_bridge",
    ]


def test_services_and_volumes():
    doc = compose()
    assert set(doc["services"]) == {"db", "odoo", "tests"}
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
    }
