"""``available search|rent`` and ``active list|release``: numbers to rent and rented."""

from __future__ import annotations

import argparse
import warnings

from transports.cli import Commands, Console, add_command, fields_text, table

from ..client import SinchNumbers
from ..models import ActiveNumber, Money
from ._backends import on_sinch


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    available = commands.add_parser("available", help="numbers to rent: search, rent")
    sub = available.add_subparsers(dest="action", required=True, metavar="ACTION")
    search = add_command(sub, "search", on_sinch(_search), "numbers available to rent", common)
    search.add_argument("region_code", help="ISO 3166 region, for example US")
    search.add_argument("number_type", help="LOCAL, MOBILE or TOLL_FREE")
    _add_filters(search)
    search.add_argument("--size", type=int, help="at most this many numbers")
    rent = add_command(sub, "rent", on_sinch(_rent), "rent one number (US LOCAL)", common)
    rent.add_argument("phone_number")
    rent.add_argument("--callback-url")
    active = commands.add_parser("active", help="numbers the project rents: list, release")
    sub = active.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = add_command(sub, "list", on_sinch(_list), "numbers the project rents", common)
    listing.add_argument("--region-code")
    listing.add_argument("--number-type")
    _add_filters(listing)
    listing.add_argument("--page-size", type=int)
    release = add_command(sub, "release", on_sinch(_release), "stop renting a number", common)
    release.add_argument("phone_number")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pattern", help="digits the number must contain")
    parser.add_argument("--search-pattern", help="START, CONTAINS or END")
    parser.add_argument("--capability", action="append", default=[], dest="capabilities",
                        help="SMS or VOICE (repeatable)")


async def _search(client: SinchNumbers, args: argparse.Namespace, console: Console) -> None:
    found = await client.available.search(
        args.region_code, args.number_type, pattern=args.pattern,
        search_pattern=args.search_pattern, capabilities=args.capabilities, size=args.size,
    )
    rows = [(n.phone_number, n.region_code, n.type, n.capability, _money(n.setup_price),
             _money(n.monthly_price)) for n in found]
    headers = ("number", "region", "type", "capabilities", "setup", "monthly")
    console.result(table(headers, rows) if rows else "(no numbers found)", found)


async def _list(client: SinchNumbers, args: argparse.Namespace, console: Console) -> None:
    active = [n async for n in client.active.list(
        region_code=args.region_code, number_type=args.number_type, pattern=args.pattern,
        search_pattern=args.search_pattern, capabilities=args.capabilities,
        page_size=args.page_size,
    )]
    rows = [(n.phone_number, n.region_code, n.type, n.capability, _money(n.money),
             n.next_charge_date) for n in active]
    headers = ("number", "region", "type", "capabilities", "price", "next charge")
    console.result(table(headers, rows) if rows else "(no active numbers)", active)


async def _rent(client: SinchNumbers, args: argparse.Namespace, console: Console) -> None:
    console.note("note: Sinch has deprecated this rent endpoint (US LOCAL numbers only)")
    with warnings.catch_warnings():  # the note above says it once, in plain words
        warnings.simplefilter("ignore", DeprecationWarning)
        number = await client.available.rent(args.phone_number, callback_url=args.callback_url)
    _show(number, "Rented", console)


async def _release(client: SinchNumbers, args: argparse.Namespace, console: Console) -> None:
    _show(await client.active.release(args.phone_number), "Released", console)


def _show(number: ActiveNumber, verb: str, console: Console) -> None:
    text = fields_text([
        (verb, number.phone_number), ("Region", number.region_code), ("Type", number.type),
        ("Capabilities", number.capability), ("Price", _money(number.money)),
        ("Expires at", number.expire_at),
    ])
    console.result(text, number)


def _money(money: Money | None) -> str | None:
    return None if money is None else f"{money.amount} {money.currency_code}"
