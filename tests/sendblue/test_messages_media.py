"""Media uploads: multipart from a path, bytes or a stream, and upload from a URL."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from sendblue_async import SendblueClient, ValidationError
from sendblue_async.fake import FakeSendblue
from transports import FakeClock
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import serve

KEY, SECRET = "media-key", "media-secret"


async def test_upload_bytes(client, fake):
    uploaded = await client.media.upload_file(b"\x00\x01binary\r\n--", filename="a b.bin")
    record = fake.uploads[uploaded.media_object_id]
    assert (record.data, record.filename) == (b"\x00\x01binary\r\n--", "a b.bin")
    assert record.content_type == "application/octet-stream"
    assert uploaded.media_url.endswith("/a%20b.bin")


async def test_upload_a_path_then_send_it(client, fake, tmp_path: Path):
    photo = tmp_path / "cat.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    uploaded = await client.media.upload_file(photo)
    assert fake.uploads[uploaded.media_object_id].content_type == "image/jpeg"
    message = await client.messages.send("+14155550123", media_url=uploaded.media_url)
    assert message.media_url == uploaded.media_url


async def test_missing_file_is_rejected_before_sending(client, transport, tmp_path: Path):
    with pytest.raises(ValidationError):
        await client.media.upload_file(tmp_path / "nope.png")
    assert transport.requests == []


async def test_upload_from_url(client, fake):
    media = await client.media.upload_from_url("https://cdn.example/v.mp4?sig=abc")
    assert fake.uploads[media.media_object_id].source_url == "https://cdn.example/v.mp4?sig=abc"


async def _stream(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def test_large_uploads_stream_over_real_http(tmp_path: Path):
    data = os.urandom(6 * 1024 * 1024 + 7)
    big = tmp_path / "video.mp4"
    big.write_bytes(data)
    fake = FakeSendblue(clock=FakeClock(), api_key=KEY, api_secret=SECRET)
    async with serve(fake) as server, AiohttpTransport() as transport, SendblueClient(
        KEY, SECRET, base_url=server.base_url, transport=transport
    ) as client:
        from_path = await client.media.upload_file(big)
        from_stream = await client.media.upload_file(
            _stream(data, 100_000), filename="stream.bin", content_type="video/mp4")
    assert fake.uploads[from_path.media_object_id].data == data
    assert fake.uploads[from_path.media_object_id].content_type == "video/mp4"
    assert fake.uploads[from_stream.media_object_id].data == data
