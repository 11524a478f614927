"""Fuzzing the validators the API v2 builders use (the provisioning ones are fuzzed in
test_faults_fuzz_builders.py): each returns its type or raises ValidationError(field)."""

import inspect
from base64 import b32decode
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from sendblue_async import ValidationError
from sendblue_async import _validate as v

from .fuzzing import E164, anything, fuzz, mostly, odd_text

FUZZ = fuzz(250)
URL = "https://example.com/hook"

# name -> (the call, the type it returns)
VALIDATORS: dict[str, tuple[Any, type]] = {
    "bounded_int": (lambda f, x: v.bounded_int(f, x, low=1, high=1000), int),
    "non_negative_int": (v.non_negative_int, int),
    "one_of": (lambda f, x: v.one_of(f, x, {"asc", "desc"}), str),
    "url": (v.url, str),
    "https_url": (v.https_url, str),
    "https_urls": (lambda f, x: v.https_urls(f, x, low=2, high=20), list),
    "media_type": (v.media_type, str),
    "text_list": (v.text_list, list),
    "e164_list": (v.e164_list, list),
    "string_map": (v.string_map, dict),
    "base32_secret": (v.base32_secret, str),
    "timestamp": (v.timestamp, str),
    "e164_or_email": (v.e164_or_email, str),
    "path_id": (v.path_id, str),
}
FUZZED_WITH_PROVISIONING = {
    "required_text", "optional_text", "boolean", "e164", "area_code", "email", "ticket_id",
    "preview_token_value",
}


def test_every_validator_is_fuzzed():
    public = {
        name for name, f in vars(v).items()
        if inspect.isfunction(f) and f.__module__ == v.__name__ and not name.startswith("_")
    }
    assert public == set(VALIDATORS) | FUZZED_WITH_PROVISIONING


def check(validator: Any, value: Any) -> Any:
    try:
        return validator("field", value)
    except ValidationError as exc:
        assert exc.field == "field" and str(exc).startswith("field: ")
        return exc


def texts_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for pair in value.items() for text in texts_in(list(pair))]
    if isinstance(value, list):
        return [text for item in value for text in texts_in(item)]
    return [value] if isinstance(value, str) else []


def is_url(text: str, schemes: tuple[str, ...] = ("http", "https")) -> bool:
    parts = urlsplit(text)
    schemed = parts.scheme in schemes and bool(parts.hostname)
    return schemed and text.isprintable() and " " not in text


# name -> what a returned value must satisfy beyond its type
PROPERTIES: dict[str, Any] = {
    "bounded_int": lambda r: 1 <= r <= 1000,
    "non_negative_int": lambda r: 0 <= r < 2**63,
    "one_of": lambda r: r in ("asc", "desc"),
    "url": is_url,
    "https_url": lambda r: is_url(r, ("https",)),
    "https_urls": lambda r: 2 <= len(r) <= 20 and all(is_url(u, ("https",)) for u in r),
    "media_type": lambda r: r.isascii() and r.isprintable() and "/" in r.partition(";")[0],
    "text_list": lambda r: all(type(t) is str and t.strip() for t in r),
    "e164_list": lambda r: r and all(type(n) is str and E164.match(n) for n in r),
    "string_map": lambda r: all(type(k) is str and type(x) is str for k, x in r.items()),
    "base32_secret": lambda r: b32decode(r + "=" * (-len(r) % 8)) is not None,
    "timestamp": lambda r: datetime.fromisoformat(r) is not None,
    "e164_or_email": lambda r: E164.match(r) or (r.count("@") == 1 and r.strip() == r),
    "path_id": lambda r: r.strip() and r not in (".", ".."),
}


keys = st.sampled_from(["plan", "tier"]) | st.just("plan") | odd_text(max_size=3) | st.integers()
# Characters inserted anywhere in a URL: brackets and a full-width "#" trip urlsplit itself.
url_noise = odd_text(1, 2) | st.sampled_from(["[", "]", "\uff03", "\u2100", " ", "\t", "\x7f"])
twisted_urls = st.builds(
    lambda url, at, noise: url[:at] + noise + url[at:],
    st.sampled_from([URL, "http://[::1]:8080/a"]), st.integers(0, len(URL)), url_noise,
)
values = st.one_of(
    anything,
    mostly(URL, "image/png", "text/plain; charset=utf-8", "+14155550101", "ada@example.com",
           "JBSWY3DPEHPK3PXP", "2026-05-18T14:30:00Z", "asc", "msg_1", ".", ".."),
    twisted_urls,
    st.integers(-2, 1001) | st.sampled_from([2**63 - 1, 2**63, 10**5000]),
    st.lists(mostly(URL, "+14155550101", "vip") | twisted_urls, max_size=21),
    st.dictionaries(keys, mostly("pro") | odd_text(max_size=3), max_size=3),
    st.datetimes(timezones=st.none() | st.just(UTC)),
)


@FUZZ
@given(values)
def test_every_v2_validator_returns_its_type_or_raises_validation_error(value):
    for name, (validator, kind) in VALIDATORS.items():
        result = check(validator, value)
        if isinstance(result, ValidationError):
            continue
        assert type(result) is kind, (name, result)
        for text in texts_in(result):
            text.encode()  # valid Unicode: no lone surrogate reaches a transport
        assert PROPERTIES[name](result), (name, result)


def test_the_fuzzers_known_finds_stay_fixed():
    for huge in (2**63, 10**5000):  # str() of 10**5000 is a plain ValueError when sent
        assert isinstance(check(v.non_negative_int, huge), ValidationError)
    assert check(v.non_negative_int, 2**63 - 1) == 2**63 - 1
    assert isinstance(check(v.string_map, {"plan": "pro\ud800"}), ValidationError)
    for bad in ("https://[example.com/", "http://[[::1]:8080/a", "https://\uff03example.com",
                "https://example.com/hook\x7f", " https://example.com", "https://exa mple.com",
                "https://example.com/\n", "https://example.com/\u2028"):
        assert isinstance(check(v.url, bad), ValidationError), bad
    for bad in ("image/png\r\nX-Evil: 1", "image/\ud800", "", "png", "a/b" * 100):
        assert isinstance(check(v.media_type, bad), ValidationError), bad
    for dot_segment in (".", ".."):  # sent as is in a path: DELETE /api/message/..
        assert isinstance(check(v.path_id, dot_segment), ValidationError)
    assert check(v.url, "http://[::1]:8080/a") == "http://[::1]:8080/a"
    assert check(v.url, "https://bücher.example/ü") == "https://bücher.example/ü"
