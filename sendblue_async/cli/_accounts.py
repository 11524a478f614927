"""``accounts create-child|area-codes``."""

from __future__ import annotations

import argparse

from transports.cli import Commands, Console, add_command, fields_text, jsonable

from ..client import SendblueClient
from ..models import ChildAccount
from ._backends import on_sendblue

CREDENTIALS_WARNING = (
    "the child account's API key and secret below are shown ONCE and cannot be retrieved "
    "again: store them in a secret manager now, and clear this terminal's scrollback."
)


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    accounts = commands.add_parser("accounts", help="child accounts (agency partners)")
    sub = accounts.add_subparsers(dest="action", required=True, metavar="ACTION")
    child = add_command(sub, "create-child", on_sendblue(_create_child),
                        "create a child account; prints its one-time credentials", common)
    child.add_argument("company_name")
    child.add_argument("primary_email")
    child.add_argument("--provision-line", action="store_true",
                       help="also assign a line to the new account")
    child.add_argument("--area-code", help="3-digit area code for that line")
    child.add_argument("--user", help="name of the account's first user")
    child.add_argument("--email", help="email of the account's first user")
    add_command(sub, "area-codes", on_sendblue(_area_codes),
                "area codes available for child-account lines", common)


async def _create_child(
    client: SendblueClient, args: argparse.Namespace, console: Console
) -> None:
    child = await client.accounts.create_child_account(
        args.company_name, args.primary_email, provision_line=args.provision_line,
        desired_area_code=args.area_code, user=args.user, email=args.email,
    )
    console.warn(CREDENTIALS_WARNING)
    if child.partial:
        console.warn(f"the account was created but no line was assigned: {child.message}")
    data = {**jsonable(child), "api_key": child.api_key, "api_secret": child.api_secret}
    console.result(_child_text(child), data)


def _child_text(child: ChildAccount) -> str:
    return fields_text([
        ("Company", child.company_name),
        ("API key", child.api_key),
        ("API secret", child.api_secret),
        ("Assigned number", child.assigned_number),
        ("Line request ticket", child.line_request_ticket_id),
        ("Line request status", child.line_request_status),
        ("Message", child.message),
        ("Partial", "yes: no line assigned" if child.partial else None),
    ])


async def _area_codes(client: SendblueClient, args: argparse.Namespace, console: Console) -> None:
    codes = await client.accounts.available_area_codes()
    console.result(" ".join(codes) or "(none)", {"area_codes": codes})
