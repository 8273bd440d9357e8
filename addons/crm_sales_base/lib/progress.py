"""Rate and time left of a long job from its counts, and when a new figure is worth sending.

Plain Python (no ORM): ``sales.panel.progress`` feeds it the job's counts and writes what it
says; the figures are tested without a database.
"""

import collections
import time


class Meter:
    """Counts of a job over time.

    ``interval``: seconds between two reports (a job reporting every row would spend its
    time on its progress). The rate is measured over the last ``window`` seconds, so that a
    job whose speed changes (a slower part of a table) gets a time left of its speed now."""

    def __init__(self, total=0, interval=1.0, window=10.0, clock=time.monotonic):
        self.clock = clock
        self.interval = interval
        self.window = window
        self.total = total or 0
        self.done = 0
        self.started = clock()
        self.samples = collections.deque([(self.started, 0)])
        # The first report comes after an interval too: a job shorter than that reports nothing.
        self.last_report = self.started

    def tick(self, done=None, total=None, advance=0):
        """Record the counts; True when a report is due (one per interval)."""
        if total is not None:
            self.total = total
        self.done = (self.done if done is None else done) + advance
        now = self.clock()
        self.samples.append((now, self.done))
        while len(self.samples) > 2 and self.samples[1][0] < now - self.window:
            self.samples.popleft()
        if now - self.last_report >= self.interval:
            self.last_report = now
            return True
        return False

    @property
    def rate(self):
        """Units per second over the window (0 until some time has passed)."""
        (start, first), (end, last) = self.samples[0], self.samples[-1]
        if end - start <= 0:
            return 0.0
        return max(last - first, 0) / (end - start)

    @property
    def time_left(self):
        """Seconds left at the current rate, None when unknown (no total, no rate yet)."""
        rate = self.rate
        if not self.total or rate <= 0:
            return None
        return max(self.total - self.done, 0) / rate

    @property
    def elapsed(self):
        return self.clock() - self.started

