"""The outbox worker: delivers queued emails by SMTP, marks them sent only once accepted."""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import sessionmaker

from mock_portal.db import OutboxMessage, utcnow
from mock_portal.mail import build_message

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)


class OutboxWorker:
    """A background thread that delivers pending outbox rows and retries on failure."""

    def __init__(
        self,
        *,
        sessions: sessionmaker,
        smtp_host: str,
        smtp_port: int,
        sender: str,
        retry_seconds: float,
    ) -> None:
        self._sessions = sessions
        self._smtp = (smtp_host, smtp_port)
        self._sender = sender
        self._retry = retry_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # Observers (tests, benchmarks) wait on this instead of sleeping.
        self.progress = threading.Condition()
        self.delivered_count = 0
        self.failed_count = 0
        self.rounds = 0

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cpf-outbox", daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        """Tell whether the delivery thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def wake(self) -> None:
        """Ask for a delivery round now, typically right after a registration."""
        self._wake.set()

    def stop(self, timeout: float = 15) -> None:
        """Finish the current round and stop the thread."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.deliver_pending()
            except Exception:  # the worker must survive a database hiccup and retry
                log.exception("outbox round failed")
            with self.progress:
                self.rounds += 1
                self.progress.notify_all()
            self._wake.wait(self._retry)
            self._wake.clear()

    def deliver_pending(self) -> int:
        """Send every pending row once; return how many the server accepted."""
        with self._sessions() as db:
            ids = db.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.sent_at.is_(None))
                .order_by(OutboxMessage.id)
                .limit(100)
            ).all()
        sent = 0
        for row_id in ids:
            if self._stopping.is_set():
                break
            if self._deliver_one(row_id):
                sent += 1
            else:
                break  # the server is down or refusing: wait for the next round
        return sent

    def _lease(self, row_id: int) -> OutboxMessage | None:
        now = utcnow()
        with self._sessions() as db:
            claimed = db.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row_id,
                    OutboxMessage.sent_at.is_(None),
                    or_(OutboxMessage.leased_until.is_(None), OutboxMessage.leased_until < now),
                )
                .values(leased_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
            ).rowcount
            db.commit()
            return db.get(OutboxMessage, row_id) if claimed == 1 else None

    def _deliver_one(self, row_id: int) -> bool:
        row = self._lease(row_id)
        if row is None:
            return True  # another worker holds it
        try:
            with smtplib.SMTP(*self._smtp, timeout=15) as smtp:
                smtp.send_message(build_message(row, sender=self._sender))
        except (OSError, smtplib.SMTPException) as exc:
            with self._sessions() as db:
                db.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id)
                    .values(leased_until=None, last_error=f"{type(exc).__name__}: {exc}"[:500])
                )
                db.commit()
            # Said once per email; the retries that follow stay quiet unless debugging.
            log.log(
                logging.WARNING if row.attempts <= 1 else logging.DEBUG,
                "outbox: email %s not delivered yet (%s); retrying every %s s",
                row_id,
                type(exc).__name__,
                self._retry,
            )
            with self.progress:
                self.failed_count += 1
                self.progress.notify_all()
            return False
        with self._sessions() as db:
            db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id)
                .values(sent_at=utcnow(), leased_until=None, last_error="")
            )
            db.commit()
        with self.progress:
            self.delivered_count += 1
            self.progress.notify_all()
        return True
