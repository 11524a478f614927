"""What the secret-leak tests share: a client on the in-process fake that keeps every
outcome, the texts a secret could leak into, and the check."""

import logging
import secrets
from collections.abc import Awaitable, Iterator
from typing import Any

from sendblue_async import SendblueClient, SendblueError
from sendblue_async.fake import FakeSendblue
from transports import FakeClock, FakeTransport

# Made at run time, so no source line (in a traceback, say) can hold one by accident.
KEY, SECRET, WRONG_SECRET = (f"sbx_{secrets.token_hex(12)}" for _ in range(3))
BASE_URL = "https://sendblue.test"


class Outcomes:
    """What a flow's calls returned or raised (``errors``: the package's base error)."""

    errors: type[Exception]
    transport: FakeTransport
    client: object

    def __init__(self) -> None:
        self.outcomes: list[object] = []

    async def attempt(self, call: Awaitable[Any]) -> Any:
        try:
            result = await call
        except self.errors as exc:
            result = exc
        self.outcomes.append(result)
        return result

    def all_secrets(self) -> set[str]:
        raise NotImplementedError


class Env(Outcomes):
    """A client on the in-process fake, and everything the flows produced."""

    errors = SendblueError

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.fake = FakeSendblue(clock=self.clock, api_key=KEY, api_secret=SECRET)
        self.transport = FakeTransport(self.fake)
        self.client = self.client_with(SECRET)
        self.secrets: set[str] = {KEY, SECRET, WRONG_SECRET}

    def client_with(self, secret: str) -> SendblueClient:
        return SendblueClient(KEY, secret, base_url=BASE_URL, transport=self.transport,
                              clock=self.clock)

    def all_secrets(self) -> set[str]:
        children = self.fake.child_accounts.values()
        hooks = self.fake.webhook_settings.values()
        return (self.secrets | set(self.fake.preview_tokens)
                | {a.api_key for a in children} | {a.api_secret for a in children}
                | {t.secret for t in self.fake.totp_secrets.values()}
                | {h.global_secret for h in hooks if h.global_secret}
                | {e["secret"] for h in hooks for entries in h.hooks.values()
                   for e in entries if isinstance(e, dict) and e.get("secret")})


def causes(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def exposed(outcomes: list[object], records: list[logging.LogRecord]) -> list[str]:
    """Every text a secret could leak into: log records, reprs, exception messages."""
    texts = [repr(outcome) for outcome in outcomes]
    for error in (o for o in outcomes if isinstance(o, BaseException)):
        texts += [f"{e}|{e!r}|{e.args!r}" for e in causes(error)]
    for record in records:
        texts += [record.getMessage(), repr(record.args)]
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
    return texts


def assert_no_secret_in(texts: list[str], secret_values: set[str]) -> None:
    leaks = {s for s in secret_values for text in texts if s in text}
    assert not leaks, f"{len(leaks)} secret(s) leaked"  # never print the secrets themselves


def assert_nothing_leaked(env: Outcomes, records: list[logging.LogRecord]) -> None:
    """No secret in the log records, the outcomes, the client and what the server saw."""
    texts = [*exposed(env.outcomes, records), repr(env.client), repr(env.transport)]
    texts += [repr(request) for request in env.transport.requests]
    assert any(isinstance(o, env.errors) for o in env.outcomes)
    assert_no_secret_in(texts, env.all_secrets())
