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

from . import cdr

CDR_COLUMNS = ["calldate", "clid", "src", "dst", "channel", "dstchannel", "lastapp", "duration",
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
    # (key, cdr.summarize_calls(legs, …)) when made ahead, in the reader's thread
    prepared: tuple | None = None


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

    def count_rows(self):
        """Rows of the table, None for a file."""
        raise NotImplementedError

    def fetch(self, after, offset, limit, now, to_utc):
        """The next batch, parsed: legs and the rows skipped with their reason."""
        rows, offset = self.read_rows(after, offset, limit)
        legs, skipped = [], {}
        for row in rows:
            parsed = cdr.parse_row(row, now, to_utc)
            if isinstance(parsed, cdr.Skip):
                skipped[parsed.reason] = skipped.get(parsed.reason, 0) + 1
            else:
                legs.append(parsed)
        next_key = None
        if len(rows) >= limit:
            last = rows[-1]
            next_key = (last.get("calldate"), last.get("uniqueid"), last.get("sequence"))
        return Batch(len(rows), legs, skipped, offset, next_key,
                     max((leg.calldate for leg in legs), default=None))


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
            cursor.execute(
                f"SELECT calldate FROM `{table}` WHERE calldate > %s ORDER BY calldate LIMIT 1 OFFSET %s",
                (after[0], limit - 1))
            bound = cursor.fetchone()
            window, params = _window(after[0], bound and next(iter(bound.values())))
            cursor.execute(
                f"SELECT {', '.join(CDR_COLUMNS)} FROM `{table}` "
                f"WHERE {window.format(c='calldate')} AND (calldate, uniqueid, sequence) > (%s, %s, %s) "
                "ORDER BY calldate, uniqueid, sequence LIMIT %s",
                (*params, *after, limit),
            )
            return [{k.decode() if isinstance(k, bytes) else k: v for k, v in row.items()}
                    for row in cursor.fetchall()], 0

    def count_rows(self):
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) AS n FROM `{self.settings['table']}`")
            return cursor.fetchone()["n"]


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
        for row in rows:
            row.setdefault("sequence", 0)
        return rows, 0

    def count_rows(self):
        from psycopg2 import sql

        with self._cursor() as cursor:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(self._table()[0]))
            return cursor.fetchone()[0]


class CsvReader(Reader):
    def read_rows(self, after, offset, limit):
        rows = []
        with open(self.settings["csv_path"], newline="", encoding="utf-8", errors="replace") as fh:
            fh.seek(offset)
            while len(rows) < limit:
                line = fh.readline()
                if not line.endswith("\n"):
                    break  # an unfinished line: read it whole next time
                offset = fh.tell()
                values = next(csv.reader([line]), [])
                rows.append(dict(zip(cdr.CSV_COLUMNS, values, strict=False)))
        return rows, offset

    def count_rows(self):
        with open(self.settings["csv_path"], encoding="utf-8", errors="replace"):
            return None


READERS = {"mysql": MysqlReader, "pgsql": PgsqlReader, "csv": CsvReader}
