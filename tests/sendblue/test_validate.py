import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendblue_async import ValidationError
from sendblue_async import _validate as v


@pytest.mark.parametrize("number", ["+14155551234", "+447911123456", "+1234567"])
def test_e164_accepts(number):
    assert v.e164("number", number) == number


@pytest.mark.parametrize(
    "number", ["14155551234", "+04155551234", "+1 415 555 1234", "+1415555123456789", "", None,
               "+1415555123a", "+١٤١٥٥٥٥١٢٣٤"],
)
def test_e164_rejects(number):
    with pytest.raises(ValidationError, match=r"number: must be an E\.164"):
        v.e164("number", number)


@given(st.text())
def test_e164_never_accepts_malformed(text):
    try:
        out = v.e164("n", text)
    except ValidationError:
        return
    assert out.startswith("+") and out[1:].isascii() and out[1:].isdigit()
    assert 8 <= len(out) <= 16


@given(st.one_of(st.text(), st.integers(), st.none(), st.booleans(), st.floats()))
def test_area_code_only_accepts_three_ascii_digits(value):
    try:
        out = v.area_code("code", value)
    except ValidationError as exc:
        assert exc.field == "code"
        return
    assert isinstance(out, str) and len(out) == 3 and out.isascii() and out.isdigit()


@pytest.mark.parametrize("address", ["a@b.co", "ops.team+x@example.co.uk"])
def test_email_accepts(address):
    assert v.email("e", address) == address


@pytest.mark.parametrize("address", ["a@b", "@b.co", "a b@c.co", "a@@b.co", "a@b.co."])
def test_email_rejects(address):
    with pytest.raises(ValidationError):
        v.email("e", address)


def test_boolean_is_strict():
    assert v.boolean("f", False) is False
    for value in (0, 1, "true", None):
        with pytest.raises(ValidationError):
            v.boolean("f", value)


def test_validation_error_is_a_value_error():
    with pytest.raises(ValueError):
        v.required_text("name", "")
