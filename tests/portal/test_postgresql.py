"""PostgreSQL: the portal works on a throwaway server on loopback, one account per NIR."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from catalogue import messages, texts
from mock_portal import create_app
from mock_portal.db import Account, OutboxMessage
from tests.helpers import free_port
from tests.portal.conftest import Walk, csrf, finish_together, shown


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """Start a PostgreSQL server in a temporary folder; stop and remove it afterwards."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        as_postgres = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="cpf-pg-"))
    data = base / "data"
    if as_postgres:
        shutil.chown(base, "postgres")
    port = free_port()

    def run(*cmd: str) -> None:
        subprocess.run([*as_postgres, *cmd], check=True, capture_output=True, timeout=120)

    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "-N",
        )
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"),
            "-w", "start")  # fmt: skip
        try:
            yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_app(pg_url: str, config: dict[str, Any], tmp_path: Path) -> Iterator[Any]:
    """Build a portal on the PostgreSQL server, with empty tables."""
    app = create_app({**config, "DATABASE_URL": pg_url}, instance_path=str(tmp_path / "i"))
    with app.extensions["cpf_engine"].begin() as conn:
        for table in ("account", "outbox", "web_session", "login_failure"):
            conn.exec_driver_sql(f"TRUNCATE {table}")
    yield app
    app.extensions["cpf_engine"].dispose()


def test_the_walkthrough_on_postgresql(pg_app: Any) -> None:
    walk = Walk(pg_app.test_client())
    assert walk.register().status_code == 302
    page = walk.client.get("/espace/").text
    assert "MARION ROUSSARIE" in page
    walk.client.post("/deconnexion", data={"csrf_token": csrf(page)})
    assert walk.login("2 95 10 99 126 111 93", texts.EXAMPLE_PASSWORD).status_code == 302


def test_one_account_per_nir_on_postgresql(pg_app: Any) -> None:
    people = 3
    walks = [Walk(pg_app.test_client()) for _ in range(people)]
    for walk in walks:
        walk.accept_cgu()
        assert walk.identity().status_code == 302
    responses = finish_together(walks)
    assert sorted(r.status_code for r in responses) == [200] * (people - 1) + [302]
    for response in responses:
        if response.status_code == 200:
            assert messages.NIR_ALREADY_REGISTERED in shown(response.text)
    with pg_app.extensions["cpf_sessionmaker"]() as db:
        assert db.scalar(select(func.count()).select_from(Account)) == 1
        assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1
