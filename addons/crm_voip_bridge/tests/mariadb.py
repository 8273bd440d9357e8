"""A throwaway MariaDB server for the tests: the FreePBX ``asteriskcdrdb.cdr`` table on a
temporary data directory, on a free loopback port, stopped at the end."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

import pymysql

# The FreePBX 16 / Issabel CDR table.
CDR_TABLE = """
CREATE TABLE cdr (
  calldate datetime NOT NULL DEFAULT '1000-01-01 00:00:00',
  clid varchar(80) NOT NULL DEFAULT '',
  src varchar(80) NOT NULL DEFAULT '',
  dst varchar(80) NOT NULL DEFAULT '',
  dcontext varchar(80) NOT NULL DEFAULT '',
  channel varchar(80) NOT NULL DEFAULT '',
  dstchannel varchar(80) NOT NULL DEFAULT '',
  lastapp varchar(80) NOT NULL DEFAULT '',
  lastdata varchar(80) NOT NULL DEFAULT '',
  duration int(11) NOT NULL DEFAULT 0,
  billsec int(11) NOT NULL DEFAULT 0,
  disposition varchar(45) NOT NULL DEFAULT '',
  amaflags int(11) NOT NULL DEFAULT 0,
  accountcode varchar(20) NOT NULL DEFAULT '',
  uniqueid varchar(32) NOT NULL DEFAULT '',
  userfield varchar(255) NOT NULL DEFAULT '',
  did varchar(50) NOT NULL DEFAULT '',
  recordingfile varchar(255) NOT NULL DEFAULT '',
  cnum varchar(80) NOT NULL DEFAULT '',
  cnam varchar(80) NOT NULL DEFAULT '',
  outbound_cnum varchar(80) NOT NULL DEFAULT '',
  outbound_cnam varchar(80) NOT NULL DEFAULT '',
  dst_cnam varchar(80) NOT NULL DEFAULT '',
  linkedid varchar(32) NOT NULL DEFAULT '',
  peeraccount varchar(80) NOT NULL DEFAULT '',
  sequence int(11) NOT NULL DEFAULT 0,
  KEY calldate (calldate),
  KEY dst (dst),
  KEY accountcode (accountcode),
  KEY uniqueid (uniqueid)
) DEFAULT CHARSET=latin1
"""


# An older FreePBX / Issabel table: no linkedid, sequence, did, recordingfile (nor peeraccount).
OLD_CDR_TABLE = """
CREATE TABLE {name} (
  calldate datetime NOT NULL DEFAULT '1000-01-01 00:00:00',
  clid varchar(80) NOT NULL DEFAULT '',
  src varchar(80) NOT NULL DEFAULT '',
  dst varchar(80) NOT NULL DEFAULT '',
  dcontext varchar(80) NOT NULL DEFAULT '',
  channel varchar(80) NOT NULL DEFAULT '',
  dstchannel varchar(80) NOT NULL DEFAULT '',
  lastapp varchar(80) NOT NULL DEFAULT '',
  lastdata varchar(80) NOT NULL DEFAULT '',
  duration int(11) NOT NULL DEFAULT 0,
  billsec int(11) NOT NULL DEFAULT 0,
  disposition varchar(45) NOT NULL DEFAULT '',
  amaflags int(11) NOT NULL DEFAULT 0,
  accountcode varchar(20) NOT NULL DEFAULT '',
  uniqueid varchar(32) NOT NULL DEFAULT '',
  userfield varchar(255) NOT NULL DEFAULT '',
  KEY calldate (calldate)
) DEFAULT CHARSET=utf8
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MariaDB:
    """``directory``/``port`` given: a server kept between runs (the benchmarks' CDR store),
    whose data is reused when it exists."""

    def __init__(self, directory=None, port=None):
        self.dir = str(directory or tempfile.mkdtemp(prefix="sp-mariadb-"))
        self.port = port or _free_port()
        self.proc = None

    def start(self):
        if self._running():  # a kept server may still be running from an earlier run
            return self
        user = pwd.getpwuid(os.getuid()).pw_name
        if os.getuid() == 0:  # mariadbd refuses root unless told which user to run as
            user = "mysql" if _has_user("mysql") else "nobody"
            shutil.chown(self.dir, user)
        data = os.path.join(self.dir, "data")
        fresh = not os.path.isdir(os.path.join(data, "mysql"))
        if fresh:
            subprocess.run(["mariadb-install-db", f"--datadir={data}", f"--user={user}",
                            "--auth-root-authentication-method=normal", "--skip-test-db"],
                           check=True, capture_output=True)
        self.proc = subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={data}", f"--user={user}", f"--port={self.port}",
             "--bind-address=127.0.0.1", f"--socket={self.dir}/mysqld.sock",
             f"--pid-file={self.dir}/mysqld.pid", "--skip-log-bin", "--innodb-buffer-pool-size=64M"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # a kept server outlives the process that started it
        )
        deadline = time.time() + 60
        while True:
            try:
                self.connect(database=None).close()
                break
            except pymysql.err.OperationalError:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.2)
        if not fresh:
            return self
        with self.connect(database=None) as conn, conn.cursor() as cur:
            cur.execute("CREATE DATABASE asteriskcdrdb")
            cur.execute("CREATE USER 'freepbx'@'127.0.0.1' IDENTIFIED BY 'secret'")
            cur.execute("GRANT SELECT ON asteriskcdrdb.* TO 'freepbx'@'127.0.0.1'")
            cur.execute("USE asteriskcdrdb")
            cur.execute(CDR_TABLE)
        return self

    def _running(self):
        try:
            self.connect(database=None).close()
        except pymysql.err.OperationalError:
            return False
        return True

    def connect(self, database="asteriskcdrdb"):
        return pymysql.connect(host="127.0.0.1", port=self.port, user="root", password="",
                               database=database, autocommit=True, connect_timeout=5,
                               binary_prefix=True)

    def insert(self, rows, table="cdr"):
        columns = sorted({key for row in rows for key in row})
        with self.connect() as conn, conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                [[row.get(c, "" if c not in ("duration", "billsec", "sequence") else 0) for c in columns]
                 for row in rows],
            )

    def execute(self, statement):
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(statement)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)
        shutil.rmtree(self.dir, ignore_errors=True)


def _has_user(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
