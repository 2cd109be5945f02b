"""Argon2id password hashes, with costs from the app's settings."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app


class Passwords:
    """Hash and verify passwords; an unknown holder costs the same time as a known one."""

    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        # Verifying against this when the NIR is unknown keeps both refusals equally slow.
        self._dummy = self._hasher.hash("pas-de-compte-123")

    def hash(self, password: str) -> str:
        """Return an argon2id hash of the password."""
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Tell whether the password matches the hash; no hash always fails."""
        try:
            matched = self._hasher.verify(password_hash or self._dummy, password)
        except (VerificationError, InvalidHashError):
            return False
        return matched and password_hash is not None


def init_app(app: Flask) -> None:
    """Attach a hasher built from ARGON2_* settings."""
    app.extensions["cpf_passwords"] = Passwords(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_kib=app.config["ARGON2_MEMORY_KIB"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """Hash with the current app's hasher."""
    return current_app.extensions["cpf_passwords"].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Verify with the current app's hasher."""
    return current_app.extensions["cpf_passwords"].verify(password_hash, password)
