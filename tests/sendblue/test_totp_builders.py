"""Pure TOTP builders."""

import pytest

from sendblue_async import ValidationError, builders
from sendblue_async.models import TotpCode, TotpDeleted, TotpSecretResponse, TotpSecretsResponse
from transports import RequestSpec

SECRET = "JBSWY3DPEHPK3PXP"
URI = f"otpauth://totp/ACME:agent@example.com?secret={SECRET}&issuer=ACME"


def test_create_with_a_label_only():
    assert builders.create_totp_secret("agent@example.com") == RequestSpec(
        "POST", "/api/v2/totp/secrets", TotpSecretResponse, json={"label": "agent@example.com"}
    )


def test_create_with_every_setting_hides_the_secret_from_the_repr():
    spec = builders.create_totp_secret(
        "agent", secret="jbsw y3dp ehpk 3pxp", issuer="ACME", algorithm="SHA256", digits=8,
        period=60,
    )
    assert spec.json == {"label": "agent", "secret": SECRET, "issuer": "ACME",
                         "algorithm": "SHA256", "digits": 8, "period": 60}
    assert SECRET not in repr(spec)


def test_create_from_a_uri():
    assert builders.create_totp_secret(uri=URI).json == {"uri": URI}


@pytest.mark.parametrize(
    ("field", "args", "kwargs"),
    [
        ("label", (), {}),
        ("label", (" ",), {}),
        ("uri", ("agent",), {"uri": URI}),
        ("uri", (), {"uri": URI, "digits": 8}),
        ("uri", (), {"uri": "https://example.com"}),
        ("secret", ("agent",), {"secret": "not base32!"}),
        ("secret", ("agent",), {"secret": "ABC"}),
        ("algorithm", ("agent",), {"algorithm": "MD5"}),
        ("digits", ("agent",), {"digits": 7}),
        ("digits", ("agent",), {"digits": True}),
        ("digits", ("agent",), {"digits": 6.0}),
        ("period", ("agent",), {"period": 0}),
    ],
)
def test_create_rejects(field, args, kwargs):
    with pytest.raises(ValidationError) as info:
        builders.create_totp_secret(*args, **kwargs)
    assert info.value.field == field
    assert SECRET not in str(info.value)


def test_list_totp_secrets():
    assert builders.list_totp_secrets() == RequestSpec(
        "GET", "/api/v2/totp/secrets", TotpSecretsResponse
    )


def test_get_totp_code_encodes_the_id():
    assert builders.get_totp_code("totp/1") == RequestSpec(
        "GET", "/api/v2/totp/code/totp%2F1", TotpCode
    )


def test_delete_totp_secret():
    assert builders.delete_totp_secret("totp_1") == RequestSpec(
        "DELETE", "/api/v2/totp/secrets/totp_1", TotpDeleted
    )


@pytest.mark.parametrize("secret_id", ["", None, 5])
def test_secret_id_is_required(secret_id):
    for build in (builders.get_totp_code, builders.delete_totp_secret):
        with pytest.raises(ValidationError, match="secret_id"):
            build(secret_id)


@pytest.mark.parametrize("secret_id", [".", "..", " "])
def test_secret_id_is_never_a_dot_segment(secret_id):
    for build in (builders.get_totp_code, builders.delete_totp_secret):
        with pytest.raises(ValidationError, match="secret_id"):
            build(secret_id)


def test_secret_ids_made_of_dots_but_not_dot_segments_are_sent():
    assert builders.delete_totp_secret("...").path == "/api/v2/totp/secrets/..."
    assert builders.get_totp_code("./").path == "/api/v2/totp/code/.%2F"
