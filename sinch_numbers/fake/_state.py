"""The fake's mutable state. Handlers never await while they change it, so one request's
changes are atomic under asyncio (concurrent rents of one number see one winner)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from typing import Any

from transports import Clock

from ._records import ActiveRecord, FakeNumber, default_addresses


class State:
    def __init__(
        self,
        clock: Clock,
        project_id: str,
        stock: Iterable[FakeNumber],
        token_lifetime: float,
    ) -> None:
        self.clock = clock
        self.project_id = project_id
        self.token_lifetime = token_lifetime
        self.available: dict[str, FakeNumber] = {n.phone_number: n for n in stock}
        self.active: dict[str, ActiveRecord] = {}
        self.emergency_addresses: dict[str, dict[str, Any]] = {}
        self.address_book: list[dict[str, str]] = default_addresses()
        self.hmac_secret: str | None = None
        self.tokens: dict[str, float] = {}
        self.page_tokens: dict[str, int] = {}
        self.calls: Counter[str] = Counter()
        self._token_ids = itertools.count(1)
        self._page_ids = itertools.count(1)

    def now(self) -> float:
        return self.clock.now()

    def issue_token(self) -> str:
        token = f"fake-token-{next(self._token_ids)}"
        self.tokens[token] = self.now() + self.token_lifetime
        return token

    def issue_page_token(self, offset: int) -> str:
        token = f"page-{next(self._page_ids)}"
        self.page_tokens[token] = offset
        return token

    def rent(self, number: FakeNumber) -> ActiveRecord:
        del self.available[number.phone_number]
        record = ActiveRecord(number, self.project_id, self.now())
        self.active[number.phone_number] = record
        return record

    def release(self, phone_number: str) -> ActiveRecord:
        record = self.active.pop(phone_number)
        self.emergency_addresses.pop(phone_number, None)
        self.available[phone_number] = record.number
        return record
