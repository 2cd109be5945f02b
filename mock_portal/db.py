"""Storage: the SQLAlchemy models and the engine attached to the app."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import (
    Boolean,
    DateTime,
    Integer,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo (portable across SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Base class of every table."""


class Account(Base):
    """A registered holder of a personal training account."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The 13-character NIR is the holder's identity: one account per NIR, enforced here.
    nir: Mapped[str] = mapped_column(String(13), unique=True, nullable=False)
    cle: Mapped[str] = mapped_column(String(2), nullable=False)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    birth_name: Mapped[str] = mapped_column(String(100), nullable=False)
    landline: Mapped[str] = mapped_column(String(20), default="")
    mobile: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    apprenticeship: Mapped[bool] = mapped_column(Boolean, default=False)
    dif_hours: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OutboxMessage(Base):
    """An email waiting for (or done with) delivery by the outbox worker."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    text_body: Mapped[str] = mapped_column(Text, nullable=False)
    html_body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A worker leases a row before sending so two workers never send the same email.
    leased_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class WebSession(Base):
    """Server-side session data; the cookie holds only the random id."""

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)


class LoginFailure(Base):
    """One refused sign-in, counted by a hashed key for throttling."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


def make_engine(url: str) -> Engine:
    """Create an engine for any SQLAlchemy URL, with SQLite tuned for threads."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: object) -> None:
            cursor = dbapi_conn.cursor()
            # WAL lets the outbox worker read while a request writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL stays consistent after a crash and saves an fsync per commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    connect_args = {"connect_timeout": 10} if url.startswith("postgresql") else {}
    # An unreachable server must fail in seconds at start-up, not hang the command line.
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def init_app(app: Flask) -> None:
    """Attach an engine and a session factory to the app and create the tables."""
    engine = make_engine(app.config["DATABASE_URL"])
    Base.metadata.create_all(engine)
    app.extensions["cpf_engine"] = engine
    app.extensions["cpf_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)


def db_session() -> Session:
    """Open a new ORM session on the current app's database."""
    return current_app.extensions["cpf_sessionmaker"]()
