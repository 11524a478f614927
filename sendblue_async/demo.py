"""The demo: preview → confirm → child account against an embedded sandbox over real HTTP."""

from __future__ import annotations

from collections.abc import Callable

from transports.testing.sandbox import serve

from .client import SendblueClient
from .errors import ProvisioningLimitError
from .fake import FakeSendblue

DEMO_KEY, DEMO_SECRET = "sb-demo-key", "sb-demo-secret"


async def run_demo(out: Callable[[str], object] = print) -> None:
    fake = FakeSendblue(api_key=DEMO_KEY, api_secret=DEMO_SECRET)
    async with serve(fake) as server, SendblueClient(
        DEMO_KEY, DEMO_SECRET, base_url=server.base_url
    ) as client:
        out(f"Embedded Sendblue sandbox at {server.base_url} (no credentials, nothing leaves "
            "this machine)\n")
        limits = await client.lines.get_limits()
        out(f"1. Limits: {limits.daily.remaining}/{limits.daily.limit} lines left today, "
            f"{limits.monthly.remaining}/{limits.monthly.limit} this month")
        token = await client.lines.preview()
        out(f"2. Preview: token issued, valid for {token.seconds_left(client.clock.now()):.0f} s"
            f" (value hidden: {token!r})")
        line = await client.lines.confirm(token)
        out(f"3. Confirm: bought {line.phone_number} (worker {line.worker_id}, "
            f"subscription {line.subscription_id})")
        out(f"   The token is now spent: used={token.used}")
        await _show_limit(client, out)
        codes = await client.accounts.available_area_codes()
        out(f"5. Area codes available for child accounts: {', '.join(codes)}")
        child = await client.accounts.create_child_account(
            "demo-client", "owner@example.com", provision_line=True, desired_area_code=codes[0]
        )
        out(f"6. Child account {child.company_name} created with line {child.assigned_number}")
        out(f"   Its one-time credentials are in the result (repr hides them): {child!r}")


async def _show_limit(client: SendblueClient, out: Callable[[str], object]) -> None:
    try:
        for _ in range(3):
            await client.lines.provision_line()
    except ProvisioningLimitError as exc:
        out(f"4. Two more purchases, then the daily limit answers: {exc.window} limit "
            f"({exc.status} {exc.code})")
