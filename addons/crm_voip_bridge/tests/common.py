"""Shared set-up of the CDR tests."""

from odoo.tests import TransactionCase

from .mariadb import MariaDB


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
