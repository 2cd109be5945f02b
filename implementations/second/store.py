"""Storage in plain SQL through the stdlib sqlite3: accounts, sessions and captchas."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS compte (
    nir TEXT PRIMARY KEY, prenom TEXT, nom TEXT NOT NULL, courriel TEXT NOT NULL,
    fixe TEXT, portable TEXT, sel BLOB NOT NULL, empreinte BLOB NOT NULL,
    dif INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS session (
    jeton TEXT PRIMARY KEY, csrf TEXT NOT NULL, etape INTEGER NOT NULL DEFAULT 1,
    identite TEXT, compte TEXT REFERENCES compte(nir), accueil INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS captcha (
    id TEXT PRIMARY KEY, jeton TEXT NOT NULL, reponse TEXT NOT NULL,
    actif INTEGER NOT NULL DEFAULT 1
);
"""


@dataclass(frozen=True, slots=True)
class Session:
    """One browser's session row: how far it went in the registration, who is signed in."""

    jeton: str
    csrf: str
    etape: int
    identite: dict[str, str] | None
    compte: str | None
    accueil: bool


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


class Store:
    """A thread-safe wrapper around one SQLite connection."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self._db.executescript(SCHEMA)

    def _run(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # Sessions
    def new_session(self) -> Session:
        """Open a session at step 1."""
        jeton, csrf = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self._run("INSERT INTO session (jeton, csrf) VALUES (?, ?)", jeton, csrf)
        return Session(jeton, csrf, 1, None, None, False)

    def session(self, jeton: str) -> Session | None:
        """Return the session behind a cookie value, if any."""
        rows = self._run("SELECT * FROM session WHERE jeton = ?", jeton)
        if not rows:
            return None
        row = rows[0]
        identite = json.loads(row["identite"]) if row["identite"] else None
        return Session(
            row["jeton"], row["csrf"], row["etape"], identite, row["compte"], bool(row["accueil"])
        )

    def update_session(self, jeton: str, **values: Any) -> None:
        """Change some columns of a session (etape, identite, compte, accueil)."""
        if "identite" in values and values["identite"] is not None:
            values["identite"] = json.dumps(values["identite"])
        columns = ", ".join(f"{name} = ?" for name in values)
        self._run(f"UPDATE session SET {columns} WHERE jeton = ?", *values.values(), jeton)

    # Accounts
    def has_account(self, nir: str) -> bool:
        """Tell whether a NIR (13 characters and key) already has an account."""
        return bool(self._run("SELECT 1 FROM compte WHERE nir = ?", nir))

    def create_account(
        self, identite: dict[str, str], password: str, *, replace: bool = False
    ) -> bool:
        """Create the account; False when the NIR already has one (`replace`: overwrite it)."""
        salt = secrets.token_bytes(16)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        try:
            self._run(
                f"{verb} INTO compte (nir, prenom, nom, courriel, fixe, portable, sel, empreinte)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                identite["nir"],
                identite["prenom"],
                identite["nom"],
                identite["courriel"],
                identite["fixe"],
                identite["portable"],
                salt,
                _hash(password, salt),
            )
        except sqlite3.IntegrityError:
            return False
        return True

    def check_password(self, nir: str, password: str) -> bool:
        """Tell whether the password is the account's (a dummy hash runs for unknown NIRs)."""
        rows = self._run("SELECT sel, empreinte FROM compte WHERE nir = ?", nir)
        salt, digest = (rows[0]["sel"], rows[0]["empreinte"]) if rows else (b"0" * 16, b"")
        return hmac.compare_digest(_hash(password, salt), digest) and bool(rows)

    def account(self, nir: str) -> dict[str, Any]:
        """Return the account's public columns."""
        row = self._run(
            "SELECT nir, prenom, nom, courriel, fixe, portable, dif FROM compte WHERE nir = ?", nir
        )
        return dict(row[0])

    def set_details(self, nir: str, *, prenom: str, fixe: str, portable: str) -> None:
        """Store the first name and phones the holder may complete later."""
        self._run(
            "UPDATE compte SET prenom = ?, fixe = ?, portable = ? WHERE nir = ?",
            prenom,
            fixe,
            portable,
            nir,
        )

    def set_dif(self, nir: str, hours: int) -> None:
        """Store the DIF balance."""
        self._run("UPDATE compte SET dif = ? WHERE nir = ?", hours, nir)

    # Captchas
    def new_captcha(self, jeton: str, reponse: str, *, keep_old: bool = False) -> str:
        """Make a new captcha the session's current one; return its id."""
        if not keep_old:
            self._run("UPDATE captcha SET actif = 0 WHERE jeton = ?", jeton)
        ident = secrets.token_urlsafe(12)
        self._run(
            "INSERT INTO captcha (id, jeton, reponse) VALUES (?, ?, ?)", ident, jeton, reponse
        )
        return ident

    def captcha_answer(self, ident: str) -> str | None:
        """Return the answer of a captcha by id (for its image and audio)."""
        rows = self._run("SELECT reponse FROM captcha WHERE id = ?", ident)
        return rows[0]["reponse"] if rows else None

    def first_captcha(self, ident: str) -> str | None:
        """Return the first answer given to the session that captcha `ident` belongs to."""
        rows = self._run(
            "SELECT reponse FROM captcha WHERE jeton = (SELECT jeton FROM captcha WHERE id = ?)"
            " ORDER BY rowid LIMIT 1",
            ident,
        )
        return rows[0]["reponse"] if rows else None

    def live_answers(self, jeton: str) -> list[str]:
        """Return the answers the session may still type."""
        rows = self._run("SELECT reponse FROM captcha WHERE jeton = ? AND actif = 1", jeton)
        return [row["reponse"] for row in rows]

    def current_captcha(self, jeton: str) -> str | None:
        """Return the id of the session's newest live captcha."""
        rows = self._run(
            "SELECT id FROM captcha WHERE jeton = ? AND actif = 1 ORDER BY rowid DESC LIMIT 1",
            jeton,
        )
        return rows[0]["id"] if rows else None

    def spend_captchas(self, jeton: str) -> None:
        """Make every answer of the session unusable (one attempt per answer)."""
        self._run("UPDATE captcha SET actif = 0 WHERE jeton = ?", jeton)
