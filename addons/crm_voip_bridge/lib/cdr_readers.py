"""Reading CDR rows from where the PBX writes them: MySQL/MariaDB (FreePBX, Issabel),
PostgreSQL (cdr_pgsql, cdr_adaptive_odbc) and Master.csv. No ORM here: a reader is built
from a source's settings and can run in a thread of its own, so that the sync reads the
next batch while it stores the current one.

Rows come in the order of the key (calldate in PBX local time, uniqueid, sequence), after
a key; Master.csv is read from a byte offset instead.
"""

import csv
import dataclasses
import datetime
import os

from . import cdr

CDR_COLUMNS = ["calldate", "clid", "src", "dst", "channel", "dstchannel", "lastapp", "lastdata", "duration",
               "billsec", "disposition", "uniqueid", "linkedid", "sequence", "did", "recordingfile"]
START_KEY = (datetime.datetime(1970, 1, 2), "", -1)


@dataclasses.dataclass
class Batch:
    rows_read: int
    legs: list
    skipped: dict  # reason → count
    offset: int  # Master.csv bytes read
    next_key: tuple | None  # None: nothing more to read now
    last_calldate: datetime.datetime | None  # UTC
    # The batch's calls summed up ahead, in the reader's thread: a PreparedCalls (models'
    # crm_call_import), typed loosely to keep lib/ free of model imports.
    prepared: object | None = None
    # Master.csv: the file's inode, and whether it was found rotated or truncated (then read
    # again from its start: rows already stored are recognised by (uniqueid, sequence)).
    inode: str = ""
    rotated: bool = False


class Reader:
    def __init__(self, settings):
        self.settings = settings  # host, port, database, table, login, password, csv_path, pbx_timezone
        self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def read_rows(self, after, offset, limit):
        """(rows as dicts, Master.csv offset reached)."""
        raise NotImplementedError

    def context_rows(self, offset):
        """Rows read before this batch that a row without a linkedid may belong to
        (``cdr.link_legs``): for a table, the batch before (a run's first batch starts a
        lookback before the cursor, and so holds the rows before it)."""
        return self.previous_rows

    def count_rows(self, since=None, until=None):
        """Rows of the table (those whose calldate, PBX local time, is in [since, until)
        when given), None for a file."""
        raise NotImplementedError

    @staticmethod
    def _range(since, until):
        """The calldate range of count_rows(), as SQL and its parameters (``{c}``: the
        calldate column): an index range on FreePBX's calldate index."""
        conditions, params = [], []
        if since is not None:
            conditions.append("{c} >= %s")
            params.append(since)
        if until is not None:
            conditions.append("{c} < %s")
            params.append(until)
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), params

    def fetch(self, after, offset, limit, now, to_utc):
        """The next batch, parsed: legs and the rows skipped with their reason."""
        start_offset = offset
        rows, offset = self.read_rows(after, offset, limit)
        skipped = {}
        legs = self._parse(rows, now, to_utc, skipped)
        # Rows without a linkedid (Master.csv without newcdrcolumns, older tables) are joined
        # to their call through the channels they share, with the rows read before them.
        if any(not leg.linked for leg in legs):
            context = self._parse(self.context_rows(0 if self.rotated else start_offset),
                                  now, to_utc, {})
            cdr.link_legs(legs, context)
        self.previous_rows = rows
        next_key = None
        if len(rows) >= limit:
            last = rows[-1]
            # Text columns may arrive as bytes (PgsqlReader): the key is compared as text.
            next_key = (last.get("calldate"), cdr.text(last.get("uniqueid")), last.get("sequence"))
        return Batch(len(rows), legs, skipped, offset, next_key,
                     max((leg.calldate for leg in legs), default=None),
                     inode=self.inode, rotated=bool(self.rotated))

    # Master.csv only: the file's identity as found by read_rows().
    inode = ""
    rotated = None
    # The rows of the batch before, for context_rows().
    previous_rows = ()

    @staticmethod
    def _parse(rows, now, to_utc, skipped):
        """Legs of rows; a row that cannot be read is counted in ``skipped`` by its reason
        (whatever it holds, it never stops the rows after it)."""
        legs = []
        for row in rows:
            try:
                parsed = cdr.parse_row(row, now, to_utc)
            except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
                parsed = cdr.Skip(cdr.text(row.get("uniqueid")), f"unreadable row ({type(exc).__name__})")
            if isinstance(parsed, cdr.Skip):
                skipped[parsed.reason] = skipped.get(parsed.reason, 0) + 1
            else:
                legs.append(parsed)
        return legs


def _window(start, bound):
    """The calldate range of a batch, as SQL and its parameters.

    Tables index calldate alone (FreePBX, cdr_pgsql): a comparison of the row (calldate,
    uniqueid, sequence) is no index range there, and ordering by it sorted every row after
    the cursor, the whole table on a first sync, for each batch. ``bound`` is the calldate
    ``limit`` rows after ``start`` (an index scan of ``limit`` entries): the batch is sorted
    among the rows up to it, which hold the ``limit`` rows after the cursor, ties of the
    cursor's own second included. The SQL names the calldate column ``{c}``."""
    if bound is None:
        return "{c} >= %s", [start]
    return "{c} >= %s AND {c} <= %s", [start, bound]


class MysqlReader(Reader):
    """FreePBX and Issabel tables differ by version: older ones lack linkedid, sequence, did
    or recordingfile. The columns the table has are read (as PgsqlReader does); without
    ``sequence`` the key is (calldate, uniqueid)."""

    present = None

    def _columns(self, cursor):
        if self.present is None:
            cursor.execute(
                "SELECT column_name AS name FROM information_schema.columns "
                "WHERE table_schema = DATABASE() AND table_name = %s", (self.settings["table"],))
            present = {cdr.text(row.get("name", row.get(b"name"))).lower() for row in cursor.fetchall()}
            if not present:
                # No such table (or no right to see its columns): the query of all the
                # columns fails with the server's own message.
                return set(CDR_COLUMNS)
            self.present = present
        return self.present

    def _cursor(self):
        import pymysql

        if self.connection is None:
            s = self.settings
            self.connection = pymysql.connect(
                host=s["host"], port=s["port"] or 3306, user=s["login"], password=s["password"] or "",
                database=s["database"], charset="utf8mb4", connect_timeout=10, read_timeout=60,
                cursorclass=pymysql.cursors.DictCursor,
                # clid can hold bytes that are not UTF-8: read text columns as bytes.
                use_unicode=False,
            )
        return self.connection.cursor()

    def read_rows(self, after, offset, limit):
        # The table name was checked to be a plain identifier when the source was saved.
        table = self.settings["table"]
        with self._cursor() as cursor:
            present = self._columns(cursor)
            columns = [name for name in CDR_COLUMNS if name in present]
            key = ["calldate", "uniqueid", "sequence"] if "sequence" in present else ["calldate", "uniqueid"]
            cursor.execute(
                f"SELECT calldate FROM `{table}` WHERE calldate > %s ORDER BY calldate LIMIT 1 OFFSET %s",
                (after[0], limit - 1))
            bound = cursor.fetchone()
            window, params = _window(after[0], bound and next(iter(bound.values())))
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM `{table}` "
                f"WHERE {window.format(c='calldate')} AND ({', '.join(key)}) > ({', '.join(['%s'] * len(key))}) "
                f"ORDER BY {', '.join(key)} LIMIT %s",
                (*params, *after[:len(key)], limit),
            )
            return [{k.decode() if isinstance(k, bytes) else k: v for k, v in row.items()}
                    for row in cursor.fetchall()], 0

    def count_rows(self, since=None, until=None):
        where, params = self._range(since, until)
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) AS n FROM `{self.settings['table']}`{where.format(c='calldate')}",
                           params)
            return next(iter(cursor.fetchone().values()))


class PgsqlReader(Reader):
    """cdr_pgsql and cdr_adaptive_odbc tables differ by Asterisk version and by the site's
    column mapping: the columns the table has are read (``start`` stands for calldate, and
    without ``sequence`` the key is (calldate, uniqueid))."""

    def _cursor(self):
        import psycopg2

        if self.connection is None:
            s = self.settings
            self.connection = psycopg2.connect(
                host=s["host"] or None, port=s["port"] or 5432, dbname=s["database"],
                user=s["login"] or None, password=s["password"] or None, connect_timeout=10,
                # calldate may be a timestamptz: compare and read it in the PBX's time.
                options=f"-c statement_timeout=60000 -c timezone={s['pbx_timezone'] or 'UTC'}",
                application_name="odoo-sales-panel-cdr",
            )
            self.connection.autocommit = True
        return self.connection.cursor()

    def _table(self):
        from psycopg2 import sql

        schema, _dot, table = self.settings["table"].rpartition(".")
        return sql.Identifier(*filter(None, (schema, table))), schema, table

    def read_rows(self, after, offset, limit):
        import psycopg2.extensions
        from psycopg2 import sql

        identifier, schema, table = self._table()
        with self._cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND table_schema = coalesce(nullif(%s, ''), current_schema())",
                (table, schema))
            present = {name for (name,) in cursor.fetchall()}
            if not present:
                raise LookupError(f"The table {self.settings['table']} does not exist.")
            date_column = "calldate" if "calldate" in present else "start"
            columns = [sql.SQL("{} AS calldate").format(sql.Identifier(date_column))] + [
                sql.Identifier(name) for name in CDR_COLUMNS[1:] if name in present]
            key = [sql.Identifier(date_column), sql.Identifier("uniqueid")]
            params = list(after[:2])
            if "sequence" in present:
                key.append(sql.Identifier("sequence"))
                params.append(after[2])
            cursor.execute(
                sql.SQL("SELECT {c} FROM {table} WHERE {c} > %s ORDER BY {c} LIMIT 1 OFFSET %s").format(
                    c=sql.Identifier(date_column), table=identifier),
                [after[0], limit - 1])
            bound = cursor.fetchone()
            window, window_params = _window(after[0], bound and bound[0])
        with self._cursor() as cursor:
            # A SQL_ASCII database hands over whatever bytes the PBX wrote: text is read as
            # bytes and decoded row by row (cdr.text), so one undecodable clid is that row's
            # problem, not an error that fails the whole batch.
            psycopg2.extensions.register_type(psycopg2.extensions.BYTES, cursor)
            cursor.execute(
                sql.SQL("SELECT {columns} FROM {table} WHERE {window} AND ({key}) > ({params}) "
                        "ORDER BY {key} LIMIT %s").format(
                    columns=sql.SQL(", ").join(columns), table=identifier,
                    window=sql.SQL(window).format(c=sql.Identifier(date_column)),
                    key=sql.SQL(", ").join(key),
                    params=sql.SQL(", ").join([sql.Placeholder()] * len(params))),
                [*window_params, *params, limit])
            names = [column.name for column in cursor.description]
            rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        return rows, 0

    def count_rows(self, since=None, until=None):
        from psycopg2 import sql

        identifier, schema, table = self._table()
        where, params = self._range(since, until)
        with self._cursor() as cursor:
            column = "calldate"
            if params:  # cdr_adaptive_odbc may name it start
                cursor.execute(
                    "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'calldate' "
                    "AND table_schema = coalesce(nullif(%s, ''), current_schema())", (table, schema))
                column = "calldate" if cursor.fetchone() else "start"
            cursor.execute(sql.SQL("SELECT count(*) FROM {}" + where).format(
                identifier, c=sql.Identifier(column)), params)
            return cursor.fetchone()[0]


class CsvReader(Reader):
    """Master.csv as cdr_csv writes it, read from a byte offset. Its layout (newcdrcolumns,
    loguniqueid, loguserfield) is detected from each row (``cdr.csv_row``) unless the source
    names it. A file found shorter than the offset, with another inode, or whose byte before
    the offset is no line end was rotated or truncated: it is read again from its start."""

    # Rows before a batch read again to link the rows of a call without linkedid.
    CONTEXT_BYTES = 256 * 1024
    # Rows read past a batch's size, at most, to end it after the calls under way.
    HOLD_ROWS = 5000

    def _open(self):
        # Undecodable bytes are kept (surrogates) so that the row is skipped with its reason.
        return open(self.settings["csv_path"], newline="", encoding="utf-8", errors="surrogateescape")

    def read_rows(self, after, offset, limit):
        rows = []
        layout = self.settings.get("csv_layout") or "auto"
        with self._open() as fh:
            stat = os.fstat(fh.fileno())
            self.inode = f"{stat.st_dev}:{stat.st_ino}"
            known = self.settings.get("csv_inode") or ""
            self.rotated = bool(offset) and (
                stat.st_size < offset or (known and known != self.inode) or not self._line_end_at(fh, offset))
            if self.rotated:
                offset = 0
            fh.seek(offset)
            calls, starts = _OpenCalls(), []
            while len(rows) < limit + self.HOLD_ROWS and (len(rows) < limit or calls.open()):
                start = fh.tell()
                line = fh.readline()
                if not line.endswith("\n"):
                    break  # an unfinished line: read it whole next time
                offset = fh.tell()
                values = next(csv.reader([line]), [])
                if values:
                    rows.append(cdr.csv_row(values, layout))
                    starts.append(start)
                    calls.add(rows[-1])
            if calls.open():
                # The rows of calls under way are left for the next run, read with the rest
                # of their call (the rows after them, read again then, are stored already).
                cut = next(index for index, row in enumerate(rows) if calls.holds(row))
                # A call under way from the first row on, with more rows than a read holds
                # behind it: its rows are read as they are (else the same offset forever).
                if cut:
                    rows, offset = rows[:cut], starts[cut]
        return rows, offset

    @staticmethod
    def _line_end_at(fh, offset):
        fh.seek(offset - 1)
        return fh.read(1) == "\n"

    def context_rows(self, offset):
        if not offset:
            return []
        layout = self.settings.get("csv_layout") or "auto"
        with self._open() as fh:
            fh.seek(max(0, offset - self.CONTEXT_BYTES))
            if fh.tell():
                fh.readline()  # the first line read is a partial one
            rows = []
            while fh.tell() < offset:
                line = fh.readline()
                if not line:
                    break
                values = next(csv.reader([line]), [])
                if values:
                    rows.append(cdr.csv_row(values, layout))
        return rows

    def count_rows(self, since=None, until=None):
        with self._open():
            return None


class _OpenCalls:
    """Calls without linkedid whose rows are not all written yet. Asterisk writes a
    channel's rows when it hangs up: a queue's ``Local/…;2`` rows come before the caller's
    rows, which alone join them (through ``Local/…;1``). A batch ending between them would
    store one call as several: it ends where no such call is open (or holds their rows)."""

    def __init__(self):
        self.halves = {}  # Local channel → row whose ;2 half was seen, ;1 not yet
        self.last_end = None

    def add(self, row):
        if row.get("linkedid") or "_unreadable" in row:
            return
        end = cdr._datetime(row.get("end"))
        self.last_end = max(filter(None, (end, self.last_end)), default=None)
        for name in (row.get("channel"), row.get("dstchannel")):
            base, half = cdr.local_half(name)
            if half == "1":
                self.halves.pop(base, None)
            elif half == "2":
                self.halves.setdefault(base, end)

    def open(self):
        # A half whose other half did not come within LINK_GAP never will.
        horizon = self.last_end and self.last_end - cdr.LINK_GAP
        return {base for base, end in self.halves.items() if not (horizon and end and end < horizon)}

    def holds(self, row):
        bases = {cdr.local_half(row.get(name))[0] for name in ("channel", "dstchannel")}
        return bool(bases & self.open())


READERS = {"mysql": MysqlReader, "pgsql": PgsqlReader, "csv": CsvReader}
