"""Open the deployment to film: the bundled portal by default, or one described by a profile."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from walkthrough.mail import MailReader, SmtpSink, SmtpSinkReader
from walkthrough.profile import ImapMail, SmtpMail, check_reachable, load_profile
from walkthrough.targets import (
    PortalDidNotStart,
    Target,
    bundled_target,
    imap_reader,
    target_from_profile,
)


class TargetError(RuntimeError):
    """The target cannot be reached or started; the message is one line."""


@contextlib.contextmanager
def open_target(profile_path: Path | None) -> Iterator[Target]:
    """Yield a ready target, started (bundled) or checked (profile); always stop what started."""
    if profile_path is None:
        try:
            cm = bundled_target(screenshots=False, accessibility=False)
            target = cm.__enter__()
        except PortalDidNotStart as exc:
            raise TargetError(
                f"the bundled portal did not start: {str(exc).splitlines()[0]}"
            ) from exc
        try:
            yield target
        finally:
            cm.__exit__(None, None, None)
        return
    profile = load_profile(profile_path)  # ProfileError: one line naming the key
    check_reachable(profile)
    with contextlib.ExitStack() as stack:
        mail: MailReader | None = None
        if isinstance(profile.mail, SmtpMail):
            sink = stack.enter_context(SmtpSink(host=profile.mail.host, port=profile.mail.port))
            mail = SmtpSinkReader(sink)
        elif isinstance(profile.mail, ImapMail):
            mail = imap_reader(profile.mail)
        yield target_from_profile(profile, mail=mail)
