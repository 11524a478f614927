"""``lines preview|confirm|provision|limits|list|request|status|wait``."""

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import UTC, datetime

from transports.cli import Commands, Console, UsageError, add_command, fields_text, table

from ..client import SendblueClient
from ..models import LineRequest, PreviewToken, ProvisionedLine
from ._backends import on_sendblue


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    lines = commands.add_parser("lines", help="line provisioning and line-request tickets")
    sub = lines.add_subparsers(dest="action", required=True, metavar="ACTION")
    preview = add_command(sub, "preview", on_sendblue(_preview),
                          "check eligibility and get a 10-minute purchase token", common)
    preview.add_argument("--show-token", action="store_true",
                         help="print the token value (a purchase credential) for `confirm`")
    confirm = add_command(sub, "confirm", on_sendblue(_confirm),
                          "buy a line with a token from `preview --show-token`", common)
    confirm.add_argument("--token", required=True, help="the token value, or - to read stdin")
    confirm.add_argument("--expires-at", required=True, type=_timestamp,
                         help="the token's expires_at (ISO 8601, as `preview` printed it)")
    add_command(sub, "provision", on_sendblue(_provision), "preview and confirm: buy a line",
                common)
    add_command(sub, "limits", on_sendblue(_limits), "daily and monthly purchase limits", common)
    add_command(sub, "list", on_sendblue(_list), "the numbers this account sends from", common)
    request = add_command(sub, "request", on_sendblue(_request),
                          "open a line-request ticket (deprecated flow)", common)
    request.add_argument("--area-code", help="3-digit area code or 5-digit ZIP")
    status = add_command(sub, "status", on_sendblue(_status), "show a line-request ticket", common)
    status.add_argument("ticket_id", type=int)
    wait = add_command(sub, "wait", on_sendblue(_wait),
                       "poll a ticket until it is fulfilled or cancelled", common)
    wait.add_argument("ticket_id", type=int)
    wait.add_argument("--poll-interval", type=float, default=60.0, help="seconds (default 60)")
    wait.add_argument("--timeout", type=float, help="give up after this many seconds")


def restore_token(value: str, expires_at: datetime, now: float) -> PreviewToken:
    """A token printed by an earlier ``preview``, rebuilt so that ``confirm`` still checks
    its expiry before sending. It was issued no later than ``now``: that is all we know."""
    return PreviewToken(value, expires_at.timestamp(), now)


def _timestamp(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 timestamp: {text!r}") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("the timestamp needs a time zone (for example Z)")
    return moment


async def _preview(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    token = await client.lines.preview()
    expires = datetime.fromtimestamp(token.expires_at, UTC)
    left = round(token.seconds_left(client.clock.now()))
    data: dict[str, object] = {"expires_at": expires.isoformat(), "seconds_left": left,
                               "message": token.message}
    shown = "hidden (--show-token prints it)"
    if args.show_token:
        console.warn("the preview token is a purchase credential: whoever holds it can buy a "
                     f"line with your card for {left} s. Give it only to `lines confirm`.")
        data["token"] = shown = token.value
    console.result(fields_text([("Eligible", "yes"), ("Expires at", expires.isoformat()),
                                ("Valid for", f"{left} s"), ("Message", token.message or None),
                                ("Token", shown)]), data)


async def _confirm(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    value = sys.stdin.readline().strip() if args.token == "-" else args.token
    if not value:
        raise UsageError("--token: empty token")
    token = restore_token(value, args.expires_at, client.clock.now())
    _show_line(await client.lines.confirm(token), console)


async def _provision(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    _show_line(await client.lines.provision_line(), console)


def _show_line(line: ProvisionedLine, console: Console) -> None:
    text = fields_text([("Bought", line.phone_number), ("Worker", line.worker_id),
                        ("Subscription", line.subscription_id)])
    console.result(text, line)


async def _limits(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    limits = await client.lines.get_limits()
    rows = [(name, w.limit, w.used, w.remaining)
            for name, w in (("daily", limits.daily), ("monthly", limits.monthly))]
    console.result(table(("window", "limit", "used", "remaining"), rows), limits)


async def _list(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    numbers = await client.lines.list()
    console.result("\n".join(numbers) or "(no lines)", {"numbers": numbers})


async def _request(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    console.note("note: line-request tickets are the deprecated flow; "
                 "`lines provision` buys a line at once")
    with warnings.catch_warnings():  # the note above says it once, in plain words
        warnings.simplefilter("ignore", DeprecationWarning)
        ticket = await client.lines.request_line(args.area_code)
    _show_ticket(ticket, console)


async def _status(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    _show_ticket(await client.lines.get_line_request(args.ticket_id), console)


async def _wait(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    ticket = await client.lines.wait_for_line_request(
        args.ticket_id, poll_interval=args.poll_interval, timeout=args.timeout
    )
    _show_ticket(ticket, console)


def _show_ticket(ticket: LineRequest, console: Console) -> None:
    text = fields_text([
        ("Ticket", ticket.id), ("Status", ticket.status),
        ("Desired area code", ticket.desired_area_code),
        ("Fulfilled number", ticket.fulfilled_number),
        ("Created at", ticket.created_at), ("Fulfilled at", ticket.fulfilled_at),
    ])
    console.result(text, ticket)
