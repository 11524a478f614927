"""FakeSendblue at the wire level: child accounts, area codes, construction."""


import pytest

from sendblue_async.fake import FakeSendblue, iso_timestamp

from .conftest import (
    CHILD,
    CODES,
    SECRET,
    TICKET,
    Wire,
    error,
    sans_message,
)

# --- child accounts and area codes ---------------------------------------------------------


async def test_child_account_with_a_line_in_the_requested_code(wire, fake):
    status, body = await wire.child("acme", provision_line=True, desired_area_code="415",
                                    user="Jane", email="jane@example.com")
    data = body["data"]
    assert status == 200 and body["status"] == "OK"
    assert set(data) == {"company_name", "api_key", "api_secret", "assigned_number"}
    assert data["company_name"] == "agency@example.com-acme"
    assert data["assigned_number"] == "+14155550101"
    child = fake.child_accounts["agency@example.com-acme"]
    assert (child.api_key, child.api_secret, child.agency) == (data["api_key"],
                                                               data["api_secret"], False)
    assert [line.phone_number for line in child.lines] == ["+14155550101"]
    _, other = await wire.child("other", provision_line=True)
    assert {other["data"]["api_key"], other["data"]["api_secret"]}.isdisjoint(data.values())


async def test_child_account_gets_a_temporary_line_and_a_ticket(wire, fake):
    status, body = await wire.child("temp", provision_line=True, desired_area_code="999")
    data = body["data"]
    assert status == 200 and body["status"] == "OK"
    assert data["assigned_number"] == "+12125550101"
    assert data["line_request_status"] == "OPEN" and "999" in data["message"]
    _, ticket = await wire("GET", TICKET.format(data["line_request_ticket_id"]))
    assert ticket["data"]["status"] == "OPEN" and ticket["data"]["desiredAreaCode"] == "999"
    fake.fulfil_line_request(data["line_request_ticket_id"], "+19995550100")
    child = fake.child_accounts["agency@example.com-temp"]
    assert [line.phone_number for line in child.lines] == ["+12125550101", "+19995550100"]


async def test_partial_when_line_assignment_fails(wire, fake):
    fake.fail_next_line_assignment()
    pool = list(fake.available_numbers)
    status, body = await wire.child("p", provision_line=True)
    assert status == 200 and body["status"] == "PARTIAL"
    assert body["data"]["line_assignment_failed"] is True and body["data"]["message"]
    assert body["data"]["api_key"] and body["data"]["api_secret"]
    assert fake.available_numbers == pool
    assert (await wire.child("q", provision_line=True))[1]["status"] == "OK"
    fake.available_numbers.clear()
    assert (await wire.child("r", provision_line=True))[1]["status"] == "PARTIAL"


async def test_child_account_without_a_line(wire, fake):
    status, body = await wire.child("n", provision_line=False, desired_area_code="415")
    assert status == 200 and body["data"]["assigned_number"] is None
    assert len(fake.available_numbers) == 21


async def test_child_credentials_authenticate(wire, fake):
    _, body = await wire.child("c", provision_line=False)
    child = wire.as_(body["data"]["api_key"], body["data"]["api_secret"])
    status, limits = await child("GET", "/accounts/limits")
    assert status == 200 and limits["limits"]["daily"]["used"] == 0
    assert sans_message(await child.child("grandchild", provision_line=False)) == error(403)
    assert (await wire.as_(body["data"]["api_key"], SECRET)("GET", CODES))[0] == 401


async def test_duplicate_child_name_conflicts(wire, fake):
    assert (await wire.child("dup", provision_line=False))[0] == 200
    assert await wire.child("dup", provision_line=True) == (409, {
        "status": "ERROR", "message": "A child account with this name already exists"})
    assert len(fake.child_accounts) == 1 and fake.calls[f"POST {CHILD}"] == 2


@pytest.mark.parametrize("body", [
    {"primary_email": "a@b.co", "provision_line": True},
    {"company_name": "x", "provision_line": True},
    {"company_name": "", "primary_email": "a@b.co", "provision_line": True},
    {"company_name": "x", "primary_email": "a@b.co"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": "true"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": 1},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": True,
     "desired_area_code": "41"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": True,
     "desired_area_code": "94107"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": False, "user": 7},
])
async def test_child_account_bad_input(wire, fake, body):
    assert sans_message(await wire("POST", CHILD, body)) == error(400)
    assert fake.child_accounts == {}


async def test_agency_permission_required(wire, fake):
    fake.account.agency = False
    assert sans_message(await wire.child("x", provision_line=False)) == error(403)


async def test_available_area_codes_follow_the_pool(wire, fake):
    codes = ["212", "310", "415", "512", "617", "720", "818"]
    assert await wire("GET", CODES) == (200, {"status": "OK", "data": {"area_codes": codes}})
    fake.available_numbers[:] = [n for n in fake.available_numbers if not n.startswith("+1212")]
    assert (await wire("GET", CODES))[1]["data"]["area_codes"] == codes[1:]


# --- construction --------------------------------------------------------------------------


async def test_constructor_options(clock):
    fake = FakeSendblue(clock=clock, api_key="k", api_secret="s3cr3t", email="e@x.co", plan="blue",
                        card_on_file=False, agency=False, available_numbers=["+13125550000"],
                        daily_limit=5, monthly_limit=6)
    account = fake.account
    assert (account.email, account.plan, account.card_on_file, account.agency) == (
        "e@x.co", "blue", False, False)
    assert fake.available_numbers == ["+13125550000"] and fake.accounts == {"k": account}
    _, limits = await Wire(fake, "k", "s3cr3t")("GET", "/accounts/limits")
    assert limits["limits"]["daily"]["limit"] == 5 and limits["limits"]["monthly"]["limit"] == 6
    with pytest.raises(ValueError):
        fake.add_account("k", "t", email="dup@x.co")
    assert "s3cr3t" not in repr(account)


def test_defaults_and_timestamps():
    fake = FakeSendblue()
    assert len(fake.available_numbers) == 21 and "+14155550101" in fake.available_numbers
    assert fake.account.agency and fake.account.limits.daily == 3
    assert iso_timestamp(1779114600.0) == "2026-05-18T14:30:00.000Z"
    assert iso_timestamp(1779114600.1239) == "2026-05-18T14:30:00.123Z"
