"""Webhook configuration routes: one configuration per account.

GET lists every documented type (empty lists included) plus any other type seeded into
``webhooks_of(account).hooks``, and ``globalSecret`` when one is set.
"""

from __future__ import annotations

from collections.abc import Callable

from transports import Response

from ._dispatch import WEBHOOK_TYPES, DispatchState, url_of
from ._wire import Ctx, bad_request, object_body, ok


def _entry_problem(entry: object, kind: str) -> str | None:
    if isinstance(entry, str):
        return None if entry.startswith(("http://", "https://")) else "webhook URLs must be http(s)"
    if kind == "contact_created":
        return "contact_created webhooks accept URL strings only"
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        return "a webhook must be a URL string or an object with a url"
    numbers = entry.get("sendblue_numbers")
    if entry.get("secret") is not None and not isinstance(entry["secret"], str):
        return "secret must be a string"
    if numbers is not None and not (
        isinstance(numbers, list) and all(isinstance(n, str) for n in numbers)
    ):
        return "sendblue_numbers must be an array of phone numbers"
    return None


def _entries_problem(entries: object, kind: str, *, allow_empty: bool) -> str | None:
    if kind not in WEBHOOK_TYPES:
        return f"Unknown webhook type: {kind}"
    if not isinstance(entries, list) or not (entries or allow_empty):
        return "webhooks must be a non-empty array"
    return next((p for e in entries if (p := _entry_problem(e, kind)) is not None), None)


def _secret_problem(secret: object) -> str | None:
    return None if secret is None or isinstance(secret, str) else "globalSecret must be a string"


class WebhookRoutes(DispatchState):
    def _on_list_webhooks(self, ctx: Ctx) -> Response:
        return ok({"webhooks": self.webhooks_of(ctx.account).wire()})

    def _on_add_webhooks(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        kind, secret = body.get("type", "receive"), body.get("globalSecret")
        problem = _entries_problem(body.get("webhooks"), kind, allow_empty=False)
        problem = problem or _secret_problem(secret)
        if problem is not None:
            return bad_request(problem)
        settings = self.webhooks_of(ctx.account)
        current = settings.hooks.setdefault(kind, [])
        for entry in body["webhooks"]:
            current[:] = [e for e in current if url_of(e) != url_of(entry)] + [entry]
        settings.global_secret = secret or settings.global_secret
        return ok({"message": "Webhooks added", "webhooks": settings.wire()})

    def _on_replace_webhooks(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        config = body.get("webhooks")
        if not isinstance(config, dict):
            return bad_request("webhooks must be an object of webhook types")
        hooks = {k: v for k, v in config.items() if k != "globalSecret"}
        secret = config.get("globalSecret")
        problems = [_entries_problem(v, kind, allow_empty=True) for kind, v in hooks.items()]
        problem = next((p for p in problems if p is not None), None) or _secret_problem(secret)
        if problem is not None:
            return bad_request(problem)
        settings = self.webhooks_of(ctx.account)
        # The secret is not a webhook type: a PUT without it keeps the current one.
        settings.hooks = hooks
        settings.global_secret = secret or settings.global_secret
        return ok({"message": "Webhooks replaced", "webhooks": settings.wire()})

    def _on_delete_webhooks(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        urls, kind = body.get("webhooks"), body.get("type")
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            return bad_request("webhooks must be an array of URLs")
        if kind is not None and kind not in WEBHOOK_TYPES:
            return bad_request(f"Unknown webhook type: {kind}")
        hooks = self.webhooks_of(ctx.account).hooks
        for name in [kind] if kind is not None else list(hooks):
            hooks[name] = [e for e in hooks.get(name, []) if url_of(e) not in urls]
        return ok({"message": "Webhooks deleted"})

    def _webhook_routes(self) -> list[tuple[str, str, Callable[[Ctx], Response]]]:
        webhooks = "/api/account/webhooks"
        return [
            ("GET", webhooks, self._on_list_webhooks),
            ("POST", webhooks, self._on_add_webhooks),
            ("PUT", webhooks, self._on_replace_webhooks),
            ("DELETE", webhooks, self._on_delete_webhooks),
        ]
