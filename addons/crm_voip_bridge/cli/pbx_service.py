"""The live-call service of one database: an AMI session per active PBX server
(``lib.ami.AmiClient``), its events turned into call changes (``lib.live_calls.LiveCalls``)
and stored through the ORM, click-to-call requests sent as AMI ``Originate``.

Two threads: the asyncio loop holds the AMI sessions and never waits on the database; a
writer thread takes the jobs the loop queues and runs them in short transactions (a batch
of what queued meanwhile, one commit; the bus notifications go out at that commit),
retried on a serialization failure. Jobs of one server run in the order its events came.
"""

import asyncio
import contextlib
import logging
import queue
import threading
import time
from secrets import token_hex

import psycopg2
import psycopg2.extensions
import psycopg2.sql

from odoo import SUPERUSER_ID, api, fields
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.sql_db import connection_info_for
from odoo.tools import SQL

from odoo.addons.crm_sales_base.lib.redact import redact

from ..lib.ami import AmiClient, AmiError
from ..lib.live_calls import CallChange, ExtensionChange, LiveCalls
from ..models.crm_pbx_originate import ORIGINATE_REASONS
from ..models.crm_pbx_server import HEARTBEAT_INTERVAL, SERVICE_CHANNEL

_logger = logging.getLogger(__name__)

# lib.ami's states and the server's.
STATES = {"connecting": "connecting", "connected": "connected", "auth_failed": "login_refused",
          "disconnected": "unreachable", "stopped": "stopped"}
# The AMI events the service asks for (manager.conf: read = call).
EVENTS = "call"
# Jobs (the changes of one AMI event each) per transaction at most. The changes of a batch
# are stored set-wise (crm.call._sales_panel_live_store_many: a handful of queries whatever
# their number), so a burst of calls is best written in a few large transactions; the cap
# only bounds one transaction's length (bench/README.md, "live pop").
MAX_BATCH = 500
MAX_TRIES = 5


class _Changes:
    """A job: the changes one AMI event of a session caused (``LiveCalls.feed``). The
    writer stores those of consecutive events together."""

    __slots__ = ("session", "changes")

    def __init__(self, session, changes):
        self.session, self.changes = session, changes


class ServerSession:
    """One PBX server's AMI session and what the service remembers of it."""

    def __init__(self, server_id, settings):
        self.server_id = server_id
        self.settings = settings  # the connection settings it was started with
        self.client = None
        self.task = None
        self.live = LiveCalls()
        # Writer thread only: {linkedid: extensions told about the call}, {uniqueid: request
        # id} of originated calls; both forget a call when it ends (memory stays flat).
        self.told = {}
        self.originated = {}
        self.last_event_written = 0.0
        self.reread = False  # the first channel re-read of the session came


class PbxService:
    """``await run()`` until ``stop()``. ``registry``: the database's; ``client_factory``
    builds the AMI client (tests: backoff shortened)."""

    def __init__(self, registry, *, client_factory=AmiClient, poll_interval=5.0, event_write_interval=10.0,
                 stale_after=60.0, ping_interval=20.0, heartbeat_interval=HEARTBEAT_INTERVAL):
        self.registry = registry
        self.heartbeat_interval = heartbeat_interval
        self._last_heartbeat = float("-inf")
        self.client_factory = client_factory
        self.poll_interval = poll_interval
        self.event_write_interval = event_write_interval
        self.stale_after = stale_after
        self.ping_interval = ping_interval
        self.sessions = {}
        self.jobs = queue.Queue()
        self.loop = None
        self._stopping = None
        self._wake = None
        self._writer = None
        self._busy = threading.Event()  # a batch is being written
        self.max_batch = MAX_BATCH  # changes written per transaction at most
        self._cache = {}  # writer thread: what a transaction reads once
        # Writer thread: {server id: (monotonic time, {extension: user id}, watchers' partner
        # ids, CDR source id)}, read again after context_ttl seconds.
        self._contexts = {}
        self.context_ttl = 5.0
        # Writer thread: {(session, attribute): {key: value or None}}, what a transaction
        # changes of a session's told/originated, applied once it committed (a retried or
        # failed transaction leaves them as they were).
        self._memory = {}
        self.batches = 0
        self.errors = 0

    # -- loop side ---------------------------------------------------------------------------

    async def run(self):
        self.loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._writer = threading.Thread(target=self._write_forever, name="sales-panel-pbx-writer", daemon=True)
        self._writer.start()
        listener = self._listen()
        try:
            while not self._stopping.is_set():
                await self._reload()
                if time.monotonic() - self._last_heartbeat >= self.heartbeat_interval and self.sessions:
                    # The service is alive: a killed one stops writing this, and its
                    # servers are shown as "Service not running" (crm.pbx.server.service_state).
                    self._last_heartbeat = time.monotonic()
                    ids = list(self.sessions)
                    self.submit(lambda env, ids=ids: env["crm.pbx.server"].browse(ids).exists()._sales_panel_heartbeat())
                # The writer thread gets the sessions connected now (never self.sessions,
                # which the loop changes meanwhile).
                connected = {sid: s for sid, s in self.sessions.items()
                             if s.client and s.client.state == "connected"}
                self.submit(lambda env, connected=connected: self._job_originate(env, connected))
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval)
                self._wake.clear()
        finally:
            if listener:
                self.loop.remove_reader(listener.fileno())
                listener.close()
            for session in list(self.sessions.values()):
                await self._end_session(session)
            self.jobs.put(None)
            await self.loop.run_in_executor(None, self._writer.join)

    def stop(self):
        """Thread-safe."""
        if self.loop and self._stopping:
            self.loop.call_soon_threadsafe(self._stopping.set)
            self.wake()

    def wake(self):
        """Look for click-to-call requests and server changes now (thread-safe)."""
        if self.loop and self._wake:
            self.loop.call_soon_threadsafe(self._wake.set)

    def _listen(self):
        """A connection LISTENing on the service's channel: requests and settings wake the
        loop at once (otherwise every poll_interval). None in tests (the test's
        transaction never commits, so nothing would be delivered)."""
        if self.registry.in_test_mode():
            return None
        # Its own connection, kept open (not one of Odoo's pool, which may close it).
        connection = psycopg2.connect(**connection_info_for(self.registry.db_name)[1])
        connection.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        with connection.cursor() as cr:
            cr.execute(psycopg2.sql.SQL("LISTEN {}").format(psycopg2.sql.Identifier(SERVICE_CHANNEL)))

        def readable():
            connection.poll()
            if connection.notifies:
                connection.notifies.clear()
                self._wake.set()

        self.loop.add_reader(connection.fileno(), readable)
        return connection

    async def _reload(self):
        """Start, restart (settings changed) or end the sessions of the active servers."""
        wanted = await self.loop.run_in_executor(None, self._read_servers)
        if wanted is None:
            return
        for server_id, session in list(self.sessions.items()):
            if wanted.get(server_id) != session.settings:
                await self._end_session(session)
        for server_id, settings in wanted.items():
            if server_id not in self.sessions:
                self._start_session(server_id, settings)

    def _read_servers(self):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                return {server.id: (server.host, server.port or 5038, server.username or "",
                                    server.secret or "", bool(server.tls))
                        for server in env["crm.pbx.server"].search([]) if server.host}
        except psycopg2.Error:
            _logger.exception("Sales Panel PBX: reading the servers failed")
            return None

    def _start_session(self, server_id, settings):
        session = ServerSession(server_id, settings)
        host, port, username, secret, tls = settings
        session.client = self.client_factory(
            host, port, username, secret, tls=tls, events=EVENTS, ping_interval=self.ping_interval,
            on_event=lambda event: self._on_event(session, event),
            on_status=lambda state, detail: self._on_status(session, state, detail))
        session.task = asyncio.ensure_future(session.client.run())
        self.sessions[server_id] = session

    async def _end_session(self, session):
        self.sessions.pop(session.server_id, None)
        session.client.stop()
        await asyncio.gather(session.task, return_exceptions=True)

    def _on_status(self, session, state, detail):
        # "connected" tells the PBX's greeting, or a warning (the channel re-read refused).
        warning = state == "connected" and bool(detail) and detail != getattr(session.client, "greeting", None)
        hidden = [session.settings[2], session.settings[3]]
        self.submit(lambda env: env["crm.pbx.server"].browse(session.server_id)._sales_panel_set_state(
            STATES.get(state, "error"), redact(detail, hidden), warning=warning))

    def _on_event(self, session, event):
        if event.get("Event") == "OriginateResponse" and event.get("ActionID", "").startswith("sp-dial-"):
            self.submit(lambda env: self._job_originate_response(env, session, event))
        changes = session.live.feed(event)
        now = time.monotonic()
        if now - session.last_event_written >= self.event_write_interval:
            session.last_event_written = now
            when = fields.Datetime.now()
            self.submit(lambda env: env["crm.pbx.server"].browse(session.server_id).sudo().write(
                {"last_event_date": when}))
        if changes:
            self.submit(_Changes(session, changes))
        if event.get("Event") == "CoreShowChannelsComplete" and not session.reread:
            # The PBX's live channels are known now: calls stored live that it no longer
            # lists ended while the service did not listen (stopped, restarted).
            session.reread = True
            live = frozenset(session.live.calls)
            self.submit(lambda env: env["crm.pbx.server"].browse(session.server_id).exists()
                        ._sales_panel_end_live_calls(live))

    def submit(self, job):
        """Queue ``job(env)`` for the writer thread (thread-safe, never blocks)."""
        self.jobs.put(job)

    def wait_idle(self, timeout=10.0):
        """Wait until every queued job is written (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.jobs.empty() and not self._busy.is_set():
                return True
            time.sleep(0.01)
        return False

    # -- writer thread -------------------------------------------------------------------------

    def _write_forever(self):
        while True:
            job = self.jobs.get()
            if job is None:
                return
            self._busy.set()
            try:
                batch = [job]
                while len(batch) < self.max_batch:
                    try:
                        job = self.jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is None:
                        self.jobs.put(None)
                        break
                    batch.append(job)
                self._write(batch)
            finally:
                self._busy.clear()

    def _write(self, batch):
        """Run a batch of jobs in one transaction; retried on a serialization failure,
        then job by job so that one failing job does not lose the others."""
        for attempt in range(1, MAX_TRIES + 1):
            try:
                after = self._transaction(batch)
                break
            except psycopg2.Error as error:
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY or attempt == MAX_TRIES:
                    _logger.warning("Sales Panel PBX: a batch of %d failed (%s), writing it job by job",
                                    len(batch), error.pgcode)
                    after = self._job_by_job(batch)
                    break
                time.sleep(0.05 * attempt)
            except Exception:
                if len(batch) == 1:
                    self.errors += 1
                    _logger.exception("Sales Panel PBX: a job failed")
                    return
                after = self._job_by_job(batch)
                break
        self.batches += 1
        for callback in after:
            self.loop.call_soon_threadsafe(callback)

    def _job_by_job(self, batch):
        """Each job of a failed batch in a transaction of its own; returns their callbacks."""
        after = []
        for job in batch:
            try:
                after += self._transaction([job])
            except Exception:
                self.errors += 1
                _logger.exception("Sales Panel PBX: a job failed")
        return after

    def _transaction(self, batch):
        """The batch's jobs in one transaction; returns the callbacks they asked for after
        the commit (to run in the loop)."""
        after = []
        self._cache, self._memory = {}, {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # The changes of consecutive events of a session are stored together (one
            # search, one look-up, one create for all of them: bench/README.md, "live pop");
            # other jobs run in between, in the order they came.
            run = []
            for job in batch:
                if isinstance(job, _Changes):
                    if run and run[-1].session is not job.session:
                        self._job_changes(env, run[-1].session, [c for j in run for c in j.changes])
                        run = []
                    run.append(job)
                    continue
                if run:
                    self._job_changes(env, run[-1].session, [c for j in run for c in j.changes])
                    run = []
                result = job(env)
                if callable(result):
                    after.append(result)
            if run:
                self._job_changes(env, run[-1].session, [c for j in run for c in j.changes])
            # A short transaction of its own per batch: the service's whole point.
            cr.commit()  # pylint: disable=invalid-commit
        for (session, attribute), changes in self._memory.items():
            memory = getattr(session, attribute)
            for key, value in changes.items():
                if value is None:
                    memory.pop(key, None)
                else:
                    memory[key] = value
        self._memory = {}
        return after

    def _recall(self, session, attribute, key, default=None):
        """``session.<attribute>[key]`` as this transaction sees it."""
        changes = self._memory.get((session, attribute), {})
        value = changes[key] if key in changes else getattr(session, attribute).get(key)
        return default if value is None else value

    def _remember(self, session, attribute, key, value):
        """``session.<attribute>[key] = value`` (None: forget it) once this transaction commits."""
        self._memory.setdefault((session, attribute), {})[key] = value

    # -- jobs (writer thread) --------------------------------------------------------------------

    def _server_context(self, env, server_id):
        """(server, {extension: agent}, watchers, CDR source) of a server, read once per
        transaction: a batch holds the changes of many events of the same PBX. Who the
        agents and watchers are is kept for ``context_ttl`` seconds (a burst of calls
        spares reading them again at each transaction)."""
        key = ("server", server_id)
        if key not in self._cache:
            server = env["crm.pbx.server"].browse(server_id).exists()
            kept = self._contexts.get(server_id)
            if not server:
                self._cache[key] = None
            elif kept and time.monotonic() - kept[0] < self.context_ttl:
                _when, agent_ids, watcher_ids, source_id = kept
                users = {user.id: user for user in env["res.users"].browse(set(agent_ids.values()))}
                self._cache[key] = (server, {ext: users[uid] for ext, uid in agent_ids.items()},
                                    env["res.partner"].browse(watcher_ids),
                                    env["crm.cdr.source"].browse(source_id))
            else:
                agents = {ext: user for ext, user in
                          env["crm.pbx.extension"]._sales_panel_users(server.company_id).items() if user}
                watchers = self._watchers(env, server.company_id)
                source = server._sales_panel_cdr_source()
                self._contexts[server_id] = (time.monotonic(), {ext: user.id for ext, user in agents.items()},
                                             watchers.ids, source.id)
                self._cache[key] = (server, agents, watchers, source)
        return self._cache[key]

    def _job_changes(self, env, session, changes):
        context = self._server_context(env, session.server_id)
        if not context:
            return
        server, agents, watchers, source = context
        states = {}
        calls = []
        for change in changes:
            if isinstance(change, ExtensionChange):
                states[change.extension] = change.state
            elif isinstance(change, CallChange):
                calls.append(change)
        if calls:
            told = {change.linkedid: self._recall(session, "told", change.linkedid, frozenset())
                    for change in calls}
            now_told = env["crm.call"]._sales_panel_live_store_many(server, calls, agents, told, watchers, source)
            for linkedid, extensions in now_told.items():
                self._remember(session, "told", linkedid, extensions or None)
            for change in calls:
                self._follow_originate(env, session, change)
        if states:
            env["crm.pbx.extension"]._sales_panel_set_states(server, states, fields.Datetime.now())

    @staticmethod
    def _watchers(env, company):
        """Partners of the company's users who watch the live journal: the call journal
        section and the calls of their teams or all (#18; supervisors and managers)."""
        journal = env.ref("crm_sales_base.group_section_call_journal")
        teams = env.ref("crm_sales_base.group_section_calls_team")
        return (journal.users & teams.users).filtered(lambda u: company in u.company_ids and u.active).partner_id

    def _follow_originate(self, env, session, change):
        request_id = self._recall(session, "originated", change.linkedid)
        if not request_id:
            return
        request = env["crm.pbx.originate"].browse(request_id)
        call = env["crm.call"]._sales_panel_live_find(
            env["crm.pbx.server"].browse(session.server_id), [change.linkedid]).get(change.linkedid)
        if call and request.call_id != call:
            request.call_id = call
        if change.state == "talking":  # the customer answered (lib.live_calls: outgoing)
            request._sales_panel_progress("answered")
        elif change.state == "ended":
            self._remember(session, "originated", change.linkedid, None)
            if request.state != "answered":
                request._sales_panel_progress("failed", self._unanswered_reason(env, change))

    @staticmethod
    def _unanswered_reason(env, change):
        """Why the customer's side of a click-to-call ended unanswered, as the PBX said."""
        if change.cause_text or change.cause:
            # The provider refused the number (e.g. Q.850 cause 1, an unallocated number).
            return env._("The number was refused: %(cause)s.", cause=change.cause_text or change.cause)
        if change.disposition == "busy":
            return env._("The number is busy.")
        if change.disposition in ("failed", "congestion"):
            return env._("The call to the number failed (the provider or the line refused it).")
        return env._("The number did not answer.")

    def _job_originate(self, env, sessions):
        """Send the queued click-to-call requests (those of ``sessions``, {server id:
        session} connected when the job was queued) and fail those nobody sent in time."""
        env["crm.call"]._sales_panel_originate_stale(self.stale_after)
        env["crm.pbx.originate"]._sales_panel_fail_unanswered()
        connected = list(sessions)
        if not connected:
            return None
        # SKIP LOCKED: a request a user's transaction still holds is sent at the next poll.
        requests = env["crm.pbx.originate"].browse(id_ for (id_,) in env.execute_query(SQL(
            """SELECT id FROM crm_pbx_originate
                WHERE state = 'queued' AND sent_date IS NULL AND server_id = ANY(%s)
                ORDER BY id FOR UPDATE SKIP LOCKED""", connected)))
        if not requests:
            return None
        requests.write({"sent_date": fields.Datetime.now()})
        actions = []
        for request in requests:
            server = request.server_id
            # The originated channel's unique id, chosen here, is the call's linkedid: the
            # request follows the call from its first event on.
            request.uniqueid = f"sales-panel-{request.id}-{token_hex(4)}"
            # The session's memory changes once the batch committed; _originate() fails the
            # request if the session is gone meanwhile.
            self._remember(sessions[server.id], "originated", request.uniqueid, request.id)
            actions.append((request.id, server.id, {
                "Action": "Originate",
                "ActionID": f"sp-dial-{request.id}",
                "ChannelId": request.uniqueid,
                "Channel": server.device_template.replace("{extension}", request.extension),
                "Context": server.dial_context,
                "Exten": request.dial_number,
                "Priority": "1",
                "CallerID": f"{request.dial_number} <{request.dial_number}>",
                "Timeout": str(server.originate_timeout * 1000),
                "Async": "true",
                "Variable": f"SALES_PANEL_REQUEST={request.id}",
            }))
        return lambda: [asyncio.ensure_future(self._originate(*action)) for action in actions]

    async def _originate(self, request_id, server_id, action):
        session = self.sessions.get(server_id)
        try:
            if session is None:
                raise AmiError("no session")
            reply = (await session.client.action(action, timeout=10.0))[0]
        except AmiError as error:
            detail = str(error)
            self.submit(lambda env: env["crm.pbx.originate"].browse(request_id)._sales_panel_progress(
                "failed", env._("The PBX did not take the call: %(error)s", error=detail)))
            return
        if reply.get("Response", "").lower() == "success":
            self.submit(lambda env: env["crm.pbx.originate"].browse(request_id)._sales_panel_progress("ringing"))
        else:
            message = reply.get("Message") or ""
            self.submit(lambda env: env["crm.pbx.originate"].browse(request_id)._sales_panel_progress(
                "failed", env._("The PBX refused the call: %(message)s", message=message)))

    def _job_originate_response(self, env, session, event):
        request = env["crm.pbx.originate"].browse(int(event["ActionID"].removeprefix("sp-dial-"))).exists()
        if not request:
            return
        if event.get("Response", "").lower() == "success":
            # The agent answered: the PBX dials the customer now.
            request._sales_panel_progress("ringing")
        else:
            self._remember(session, "originated", request.uniqueid, None)
            code = event.get("Reason", "")
            request._sales_panel_progress("failed", ORIGINATE_REASONS.get(code) or env._(
                "The PBX could not place the call (reason %(code)s).", code=code or "?"))

