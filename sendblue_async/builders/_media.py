"""Builders for media: multipart file upload and upload from a URL."""

from __future__ import annotations

import mimetypes
import os
from collections.abc import AsyncIterable
from pathlib import Path

from transports import MultipartField, RequestSpec

from .. import _validate as v
from ..errors import ValidationError
from ..models import MediaObject, UploadedFile

FileSource = str | os.PathLike[str] | bytes | AsyncIterable[bytes]


def upload_file(
    file: FileSource, *, filename: str | None = None, content_type: str | None = None
) -> RequestSpec[UploadedFile]:
    """``POST /api/upload-file`` as multipart/form-data (field ``file``, 100 MB at most).

    ``file`` is a path (``str`` or ``PathLike``: streamed from disk when sent, never read
    whole), ``bytes``, or an async byte stream. Bytes and streams need a ``filename``.
    """
    value = _file_value(file)
    if filename is None and isinstance(value, Path):
        filename = value.name
    name = v.required_text("filename", filename, max_length=255)
    if content_type is None:  # checked when guessed too: guess_type reads "data:" names
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    kind = v.media_type("content_type", content_type)
    field = MultipartField("file", value, filename=name, content_type=kind)
    return RequestSpec("POST", "/api/upload-file", UploadedFile, multipart=(field,))


def upload_media_object(media_url: str) -> RequestSpec[MediaObject]:
    """Have Sendblue fetch the file at ``media_url`` (use this for signed URLs).

    ``POST /api/upload-media-object``.
    """
    body = {"media_url": v.url("media_url", media_url)}
    return RequestSpec("POST", "/api/upload-media-object", MediaObject, json=body)


def _file_value(file: object) -> Path | bytes | AsyncIterable[bytes]:
    if isinstance(file, str | os.PathLike):
        return Path(file)
    if isinstance(file, bytes | AsyncIterable):
        return file
    raise ValidationError("file", "must be a path, bytes or an async iterable of bytes")
