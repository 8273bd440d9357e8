"""Registry of the Sales Panel benchmarks.

A benchmark is a function of ``ctx`` (see ``Context``) returning
``{"ours": float, "stock": float, "note": str}`` in its unit, where ``stock`` is the same
work done the stock Odoo way on the same data; the table prints ``stock / ours`` as the
ratio (``ours / stock`` for rates, where higher is better), so that a ratio above 1 always
means the suite beats stock. Files ``bench/bench_*.py`` register theirs with
``@benchmark(...)``.
"""

import dataclasses
import threading
import time

import psutil

REGISTRY = []


@dataclasses.dataclass
class Context:
    env: object  # Odoo environment (superuser) on the dataset database, own cursor
    size: str  # "S", "M" or "L"
    counts: dict  # what the dataset holds: {"companies": n, "contacts": n, ...}
    tmpdir: str
    mariadb: dict | None = None  # connection of the MariaDB holding the `cdr` table, if any


@dataclasses.dataclass
class Benchmark:
    name: str
    target: str
    unit: str
    func: object
    sizes: tuple
    higher_is_better: bool = False

    def speedup(self, ours, stock):
        if not ours or not stock:
            return None
        return ours / stock if self.higher_is_better else stock / ours


def benchmark(name, target, unit, sizes=("S", "M", "L"), higher_is_better=False):
    def register(func):
        REGISTRY.append(Benchmark(name, target, unit, func, tuple(sizes), higher_is_better))
        return func

    return register


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
