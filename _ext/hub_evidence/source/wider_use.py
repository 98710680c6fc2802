"""Permission for wider use: its words, and how a reader asks the hub for it.

The findings are the hub's. ``wider_use: true`` says the hub lets them be used
beyond the site and strategic-goal evaluation; without it (the default) they
may not be, and the summary's page says whom to ask and what to write. The
words are here once: the page's header, the search's facet and the guide say
the permission the same way.

The contact is an author's text. It becomes a link only when it is an e-mail
address (:func:`mail_address`), and then only a ``mailto:`` link built here,
so no text an author writes can become a ``javascript:`` or other link
(promise 3).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from .model import HubSummary

LABEL = "Wider use permitted"
"""The permission's name: the search's facet and the header's badge."""
PERMITTED, NOT_PERMITTED = "Yes", "No"
"""Its two values in the facet (not given counts as not permitted)."""

_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
"""A valid e-mail address as HTML's ``<input type=email>`` defines it (WHATWG),
with at least one dot in the domain: no spaces, quotes or angle brackets."""


def permitted(summary: HubSummary) -> bool:
    """Whether the hub has given permission (not given means not)."""
    return summary.wider_use is True


def facet_value(summary: HubSummary) -> str:
    """The summary's value in the "Wider use permitted" facet."""
    return PERMITTED if permitted(summary) else NOT_PERMITTED


_CONTACT = re.compile(r"[^<>\"]*<(?P<named>[^<>]*)>|(?P<bare>[^<>]*)")
"""An address alone, or a name then an address in angle brackets."""


def mail_address(contact: str) -> str | None:
    """The e-mail address ``contact`` is (``a@b.org`` or ``Name <a@b.org>``),
    or None when it is anything else: then it is shown as text, never linked."""
    found = _CONTACT.fullmatch(contact.strip())
    address = (found["named"] or found["bare"]) if found else ""
    return address if _EMAIL.fullmatch(address) else None


def request_subject(summary: HubSummary) -> str:
    """The prepared subject line of a request for wider use."""
    hub = f"{summary.hub}'s" if summary.hub else "the hub's"
    year = f" {summary.year}" if summary.year else ""
    return f"Wider use of the findings of {hub}{year} evaluation summary"


def mailto(address: str, subject: str) -> str:
    """A ``mailto:`` address with its subject, both percent-encoded (RFC 6068)."""
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}"
