"""The fake's mutable state and the operations the route handlers share."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable

from transports import Clock

from ._records import (
    FakeAccount,
    LineRecord,
    LineSource,
    LineTicket,
    PreviewGrant,
    area_code_of,
)

FIRST_TICKET_ID = 12345


class State:
    """Everything the fake remembers. Handlers never await while they change it, so one
    request's changes are atomic under asyncio (50 concurrent confirms see one winner)."""

    def __init__(
        self, clock: Clock, available_numbers: Iterable[str], ticket_fulfil_after: float | None
    ) -> None:
        self.clock = clock
        self.available_numbers: list[str] = list(available_numbers)
        self.ticket_fulfil_after = ticket_fulfil_after
        self.accounts: dict[str, FakeAccount] = {}
        self.child_accounts: dict[str, FakeAccount] = {}
        self.tickets: dict[int, LineTicket] = {}
        self.provisioned: list[LineRecord] = []
        self.preview_tokens: dict[str, PreviewGrant] = {}
        self.calls: Counter[str] = Counter()
        self._ticket_ids = itertools.count(FIRST_TICKET_ID)
        self._fail_provisioning = False
        self._fail_line_assignment = False

    def add_account(
        self,
        api_key: str,
        api_secret: str,
        *,
        email: str,
        plan: str = "inbound_only",
        card_on_file: bool = True,
        agency: bool = False,
    ) -> FakeAccount:
        """Register another set of credentials; the returned account is live (mutate it)."""
        if api_key in self.accounts:
            raise ValueError("an account with this API key already exists")
        account = FakeAccount(api_key, api_secret, email, plan, card_on_file, agency)
        self.accounts[api_key] = account
        return account

    def now(self) -> float:
        return self.clock.now()

    def area_codes(self) -> list[str]:
        """The distinct area codes of the pool, sorted."""
        return sorted({area_code_of(n) for n in self.available_numbers})

    def _take_number(self, area_code: str | None = None) -> str | None:
        """Pop a number, one with ``area_code`` when there is one; ``None`` if the pool is empty."""
        pool = self.available_numbers
        wanted = [i for i, n in enumerate(pool) if area_code_of(n) == area_code]
        if wanted:
            return pool.pop(wanted[0])
        return pool.pop(0) if pool else None

    def _give_line(
        self, number: str, account: FakeAccount, source: LineSource, **ids: str
    ) -> LineRecord:
        record = LineRecord(number, account.api_key, self.now(), source, **ids)
        account.lines.append(record)
        return record

    def _open_ticket(
        self, owner: FakeAccount, recipient: FakeAccount, desired_area_code: str | None
    ) -> LineTicket:
        ticket = LineTicket(
            next(self._ticket_ids), owner.api_key, recipient.api_key, desired_area_code,
            self.now(),
        )
        self.tickets[ticket.id] = ticket
        return ticket

    def _fulfil(self, ticket: LineTicket, number: str) -> None:
        ticket.status = "FULFILLED"
        ticket.fulfilled_number = number
        ticket.fulfilled_at = self.now()
        self._give_line(number, self.accounts[ticket.recipient], "ticket")

    def _refresh_ticket(self, ticket: LineTicket) -> None:
        """Fulfil an OPEN ticket that is due (``ticket_fulfil_after``) if the pool allows."""
        after = self.ticket_fulfil_after
        if ticket.status != "OPEN" or after is None or self.now() < ticket.created_at + after:
            return
        number = self._take_number(ticket.desired_area_code)
        if number is not None:
            self._fulfil(ticket, number)
