"""Child accounts through the client against the stateful fake."""

import pytest

from sendblue_async import (
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    PermissionDeniedError,
    SendblueClient,
    ValidationError,
)
from transports import FakeTransport

CREATE = "POST /accounts/lines/request-child-account"


async def test_child_account_with_a_line(client, fake):
    account = await client.accounts.create_child_account(
        "my-client", "client@example.com", provision_line=True, desired_area_code="415",
        user="Jane Smith", email="jane@example.com",
    )
    assert account.assigned_number and account.assigned_number.startswith("+1415")
    assert account.company_name == "agency@example.com-my-client"
    assert not account.partial and not account.has_pending_line_request
    assert account.api_secret not in repr(account) and account.api_key not in repr(account)


async def test_child_account_gets_a_temporary_line_when_the_code_is_missing(client, fake):
    assert "999" not in await client.accounts.available_area_codes()
    account = await client.accounts.create_child_account(
        "temp", "t@example.com", provision_line=True, desired_area_code="999")
    assert account.assigned_number is not None
    assert account.line_request_ticket_id is not None and account.line_request_status == "OPEN"
    assert account.message and "999" in account.message
    ticket = await client.lines.get_line_request(account.line_request_ticket_id)
    assert ticket.status == "OPEN" and ticket.desired_area_code == "999"


async def test_partial_is_a_result_with_the_credentials(client, fake):
    fake.fail_next_line_assignment()
    account = await client.accounts.create_child_account("p", "p@example.com",
                                                         provision_line=True)
    assert account.partial and account.line_assignment_failed
    assert account.api_key and account.api_secret and account.assigned_number is None
    assert account.message


async def test_child_account_without_a_line(client, fake):
    account = await client.accounts.create_child_account("n", "n@example.com",
                                                         provision_line=False)
    assert account.assigned_number is None and not account.partial


async def test_child_credentials_work_once_created(client, fake, transport, clock):
    account = await client.accounts.create_child_account("c", "c@example.com",
                                                         provision_line=False)
    async with SendblueClient(account.api_key, account.api_secret, base_url="https://x.test",
                              transport=transport, clock=clock) as child:
        limits = await child.lines.get_limits()
    assert limits.daily.used == 0


async def test_duplicate_name_conflicts(client, fake):
    await client.accounts.create_child_account("dup", "d@example.com", provision_line=False)
    with pytest.raises(ConflictError) as info:
        await client.accounts.create_child_account("dup", "d@example.com", provision_line=False)
    assert info.value.status == 409 and fake.calls[CREATE] == 2


async def test_agency_permission_required(client, fake):
    fake.account.agency = False
    with pytest.raises(PermissionDeniedError):
        await client.accounts.create_child_account("x", "x@example.com", provision_line=False)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"company_name": "", "primary_email": "a@b.co", "provision_line": True},
        {"company_name": "x", "primary_email": "nope", "provision_line": True},
        {"company_name": "x", "primary_email": "a@b.co", "provision_line": "yes"},
        {"company_name": "x", "primary_email": "a@b.co", "provision_line": True,
         "desired_area_code": "41"},
    ],
)
async def test_bad_input_sends_nothing(client, transport, kwargs):
    with pytest.raises(ValidationError):
        await client.accounts.create_child_account(**kwargs)
    assert transport.requests == []


async def test_area_codes(client, fake):
    codes = await client.accounts.available_area_codes()
    assert set(codes) == {"212", "310", "415", "512", "617", "720", "818"}


async def test_wrong_secret_is_an_authentication_error(fake, clock):
    async with SendblueClient("sb-test-key", "wrong-secret-value", base_url="https://x.test",
                              transport=FakeTransport(fake), clock=clock) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.accounts.available_area_codes()
    assert "wrong-secret-value" not in str(info.value) and info.value.status == 401


def test_missing_credentials_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("SENDBLUE_API_KEY", raising=False)
    monkeypatch.delenv("SENDBLUE_API_SECRET", raising=False)
    with pytest.raises(ConfigurationError, match="SENDBLUE_API_KEY"):
        SendblueClient(transport=FakeTransport(lambda r: None))  # type: ignore[arg-type]


async def test_credentials_from_the_environment(monkeypatch, fake, clock):
    monkeypatch.setenv("SENDBLUE_API_KEY", "sb-test-key")
    monkeypatch.setenv("SENDBLUE_API_SECRET", "sb-test-secret")
    monkeypatch.setenv("SENDBLUE_BASE_URL", "https://env.test")
    async with SendblueClient(transport=FakeTransport(fake), clock=clock) as client:
        assert client.base_url == "https://env.test"
        assert "sb-test-secret" not in repr(client)
        assert await client.accounts.available_area_codes()
