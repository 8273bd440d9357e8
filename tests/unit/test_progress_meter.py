"""Rate, time left and report pacing of a long job (crm_sales_base/lib/progress.py, issue 22)."""

from odoo.addons.crm_sales_base.lib.progress import Meter


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_one_report_per_interval():
    """A job shorter than the interval reports nothing; a longer one once per interval."""
    clock = Clock()
    meter = Meter(total=1000, interval=1.0, clock=clock)
    assert not meter.tick(advance=10)
    clock.now += 1.0
    assert meter.tick(advance=10)
    clock.now += 0.4
    assert not meter.tick(advance=10)
    clock.now += 0.6
    assert meter.tick(advance=10)
    assert meter.done == 40


def test_rate_and_time_left():
    clock = Clock()
    meter = Meter(total=1000, clock=clock)
    assert meter.rate == 0 and meter.time_left is None  # no time has passed
    for _second in range(4):
        clock.now += 1
        meter.tick(advance=100)
    assert meter.rate == 100
    assert meter.time_left == 6  # 600 rows left at 100 rows/s


def test_rate_follows_the_speed_now():
    """A job that slows down: the time left is that of its speed over the last window."""
    clock = Clock()
    meter = Meter(total=10_000, window=5, clock=clock)
    for _second in range(20):
        clock.now += 1
        meter.tick(advance=200)
    for _second in range(10):
        clock.now += 1
        meter.tick(advance=50)
    assert 45 <= meter.rate <= 55
    assert meter.time_left > 100


def test_unknown_total_and_absolute_counts():
    clock = Clock()
    meter = Meter(clock=clock)
    clock.now += 2
    meter.tick(done=40)
    assert meter.rate == 20
    assert meter.time_left is None, "no total: no time left"
    meter.tick(total=100)
    assert meter.time_left == 3
    clock.now += 1
    meter.tick(done=100)
    assert meter.time_left == 0
