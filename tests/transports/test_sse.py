"""The SSE decoder against the event stream format of the HTML standard."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transports.sse import ServerSentEvent, SSEDecodeError, SSEDecoder


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    return [event for chunk in chunks for event in decoder.feed(chunk)]


def test_fields_comments_and_dispatch() -> None:
    stream = b": hello\nevent: update\ndata: {\"a\": 1}\nid: 7\nretry: 3000\n\n"
    assert decode(stream) == [ServerSentEvent('{"a": 1}', "update", "7", 3000)]


def test_data_lines_join_with_lf_and_one_space_is_stripped() -> None:
    assert decode(b"data:  two\ndata:none\n\n") == [ServerSentEvent(" two\nnone")]


def test_every_line_end_is_a_line_end() -> None:
    for end in (b"\r", b"\n", b"\r\n"):
        assert decode(b"data: x" + end + end) == [ServerSentEvent("x")]


def test_a_crlf_cut_between_chunks_is_one_line_end() -> None:
    assert decode(b"data: x\r", b"\n", b"data: y\r", b"", b"\n\r\n") == [ServerSentEvent("x\ny")]


def test_the_id_persists_and_a_nul_id_is_ignored() -> None:
    events = decode(b"id: 1\ndata: a\n\ndata: b\n\nid: 2\x00\ndata: c\n\n")
    assert [e.id for e in events] == ["1", "1", "1"]


def test_an_empty_id_resets_the_last_id() -> None:
    assert decode(b"id: 1\ndata: a\n\nid\ndata: b\n\n")[1].id == ""


def test_heartbeats_and_empty_data_dispatch_nothing() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"id: 5\n\n: keepalive\n\ndata\n\nevent: ping\n\n") == []
    assert decoder.last_event_id == "5"


def test_a_bad_retry_and_unknown_fields_are_ignored() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"retry: 1.5\nretry: \xd9\xa3\nfoo: bar\ndata: x\n\n") == [
        ServerSentEvent("x")
    ]
    assert decoder.retry is None


def test_a_leading_bom_is_skipped_even_split() -> None:
    assert decode(b"\xef", b"\xbb", b"\xbfdata: x\n\n") == [ServerSentEvent("x")]
    assert decode(b"\xef\xbb\xbfdata: y\n\n") == [ServerSentEvent("y")]
    assert decode(b"\xef\xbb", b"\ndata: z\n\n") == [ServerSentEvent("z")]  # not a BOM
    assert decode(b"dat", b"a: w\n\n") == [ServerSentEvent("w")]


def test_bad_utf8_is_replaced() -> None:
    assert decode(b"data: \xff\n\n") == [ServerSentEvent("\ufffd")]


def test_an_unterminated_event_is_not_dispatched() -> None:
    assert decode(b"data: x\n") == []


def test_a_line_over_the_limit_raises() -> None:
    decoder = SSEDecoder(max_line_bytes=8)
    assert decoder.feed(b"data: 12\n") == []
    with pytest.raises(SSEDecodeError):
        decoder.feed(b"data: 123456789")


_lines = st.lists(
    st.one_of(
        st.just(b""), st.just(b": comment"), st.just(b"data"),
        st.builds(lambda v: b"data: " + v, st.binary(max_size=8).filter(
            lambda b: b"\r" not in b and b"\n" not in b)),
        st.sampled_from([b"id: 1", b"id: 2\x00", b"event: x", b"retry: 10", b"retry: x"]),
    ),
    max_size=30,
)


@given(_lines, st.sampled_from([b"\n", b"\r", b"\r\n"]), st.lists(st.integers(0, 200)))
def test_chunk_boundaries_do_not_matter(
    lines: list[bytes], end: bytes, cuts: list[int]
) -> None:
    stream = b"\xef\xbb\xbf" + b"".join(line + end for line in lines)
    positions = sorted({min(c, len(stream)) for c in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *positions], [*positions, len(stream)], strict=True)]
    assert decode(*chunks) == decode(stream)
