"""Accounts, sessions and captchas in one SQLite file, through the stdlib sqlite3."""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    nir TEXT PRIMARY KEY, first_name TEXT, birth_name TEXT NOT NULL, email TEXT NOT NULL,
    landline TEXT, mobile TEXT, password_hash TEXT NOT NULL, dif INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    sid TEXT PRIMARY KEY, csrf TEXT NOT NULL, step INTEGER NOT NULL DEFAULT 1,
    identity TEXT, holder TEXT, welcome INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS captchas (
    id TEXT PRIMARY KEY, sid TEXT NOT NULL, answer TEXT NOT NULL, live INTEGER NOT NULL DEFAULT 1
);
"""
# Cheap enough for a test fixture on a shared machine, still a real argon2id hash.
_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
_DUMMY = _HASHER.hash("pas-de-compte-0000")


class Store:
    """One SQLite connection shared by the server's threads, behind a lock."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.executescript(SCHEMA)
        self.lock = threading.RLock()

    def rows(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        """Run one statement; return its rows."""
        with self.lock:
            return self._db.execute(sql, params).fetchall()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Hold the lock across several statements (one request's read-then-write)."""
        with self.lock:
            yield

    # Sessions
    def open_session(self) -> dict[str, Any]:
        """Start a session at step 1."""
        sid, csrf = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.rows("INSERT INTO sessions (sid, csrf) VALUES (?, ?)", sid, csrf)
        return self.session(sid) or {}

    def session(self, sid: str) -> dict[str, Any] | None:
        """Return a session by its cookie value."""
        found = self.rows("SELECT * FROM sessions WHERE sid = ?", sid)
        if not found:
            return None
        row = dict(found[0])
        row["identity"] = json.loads(row["identity"]) if row["identity"] else None
        return row

    def update(self, sid: str, **values: Any) -> None:
        """Change columns of a session."""
        if values.get("identity") is not None:
            values["identity"] = json.dumps(values["identity"])
        sets = ", ".join(f"{name} = ?" for name in values)
        self.rows(f"UPDATE sessions SET {sets} WHERE sid = ?", *values.values(), sid)

    # Accounts
    def has_account(self, nir: str) -> bool:
        """Tell whether the 15-character NIR has an account."""
        return bool(self.rows("SELECT 1 FROM accounts WHERE nir = ?", nir))

    def create_account(self, identity: dict[str, str], password: str, *, replace: bool) -> bool:
        """Create the account; False when the NIR has one (`replace` overwrites it instead)."""
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        try:
            self.rows(
                f"{verb} INTO accounts (nir, first_name, birth_name, email, landline, mobile, "
                "password_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                identity["nir"], identity["prenom"], identity["nom"], identity["courriel"],
                identity["fixe"], identity["portable"], _HASHER.hash(password),
            )  # fmt: skip
        except sqlite3.IntegrityError:
            return False
        return True

    def account(self, nir: str) -> dict[str, Any]:
        """Return an account's columns but its hash."""
        row = dict(self.rows("SELECT * FROM accounts WHERE nir = ?", nir)[0])
        row.pop("password_hash")
        return row

    def count_accounts(self, nir: str) -> int:
        """Return how many accounts the NIR has (one at most, unless a defect)."""
        return int(self.rows("SELECT COUNT(*) FROM accounts WHERE nir = ?", nir)[0][0])

    def password_matches(self, nir: str, password: str) -> bool:
        """Tell whether `password` is the account's (an unknown NIR costs the same time)."""
        found = self.rows("SELECT password_hash FROM accounts WHERE nir = ?", nir)
        try:
            return _HASHER.verify(found[0][0] if found else _DUMMY, password) and bool(found)
        except VerificationError:
            return False

    def set_dif(self, nir: str, hours: int) -> None:
        """Store the DIF balance."""
        self.rows("UPDATE accounts SET dif = ? WHERE nir = ?", hours, nir)

    # Captchas
    def new_captcha(self, sid: str, answer: str, *, keep_old: bool = False) -> str:
        """Give the session new characters (the old ones die unless `keep_old`); return the id."""
        if not keep_old:
            self.rows("UPDATE captchas SET live = 0 WHERE sid = ?", sid)
        ident = secrets.token_urlsafe(12)
        self.rows("INSERT INTO captchas (id, sid, answer) VALUES (?, ?, ?)", ident, sid, answer)
        return ident

    def live_captcha(self, sid: str) -> str | None:
        """Return the id of the session's newest live captcha."""
        found = self.rows(
            "SELECT id FROM captchas WHERE sid = ? AND live = 1 ORDER BY rowid DESC LIMIT 1", sid
        )
        return found[0][0] if found else None

    def live_answers(self, sid: str) -> list[str]:
        """Return the answers the session may still type."""
        return [
            r[0] for r in self.rows("SELECT answer FROM captchas WHERE sid = ? AND live = 1", sid)
        ]

    def spend_captchas(self, sid: str) -> None:
        """Make every answer of the session unusable."""
        self.rows("UPDATE captchas SET live = 0 WHERE sid = ?", sid)

    def captcha_answer(self, ident: str, *, first: bool = False) -> str | None:
        """Return a captcha's answer by id (or the first its session was given)."""
        sql = "SELECT answer FROM captchas WHERE id = ?"
        if first:
            sql = (
                "SELECT answer FROM captchas WHERE sid = (SELECT sid FROM captchas WHERE id = ?) "
                "ORDER BY rowid LIMIT 1"
            )
        found = self.rows(sql, ident)
        return found[0][0] if found else None
