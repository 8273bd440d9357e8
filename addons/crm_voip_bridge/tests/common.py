"""Shared set-up of the CDR tests."""

import datetime

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.crm_sales_base.tests.common import SEQUENCE

from .mariadb import MariaDB


def agents_with_extensions(env, *extensions, prefix="cdr"):
    """Agents of the environment's company holding the PBX ``extensions`` (the recorded
    scenarios' agents are 101 and 102): taken from whoever holds them in that company (the
    demo's agents work in the demo company)."""
    env["res.users"].search([("pbx_extension", "in", list(extensions)),
                             ("company_id", "=", env.company.id)]).pbx_extension = False
    env.flush_all()  # freed before given: an extension is unique per company
    agents = env["res.users"]
    for extension in extensions:
        agent = new_test_user(env, login=f"{prefix}_{extension}", groups="crm_sales_base.group_agent")
        agent.pbx_extension = extension
        agents |= agent
    return agents


class FreePbxCase(TransactionCase):
    """A FreePBX ``cdr`` table on a throwaway MariaDB holding ``ROWS``, and a source that
    reads it (``source_values``: its settings, for more sources of the same table)."""

    ROWS = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = MariaDB().start()
        cls.addClassCleanup(cls.db.stop)
        cls.db.insert(cls.ROWS)
        cls.source_values = {
            "name": "FreePBX", "kind": "mysql", "host": "127.0.0.1", "port": cls.db.port,
            "database": "asteriskcdrdb", "login": "freepbx", "password": "secret", "batch_size": 4,
        }
        cls.source = cls.env["crm.cdr.source"].create(cls.source_values)


class CallMixin:
    """Calls at local wall-clock times of the company's calendar (with FigureMixin)."""

    def call_at(self, agent, local_start, talk_seconds, answered=True, direction="outgoing", partner=None):
        start = self.utc(local_start)
        return self.env["crm.call"].create({
            "linkedid": f"figure-{next(SEQUENCE)}", "user_id": agent.id, "team_id": agent.sale_team_id.id,
            "partner_id": partner.id if partner else False, "direction": direction,
            "disposition": "answered" if answered else "no_answer",
            "talk_seconds": talk_seconds if answered else 0, "start_date": start,
            "end_date": start + datetime.timedelta(seconds=talk_seconds),
        })
