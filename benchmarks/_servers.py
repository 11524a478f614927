"""Sandbox factories for the benchmarks
(``python -m transports.testing.sandbox benchmarks._servers:X``).

The fakes are written for tests, not speed. Where a fake would be the bottleneck (and so
hide the difference between the two clients) these subclasses make the *server* cheaper
without changing a byte of what goes over the wire:

- ``sinch_20k``: 20,000 active numbers; the unfiltered, phone-ordered selection and each
  record's JSON are memoised (the stock fake re-filters and re-sorts all 20,000 numbers and
  re-renders timestamps for every page).
- ``sendblue_bulk``: the bulk endpoint validates every item as the stock fake does, but
  does not keep the contacts (a 1,000,000-row import would otherwise grow the *server* by
  gigabytes), and renders a contact with a plain dict instead of ``attrs.asdict``.
"""

from __future__ import annotations

from typing import Any

from sendblue_async.fake import FakeSendblue, iso_timestamp
from sendblue_async.fake._contacts import FakeContact
from sendblue_async.fake._records import FakeAccount
from sinch_numbers.fake import ActiveRecord, FakeNumber, FakeSinchNumbers
from sinch_numbers.fake._wire import Ctx

ACTIVE_NUMBERS = 20_000
SINCH_PROJECT, SINCH_KEY, SINCH_SECRET = "test-project", "test-key-id", "test-key-secret"


class _CachedRecord(ActiveRecord):
    """An active number whose wire JSON is rendered once (nothing changes it here)."""

    def json(self) -> dict[str, Any]:
        rendered = _RENDERED.get(self.number.phone_number)
        if rendered is None:
            rendered = _RENDERED[self.number.phone_number] = super().json()
        return rendered


_RENDERED: dict[str, dict[str, Any]] = {}


class _FastSinch(FakeSinchNumbers):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sorted: list[ActiveRecord] = []

    def _select_active(self, ctx: Ctx, order_by: str) -> list[ActiveRecord]:
        args = ctx.request
        filtered = order_by != "phoneNumber" or any(
            args.arg(name) for name in ("regionCode", "type", "numberPattern.pattern",
                                        "numberPattern.searchPattern", "capability"))
        if filtered:
            return super()._select_active(ctx, order_by)
        if len(self._sorted) != len(self.active):
            self._sorted = [self.active[k] for k in sorted(self.active)]
        return self._sorted


def sinch_20k() -> FakeSinchNumbers:
    """``FakeSinchNumbers`` (default project and key; Basic auth allowed) owning 20,000
    numbers: US LOCAL ``+1202600xxxx`` / ``+1202601xxxx``."""
    fake = _FastSinch(project_id=SINCH_PROJECT, key_id=SINCH_KEY, key_secret=SINCH_SECRET)
    now = fake.now()
    for n in range(ACTIVE_NUMBERS):
        number = FakeNumber(f"+1202{6_000_000 + n:07d}", "US", "LOCAL")
        fake.active[number.phone_number] = _CachedRecord(number, SINCH_PROJECT, now)
    return fake


class _BulkSendblue(FakeSendblue):
    def contact_book(self, account: FakeAccount) -> dict[str, FakeContact]:
        return {}  # forgetful: every bulk item is created, then dropped

    def _contact_wire(self, contact: FakeContact) -> dict[str, Any]:
        if self.contact_spelling != "snake":
            return super()._contact_wire(contact)
        return {
            "phone": contact.phone, "contact_id": contact.contact_id,
            "created_at": iso_timestamp(contact.created_at),
            "first_name": contact.first_name, "last_name": contact.last_name,
            "company_name": contact.company_name,
            "assigned_to_email": contact.assigned_to_email,
            "sendblue_number": contact.sendblue_number, "tags": list(contact.tags),
            "custom_variables": dict(contact.custom_variables), "opt_out": contact.opt_out,
            "verified": contact.verified,
        }


def sendblue_bulk() -> FakeSendblue:
    """``FakeSendblue`` (sb-test-key / sb-test-secret) for bulk imports: see module doc."""
    return _BulkSendblue()
