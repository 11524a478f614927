"""TOTP through the client against the fake, which computes real RFC 6238 codes."""

from base64 import b32encode

import pytest

from sendblue_async import NotFoundError, SendblueClient, TotpSecret
from sendblue_async.fake import FakeSendblue
from transports import FakeClock, FakeTransport

# RFC 6238 appendix B: the ASCII seeds, 8 digits, 30-second steps.
SEEDS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
VECTORS = [  # time, then the SHA1, SHA256 and SHA512 codes
    (59, ("94287082", "46119246", "90693936")),
    (1111111109, ("07081804", "68084774", "25091201")),
    (2000000000, ("69279037", "90698825", "38618901")),
]


def b32(seed: bytes) -> str:
    return b32encode(seed).decode()


@pytest.mark.parametrize(("at", "codes"), VECTORS)
async def test_codes_match_the_rfc_6238_vectors(at, codes):
    clock = FakeClock(start=at)
    fake = FakeSendblue(clock=clock, api_key="k", api_secret="s")
    async with SendblueClient("k", "s", base_url="https://sendblue.fake",
                              transport=FakeTransport(fake), clock=clock) as client:
        for algorithm, expected in zip(SEEDS, codes, strict=True):
            secret = await client.totp.create(
                "agent", secret=b32(SEEDS[algorithm]), algorithm=algorithm, digits=8
            )
            code = await client.totp.get_code(secret.id)
            assert code.code == expected
            assert expected not in repr(code)


async def test_create_returns_the_secret_once_and_hides_it(client):
    created = await client.totp.create("agent@example.com", issuer="ACME")
    assert isinstance(created, TotpSecret) and created.secret
    assert created.secret not in repr(created)
    assert (created.algorithm, created.digits, created.period) == ("SHA1", 6, 30)
    listed = await client.totp.list()
    assert [s.id for s in listed] == [created.id]
    assert listed[0].secret is None and listed[0].issuer == "ACME"


async def test_create_from_an_otpauth_uri(client):
    uri = "otpauth://totp/ACME:agent%40example.com?secret=JBSWY3DPEHPK3PXP&digits=8&period=60"
    created = await client.totp.create(uri=uri)
    assert (created.label, created.issuer, created.digits, created.period) == (
        "agent@example.com", "ACME", 8, 60)
    assert created.secret == "JBSWY3DPEHPK3PXP"


async def test_code_rotates_with_the_shared_clock(client, clock):
    secret = await client.totp.create("agent", secret=b32(SEEDS["SHA1"]))
    first = await client.totp.get_code(secret.id)
    assert len(first.code) == 6 and 1 <= first.expires_in <= 30
    clock.advance(first.expires_in - 1)
    assert (await client.totp.get_code(secret.id)).code == first.code
    clock.advance(1)
    later = await client.totp.get_code(secret.id)
    assert later.code != first.code and later.expires_in == 30


async def test_delete(client):
    secret = await client.totp.create("agent")
    await client.totp.delete(secret.id)
    assert await client.totp.list() == ()
    with pytest.raises(NotFoundError):
        await client.totp.get_code(secret.id)
    with pytest.raises(NotFoundError):
        await client.totp.delete(secret.id)


async def test_another_accounts_secret_is_not_found(client, fake):
    fake.add_account("other-key", "other-secret", email="o@example.com")
    async with SendblueClient("other-key", "other-secret", base_url="https://sendblue.fake",
                              transport=FakeTransport(fake)) as other:
        secret = await other.totp.create("theirs")
    with pytest.raises(NotFoundError):
        await client.totp.get_code(secret.id)
    assert await client.totp.list() == ()
