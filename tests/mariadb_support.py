"""A real, throwaway MariaDB server for the live-source tests (no mocks).

Usage (how another test loads its own dump):

    with mariadb_server() as srv:
        srv.execute_sql("create database shop")                          # as root, via the socket
        srv.execute_sql(Path("dump.sql").read_text(), database="shop")   # DDL + INSERTs, as root
        srv.create_reader("auditor", "Reader-Pw-1", "shop")               # SELECT-only login
        os.environ["MY_DSN"] = srv.dsn("auditor", "Reader-Pw-1", "shop")  # for `mysql:MY_DSN`

An empty database `wgp` exists from the start (the demo is loaded there by load_duckdb_into).

The server refuses to run as root, so when the tests run as root it runs as the `mysql` system
user (else `nobody`); it listens on 127.0.0.1 only, on a free port, plus a Unix socket in its own
temporary folder; root has no password and connects through that socket only. Everything is
stopped and deleted afterwards.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wgp_audit.contract import Column, load_contract
from wgp_audit.sources.extensions import load_extension

DATABASE = "wgp"
LIST_SEPARATOR = ";"  # MySQL has no list type: contract VARCHAR[] columns are stored as ';' text
_SBIN = ("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or next(
            (f"{d}/{name}" for d in _SBIN if os.access(f"{d}/{name}", os.X_OK)), None
        )
        if found:
            return found
    return None


def mariadb_binaries() -> tuple[str, str, str] | None:
    """(server, install-db, client) binaries of this machine, or None when MariaDB is missing."""
    server, install, client = _binary("mariadbd"), _binary("mariadb-install-db"), _binary("mariadb", "mysql")
    return (server, install, client) if server and install and client else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> str | None:
    """The system user to run the server as when we are root (it refuses root), else None."""
    if os.geteuid() != 0:
        return None
    for name in ("mysql", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("neither a mysql nor a nobody user exists to run MariaDB as")


@dataclass(frozen=True)
class MariaDBServer:
    """A running server: where it listens, and how to reach it as root (socket) or as a user (TCP)."""

    port: int
    socket: Path
    client: str

    def dsn(self, user: str, password: str, database: str = DATABASE) -> str:
        """A DuckDB mysql attach string (key=value) for `user` over TCP on 127.0.0.1."""
        return f"host=127.0.0.1 port={self.port} user={user} password={password} database={database}"

    def execute_sql(self, sql_text: str, database: str | None = None) -> str:
        """Run SQL text (any number of `;`-ended statements, e.g. a dump) as root; return its output.

        Output is the client's batch format (tab-separated, one header line per result). Raises
        RuntimeError with the client's error message when a statement fails.
        """
        cmd = [
            self.client,
            "--no-defaults",
            f"--socket={self.socket}",
            "--user=root",
            "--default-character-set=utf8mb4",
            "--batch",
        ]
        if database:
            cmd.append(database)
        done = subprocess.run(cmd, input=sql_text, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"mariadb client failed: {done.stderr.strip()}")
        return done.stdout

    def create_reader(self, user: str, password: str, database: str = DATABASE) -> None:
        """Create a login that may only read `database` (what an operator gives an auditor)."""
        self.execute_sql(
            f"create user '{user}'@'127.0.0.1' identified by '{password}';"
            f" grant select, show view on `{database}`.* to '{user}'@'127.0.0.1';"
        )

    def load_duckdb_into(self, duckdb_file: Path, database: str = DATABASE) -> None:
        """Create the contract tables in `database` and copy every row of a DuckDB file into them.

        Timestamps are stored as DATETIME(6) holding UTC; list columns as ';'-separated text.
        """
        self.execute_sql(contract_ddl(database))
        con = duckdb.connect()
        try:
            load_extension(con, "mysql")
            con.execute(
                f"attach 'host=localhost socket={self.socket} user=root database={database}'"
                " as my (type mysql)"
            )
            con.execute(f"attach '{duckdb_file}' as demo (read_only)")
            for table in load_contract().tables:
                select = ", ".join(_select_for_mysql(c) for c in table.columns)
                con.execute(
                    f"insert into my.{database}.{table.name} select {select} from demo.main.{table.name}"
                )
        finally:
            con.close()


@contextmanager
def mariadb_server() -> Iterator[MariaDBServer]:
    """Start MariaDB on a free loopback port, with an empty `wgp` database; stop and delete it after."""
    binaries = mariadb_binaries()
    if binaries is None:
        raise RuntimeError("MariaDB server binaries not found: run scripts/setup-services.sh")
    server_bin, install_db, client = binaries
    user = _server_user()
    root = Path(tempfile.mkdtemp(prefix="wgp-mariadb-"))
    os.chmod(root, 0o755)
    if user:
        shutil.chown(root, user)
    datadir, sock, pidfile, log = root / "data", root / "mysqld.sock", root / "mysqld.pid", root / "err.log"
    as_user = ["runuser", "-u", user, "--"] if user else []
    process: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(
            [
                *as_user,
                install_db,
                "--no-defaults",
                f"--datadir={datadir}",
                *([f"--user={user}"] if user else []),
                "--skip-test-db",
                "--auth-root-authentication-method=normal",  # root: no password, socket only below
            ],
            check=True,
            capture_output=True,
        )
        port = _free_port()
        process = subprocess.Popen(
            [
                *as_user,
                server_bin,
                "--no-defaults",
                f"--datadir={datadir}",
                f"--socket={sock}",
                f"--port={port}",
                "--bind-address=127.0.0.1",
                f"--pid-file={pidfile}",
                f"--log-error={log}",
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-buffer-pool-size=64M",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = MariaDBServer(port, sock, client)
        _wait(server, process, log)
        # Root may log in through the socket only (no passwordless root over TCP).
        server.execute_sql(
            "delete from mysql.global_priv where user = 'root' and host <> 'localhost';"
            " delete from mysql.global_priv where user = '';"
            f" flush privileges; create database {DATABASE} character set utf8mb4;"
        )
        yield server
    finally:
        if process is not None:
            _stop(process, pidfile)
        shutil.rmtree(root, ignore_errors=True)


def _wait(server: MariaDBServer, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            server.execute_sql("select 1")
            return
        except RuntimeError:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"MariaDB did not start: {tail}") from None
            time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes], pidfile: Path) -> None:
    """Stop the server we started (by the pid it wrote, else through runuser), then reap it."""
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def mysql_type(column: Column, key: bool) -> str:
    """The MySQL column type a contract column is stored as (timestamps: DATETIME(6) in UTC)."""
    kind = column.type
    if kind == "VARCHAR":
        return "varchar(255)" if key else "text"
    if kind == "VARCHAR[]":
        return "text"
    if kind == "TIMESTAMP WITH TIME ZONE":
        return "datetime(6)"
    return kind.lower()  # date, boolean, integer, bigint, decimal(p,s)


def contract_ddl(database: str = DATABASE) -> str:
    """MySQL DDL creating every contract table in `database`."""
    statements = []
    for table in load_contract().tables:
        cols = [f"`{c.name}` {mysql_type(c, c.name == table.primary_key)}" for c in table.columns]
        if table.primary_key:
            cols.append(f"primary key (`{table.primary_key}`)")
        statements.append(f"create table `{database}`.`{table.name}` ({', '.join(cols)});")
    return "\n".join(statements)


def _select_for_mysql(column: Column) -> str:
    name = f'"{column.name}"'
    if column.type == "TIMESTAMP WITH TIME ZONE":
        return f"timezone('UTC', {name})"  # the UTC wall-clock time, as a naive TIMESTAMP
    if column.type == "VARCHAR[]":
        return f"array_to_string({name}, '{LIST_SEPARATOR}')"
    return name


def load_duckdb_into(server: MariaDBServer, duckdb_file: Path, database: str = DATABASE) -> None:
    """Module-level form of MariaDBServer.load_duckdb_into (as in pg_support)."""
    server.load_duckdb_into(duckdb_file, database)


def create_reader(server: MariaDBServer, user: str, password: str, database: str = DATABASE) -> None:
    """Module-level form of MariaDBServer.create_reader (as in pg_support)."""
    server.create_reader(user, password, database)
