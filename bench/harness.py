"""Registry of the Sales Panel benchmarks.

A benchmark is a function of ``ctx`` (see ``Context``) returning
``{"ours": float, "stock": float, "note": str}`` in its unit, where ``stock`` is the same
work done the stock Odoo way on the same data; the table prints ``stock / ours`` as the
ratio (``ours / stock`` for rates, where higher is better), so that a ratio above 1 always
means the suite beats stock. Files ``bench/bench_*.py`` register theirs with
``@benchmark(...)``.
"""

import contextlib
import dataclasses
import importlib
import threading
import time

import psutil
import psycopg2

from odoo.sql_db import connection_info_for
from odoo.tools import SQL

REGISTRY = []


@dataclasses.dataclass
class Context:
    env: object  # Odoo environment (superuser) on the dataset database, own cursor
    size: str  # "S", "M" or "L"
    counts: dict  # what the dataset holds: {"companies": n, "contacts": n, ...}
    tmpdir: str
    mariadb: dict | None = None  # connection of the MariaDB holding the `cdr` table, if any


@dataclasses.dataclass
class Goal:
    """A target checked at the end of a run: ``ours`` at most (times) or at least (rates)
    ``limit``, and/or a speed-up over the stock way of at least ``speedup``; ``size``: the
    dataset size the issue set it for (other sizes print it, marked as such)."""
    limit: float | None = None
    speedup: float | None = None
    size: str = "L"


@dataclasses.dataclass
class Benchmark:
    name: str
    target: str
    unit: str
    func: object
    sizes: tuple
    higher_is_better: bool = False
    goal: Goal | None = None

    def speedup(self, ours, stock):
        if not ours or not stock:
            return None
        return ours / stock if self.higher_is_better else stock / ours

    def ratio(self, result):
        """The speed-up of a result: its own ``result["speedup"]`` when it measured one (the
        write paths pair each round with the round beside it), else from ours and stock."""
        if result.get("speedup") is not None:
            return result["speedup"]
        return self.speedup(result.get("ours"), result.get("stock"))

    def check(self, result):
        """(met, text) of the goal for a result, or None without a goal. A result may add
        checks of its own: ``result["checks"] = [(met, text), ...]`` (memory, say)."""
        if not self.goal:
            return None
        goal, ours = self.goal, result["ours"]
        met, parts = True, []
        if goal.limit is not None:
            ok = ours >= goal.limit if self.higher_is_better else ours <= goal.limit
            met &= ok
            parts.append(f"{ours:,.3g} {self.unit} {'≥' if self.higher_is_better else '≤'} "
                         f"{goal.limit:,.3g} {self.unit}: {'yes' if ok else 'no'}")
        ratio = self.ratio(result)
        if goal.speedup is not None:
            ok = bool(ratio) and ratio >= goal.speedup
            met &= ok
            parts.append(f"{ratio or 0:.1f}x stock ≥ {goal.speedup:g}x: {'yes' if ok else 'no'}")
        for ok, text in result.get("checks", ()):
            met &= ok
            parts.append(f"{text}: {'yes' if ok else 'no'}")
        return met, "; ".join(parts)


def benchmark(name, target, unit, sizes=("S", "M", "L"), higher_is_better=False, goal=None):
    def register(func):
        REGISTRY.append(Benchmark(name, target, unit, func, tuple(sizes), higher_is_better, goal))
        return func

    return register


# The indexes the suite adds to other addons' tables (each addon's hooks.INDEXES): the
# stock way of a benchmark is measured without them, as on a database without the suite.
SUITE_INDEX_MODULES = ("crm_sales_base", "crm_voip_bridge", "crm_proforma_followup", "crm_agent_scoring",
                       "crm_alerts", "crm_sms_after_call")


def suite_indexes(tables=None):
    """{index name: table} of the suite's indexes on ``tables`` (all when None)."""
    found = {}
    for module in SUITE_INDEX_MODULES:
        try:
            hooks = importlib.import_module(f"odoo.addons.{module}.hooks")
        except ModuleNotFoundError:  # an addon without hooks adds no index
            continue
        for name, (table, _definition) in getattr(hooks, "INDEXES", {}).items():
            if tables is None or table in tables:
                found[name] = table
    return found


@contextlib.contextmanager
def without_suite_indexes(env, tables):
    """Drop the suite's indexes on ``tables`` for the block and create them again after it
    (DROP INDEX is transactional: a rollback restores them too)."""
    names = suite_indexes(tables)
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_stock_indexes")
    for name in names:
        env.cr.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield list(names)
    finally:
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_stock_indexes")
        env.invalidate_all()


# The tables the benchmarks write to. Each benchmark's transaction is rolled back, but the rows
# it wrote stay in the tables and their indexes as dead rows until a vacuum, and the next
# benchmark reading them paid for them (bench/README.md, fourth round: the chase list).
WRITTEN_TABLES = ("sale_order", "sale_order_line", "sale_order_followup", "crm_call", "crm_call_leg",
                  "crm_sms_after_call", "mail_activity", "mail_message", "res_partner", "crm_lead")


def vacuum(dbname, tables=WRITTEN_TABLES, analyze=False):
    """VACUUM (and ANALYZE when asked) ``tables``, on a connection of its own (VACUUM cannot
    run in a transaction): the next benchmark meets the dataset as built. A table without
    dead rows costs a glance at its visibility map."""
    _dbname, dsn = connection_info_for(dbname)
    with contextlib.closing(psycopg2.connect(**dsn)) as connection:
        connection.autocommit = True
        with connection.cursor() as cr:
            for table in tables:
                cr.execute(SQL("VACUUM %s %s", SQL("ANALYZE") if analyze else SQL(),
                               SQL.identifier(table)).code)


@contextlib.contextmanager
def without_suite_search(env):
    """Stock's search of quotations for the block: the suite's search of a user's own
    quotations (crm_proforma_followup's SaleOrder._search, search_fetch, search_count for users
    of stock's "own documents" rule) turned off in this process, as on a database without the
    suite; a stock salesman would otherwise be searched the suite's way."""
    cls = type(env["sale.order"])
    name = "_sales_panel_own_rule_globals"
    if not hasattr(cls, name):
        yield
        return
    own = cls.__dict__.get(name)
    setattr(cls, name, lambda self: None)
    try:
        yield
    finally:
        if own is None:
            delattr(cls, name)
        else:
            setattr(cls, name, own)


def timed(func, *args, **kwargs):
    """(seconds, peak resident memory of this process in MB, result) of one call; memory
    is sampled every 20 ms by a thread, so timing is not slowed down by tracing."""
    process = psutil.Process()
    peak = [process.memory_info().rss]
    done = threading.Event()

    def sample():
        while not done.wait(0.02):
            peak[0] = max(peak[0], process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    try:
        result = func(*args, **kwargs)
    finally:
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
    return elapsed, max(peak[0], process.memory_info().rss) / 2**20, result
