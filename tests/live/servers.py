"""Throwaway PostgreSQL and MariaDB servers on loopback ports, each in a folder of its own, with
password authentication on: what the live tests and the discovery benchmark run against.

Started from Debian's binaries (installed by scripts/setup); as root, PostgreSQL runs as the
`postgres` user and MariaDB as `mysql`, since both refuse to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyodbc

PG_DRIVER = "PostgreSQL Unicode"
MARIADB_DRIVER = "MariaDB Unicode"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(user: str, argv: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        argv = ["runuser", "-u", user, "--", *argv]
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw)


def _own(path: Path, user: str) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, user, user)


@dataclass
class LiveServer:
    """A running server: an admin login, a plain login without rights, and how to reach it."""

    kind: str  # "postgresql" or "mariadb"
    driver: str
    port: int
    user: str
    password: str
    folder: Path
    norights_user: str = "kit_norights"
    norights_password: str = ""

    def odbc(self, user: str | None = None, password: str | None = None, port: int | None = None) -> str:
        user = user or self.user
        password = self.password if password is None else password
        return f"Driver={{{self.driver}}};Server=127.0.0.1;Port={port or self.port};Uid={user};Pwd={password}"

    def admin(self, database: str | None = None) -> contextlib.closing[pyodbc.Connection]:
        """An autocommit connection as the admin login, closed when the `with` block ends."""
        text = self.odbc()
        if database or self.kind == "postgresql":
            text += f";Database={database or 'postgres'}"
        if self.kind == "mariadb":
            text += ";CONN_TIMEOUT=5"
        return contextlib.closing(pyodbc.connect(text, autocommit=True, timeout=5 if self.kind == "postgresql" else 0))

    def quote(self, name: str) -> str:
        return f"`{name}`" if self.kind == "mariadb" else f'"{name}"'

    def databases(self) -> list[str]:
        with self.admin() as conn:
            if self.kind == "postgresql":
                sql = "SELECT datname FROM pg_database WHERE datistemplate = false AND datname <> 'postgres'"
            else:
                sql = (
                    "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
                    "('information_schema', 'mysql', 'performance_schema', 'sys')"
                )
            return [r[0] for r in conn.execute(sql).fetchall()]

    def create_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {self.quote(name)}")

    def drop_all(self) -> None:
        with self.admin() as conn:
            for name in self.databases():
                force = " WITH (FORCE)" if self.kind == "postgresql" else ""
                conn.execute(f"DROP DATABASE {self.quote(name)}{force}")

    def revoke(self, database: str) -> None:
        """Make `database` one the plain login may not open."""
        if self.kind == "postgresql":
            with self.admin() as conn:
                conn.execute(f"REVOKE CONNECT ON DATABASE {self.quote(database)} FROM PUBLIC")


def start_postgres() -> LiveServer:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        raise FileNotFoundError("PostgreSQL's initdb (Debian package postgresql)")
    bindir = Path(bins[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    _own(folder, "postgres")
    password = "pg-" + secrets.token_hex(8)
    pwfile = folder / "pw"
    pwfile.write_text(password)
    _own(pwfile, "postgres")
    port = free_port()
    _as_user(
        "postgres",
        [
            str(bindir / "initdb"),
            "-D",
            str(folder / "data"),
            "-U",
            "kit",
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
    )
    opts = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        f"-c full_page_writes=off -c max_connections=200"
    )
    _as_user(
        "postgres",
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-o",
            opts,
            "-l",
            str(folder / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
    )
    server = LiveServer(
        "postgresql", PG_DRIVER, port, "kit", password, folder, norights_password="nr-" + secrets.token_hex(6)
    )
    with server.admin() as conn:
        conn.execute(f"CREATE ROLE {server.norights_user} LOGIN PASSWORD '{server.norights_password}'")
    return server


def stop_postgres(server: LiveServer) -> None:
    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]).parent
    try:
        _as_user("postgres", [str(bindir / "pg_ctl"), "-D", str(server.folder / "data"), "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)


def start_mariadb() -> tuple[LiveServer, subprocess.Popen]:
    mariadbd = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
    if not Path(mariadbd).exists() or not shutil.which("mariadb-install-db"):
        raise FileNotFoundError("mariadbd and mariadb-install-db (Debian package mariadb-server)")
    folder = Path(tempfile.mkdtemp(prefix="kit-maria-"))
    data, tmp = folder / "data", folder / "tmp"
    for path in (data, tmp):
        path.mkdir()
    for path in (folder, data, tmp):
        _own(path, "mysql")
    user_args = ["--user=mysql"] if os.geteuid() == 0 else []
    subprocess.run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={data}",
            *user_args,
            "--auth-root-authentication-method=socket",
            "--skip-test-db",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    password = "maria-" + secrets.token_hex(8)
    norights = "nr-" + secrets.token_hex(6)
    init = folder / "init.sql"
    init.write_text(
        f"CREATE USER IF NOT EXISTS 'kit'@'%' IDENTIFIED BY '{password}';\n"
        "GRANT ALL PRIVILEGES ON *.* TO 'kit'@'%' WITH GRANT OPTION;\n"
        f"CREATE USER IF NOT EXISTS 'kit_norights'@'%' IDENTIFIED BY '{norights}';\n"
    )
    _own(init, "mysql")
    port = free_port()
    proc = subprocess.Popen(
        [
            mariadbd,
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={folder / 'sock'}",
            f"--tmpdir={tmp}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            f"--init-file={init}",
            "--skip-name-resolve",
            "--innodb-flush-log-at-trx-commit=0",
            "--innodb-buffer-pool-size=64M",
            "--max-connections=300",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            *user_args,
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "log", "w"),  # noqa: SIM115 - the server's own log, for its lifetime
    )
    server = LiveServer("mariadb", MARIADB_DRIVER, port, "kit", password, folder, norights_password=norights)
    deadline = time.monotonic() + 60
    while True:
        try:
            with server.admin():
                return server, proc
        except pyodbc.Error:
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (folder / "log").read_text(errors="replace")[-2000:]
                proc.kill()
                raise RuntimeError(f"mariadbd did not start:\n{log}") from None
            time.sleep(0.2)


def stop_mariadb(server: LiveServer, proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(server.folder, ignore_errors=True)


class SilentServer:
    """Accepts TCP connections and never answers; `close()` stops the thread and drops every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()
        for conn in self.held:
            conn.close()
