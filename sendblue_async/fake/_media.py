"""Media routes: multipart ``upload-file`` and ``upload-media-object`` from a URL."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

import attrs

from transports import Response, ServerRequest, json_response

from ._message_state import MessageState, UploadRecord, is_url
from ._wire import Ctx, bad_request, header, object_body, ok

MAX_UPLOAD = 100 * 1024 * 1024
MEDIA_HOST = "https://storage.googleapis.com/fake-sendblue-media"
_PARAM = re.compile(r'(\w+)="([^"]*)"|(\w+)=([^;\s]+)')


@attrs.frozen
class Part:
    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None


def _params(value: str) -> dict[str, str]:
    return {m[1] or m[3]: m[2] if m[1] else m[4] for m in _PARAM.finditer(value)}


def parse_multipart(request: ServerRequest) -> list[Part] | None:
    """The parts of a multipart/form-data body; ``None`` if it is not one."""
    content_type = header(request, "content-type") or ""
    boundary = _params(content_type).get("boundary")
    if not content_type.startswith("multipart/form-data") or not boundary:
        return None
    chunks = (b"\r\n" + request.body).split(b"\r\n--" + boundary.encode())
    if len(chunks) < 2 or not chunks[-1].startswith(b"--"):
        return None
    parts = []
    for chunk in chunks[1:-1]:
        head, _, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        lines = head.decode("utf-8", "replace").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines)}
        disposition = _params(headers.get("content-disposition", ""))
        parts.append(Part(disposition.get("name", ""), data, disposition.get("filename"),
                          headers.get("content-type")))
    return parts


class MediaRoutes(MessageState):
    def _media_routes(self) -> list[tuple[str, str, Callable[[Ctx], Response]]]:
        return [
            ("POST", "/api/upload-file", self._on_upload_file),
            ("POST", "/api/upload-media-object", self._on_upload_media_object),
        ]

    def _on_upload_file(self, ctx: Ctx) -> Response:
        parts = parse_multipart(ctx.request)
        if parts is None:
            return bad_request("Request must be multipart/form-data")
        file = next((p for p in parts if p.name == "file" and p.filename is not None), None)
        if file is None:
            return bad_request("No file uploaded: send it in the field 'file'")
        if len(file.data) > MAX_UPLOAD:
            return json_response(413, {"status": "ERROR", "message": "File exceeds 100 MB"})
        name = file.filename or "file"
        record = UploadRecord(self._next_id(), ctx.account.api_key, name, file.content_type,
                              file.data)
        self.uploads[record.media_object_id] = record
        return json_response(201, {
            "status": "OK", "message": "File uploaded successfully",
            "media_url": f"{MEDIA_HOST}/{record.media_object_id}/{quote(name)}",
            "mediaObjectId": record.media_object_id,
        })

    def _on_upload_media_object(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        if not is_url(body.get("media_url")):
            return bad_request("media_url is required and must be a URL")
        record = UploadRecord(self._next_id(), ctx.account.api_key,
                              source_url=body["media_url"])
        self.uploads[record.media_object_id] = record
        return ok({"message": "Media object uploaded", "mediaObjectId": record.media_object_id})
