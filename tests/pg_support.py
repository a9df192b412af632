"""A real, throwaway PostgreSQL server for the live-source tests (no mocks).

The server refuses to run as root, so when the tests run as root it is started as the
`postgres` system user; it listens on 127.0.0.1 only, on a free port, and is stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wgp_audit.contract import load_contract
from wgp_audit.sources.postgres import load_postgres_extension

SUPERUSER = "wgp_owner"
SUPERUSER_PASSWORD = "owner-pw-9f3k"  # test-only server, loopback only


def pg_bin() -> Path | None:
    """The newest PostgreSQL server bin folder on this machine, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class PgServer:
    """A running server: where it listens and how to reach it as the owner."""

    port: int
    datadir: Path

    def dsn(self, user: str = SUPERUSER, password: str = SUPERUSER_PASSWORD, dbname: str = "wgp") -> str:
        """A libpq key=value DSN for this server."""
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user={user} password={password}"


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def pg_server() -> Iterator[PgServer]:
    """Start PostgreSQL on a free loopback port with password auth; stop and delete it after."""
    binary = pg_bin()
    if binary is None:
        raise RuntimeError("PostgreSQL server binaries not found: run scripts/setup-services.sh")
    root = Path(tempfile.mkdtemp(prefix="wgp-pg-"))
    datadir = root / "data"
    pwfile = root / "pw"
    pwfile.write_text(SUPERUSER_PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    port = _free_port()
    subprocess.run(
        _as_server_user(
            [
                str(binary / "initdb"),
                "-D",
                str(datadir),
                "-U",
                SUPERUSER,
                "--pwfile",
                str(pwfile),
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    log = root / "server.log"
    subprocess.run(
        _as_server_user(
            [
                str(binary / "pg_ctl"),
                "-D",
                str(datadir),
                "-l",
                str(log),
                "-w",
                "-t",
                "30",
                "-o",
                f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root}"
                " -c fsync=off",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    server = PgServer(port, datadir)
    try:
        _wait(server)
        yield server
    finally:
        subprocess.run(
            _as_server_user(
                [
                    str(binary / "pg_ctl"),
                    "-D",
                    str(datadir),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ]
            ),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def _wait(server: PgServer) -> None:
    import psycopg

    deadline = time.monotonic() + 20
    while True:
        try:
            with psycopg.connect(server.dsn(dbname="postgres"), autocommit=True) as con:
                con.execute("create database wgp")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def load_duckdb_into(server: PgServer, duckdb_file: Path, schema: str = "public") -> None:
    """Create the contract tables in PostgreSQL and copy every row of a DuckDB file into them."""
    import psycopg

    contract = load_contract()
    with psycopg.connect(server.dsn(), autocommit=True) as pg:
        pg.execute(f"create schema if not exists {schema}")
        pg.execute(f"set search_path = {schema}")
        pg.execute(contract.ddl)
    con = duckdb.connect()
    try:
        load_postgres_extension(con)
        con.execute(f"attach '{server.dsn()}' as pg (type postgres)")
        con.execute(f"attach '{duckdb_file}' as demo (read_only)")
        for name in contract.names:
            con.execute(f"insert into pg.{schema}.{name} select * from demo.main.{name}")
    finally:
        con.close()


def create_reader(server: PgServer, user: str, password: str, schema: str = "public") -> None:
    """Create a login role that may only read the schema (what an operator gives an auditor)."""
    import psycopg

    with psycopg.connect(server.dsn(), autocommit=True) as pg:
        pg.execute(f"create role {user} login password '{password}'")
        pg.execute(f"grant usage on schema {schema} to {user}")
        pg.execute(f"grant select on all tables in schema {schema} to {user}")
