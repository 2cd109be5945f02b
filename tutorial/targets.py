"""Open the deployment to film: the bundled portal by default, or one described by a profile."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from walkthrough.mail import MailReader, SmtpSink, SmtpSinkReader
from walkthrough.profile import SmtpMail, check_reachable, load_profile
from walkthrough.targets import (
    PortalDidNotStart,
    Target,
    bundled_target,
    mail_reader_for,
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

        def listen(config: SmtpMail) -> MailReader:
            """Receive the deployment's mail here, on the address the profile gives."""
            return SmtpSinkReader(stack.enter_context(SmtpSink(host=config.host, port=config.port)))

        yield target_from_profile(profile, mail=mail_reader_for(profile, smtp=listen))
