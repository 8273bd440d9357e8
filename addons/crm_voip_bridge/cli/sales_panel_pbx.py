import asyncio
import logging
import signal
import sys
from pathlib import Path

import odoo
from odoo.cli import Command
from odoo.modules.registry import Registry
from odoo.tools import config

from .pbx_service import PbxService

_logger = logging.getLogger(__name__)


class SalesPanelPbx(Command):
    """Sales Panel live calls: the AMI connection of each PBX server of a database"""

    name = "sales-panel-pbx"

    def run(self, args):
        config.parser.prog = f"{Path(sys.argv[0]).name} {self.name}"
        config.parse_config(args, setup_logging=True)
        databases = [name for name in (config["db_name"] or "").split(",") if name]
        if len(databases) != 1:
            sys.exit("sales-panel-pbx serves one database: give it with -d DATABASE.")
        odoo.service.server.load_server_wide_modules()
        registry = Registry(databases[0])
        if "crm.pbx.server" not in registry:
            sys.exit(f"crm_voip_bridge is not installed in the database {databases[0]}.")
        service = PbxService(registry)

        async def main():
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, service.stop)
            _logger.info("Sales Panel PBX service started for %s", databases[0])
            await service.run()
            _logger.info("Sales Panel PBX service stopped")

        asyncio.run(main())
