"""``client.orders``: the Number Order API, Sinch's recommended way to buy numbers.

Flow: ``requirements`` -> ``create`` (reserves numbers until ``expire_time``) ->
``update_registration`` / ``upload_attachment`` when the region asks for them -> ``submit``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import builders
from ._resources import _Resource
from .builders._orders import FileSource
from .models import (
    NumberOrder,
    NumberOrderOption,
    NumberRequirements,
    QuantityOrderOption,
    Registration,
    SmsSettings,
    VoiceSettings,
)


class NumberOrdersResource(_Resource):
    """Number orders. ``create`` and ``submit`` are never resent once the server may have
    acted on them (a timeout there means "unknown": ``get`` the order to find out)."""

    async def requirements(self, region_code: str, number_type: str) -> NumberRequirements:
        """What registration fields and attachments this region and number type need."""
        spec = builders.lookup_number_requirements(self._project, region_code, number_type)
        return await self._call(spec)

    async def create(
        self,
        region_code: str,
        number_type: str,
        option: NumberOrderOption | QuantityOrderOption,
        *,
        sms: SmsSettings | None = None,
        voice: VoiceSettings | None = None,
        callback_url: str | None = None,
    ) -> NumberOrder:
        """Reserve one number (``NumberOrderOption``) or a quantity matching criteria
        (``QuantityOrderOption``)."""
        spec = builders.create_number_order(
            self._project,
            region_code,
            number_type,
            option,
            sms=sms,
            voice=voice,
            callback_url=callback_url,
        )
        return await self._call(spec)

    async def get(self, number_order_id: str) -> NumberOrder:
        return await self._call(builders.get_number_order(self._project, number_order_id))

    async def update_registration(
        self, number_order_id: str, request_details: Mapping[str, Any]
    ) -> Registration:
        """Replace the order's KYC details; a 400 names each missing or invalid field."""
        spec = builders.update_number_order_registration(
            self._project, number_order_id, request_details
        )
        return await self._call(spec)

    async def get_registration(self, number_order_id: str) -> Registration:
        spec = builders.get_number_order_registration(self._project, number_order_id)
        return await self._call(spec)

    async def upload_attachment(
        self,
        number_order_id: str,
        attachment_id: str,
        file: FileSource,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        document_type: str | None = None,
    ) -> None:
        """Upload a document for ``attachment_id`` (from ``requirements``) as multipart.
        ``ContentTooLargeError`` (413) when the file is over the server's limit."""
        spec = builders.upload_number_order_attachment(
            self._project,
            number_order_id,
            attachment_id,
            file,
            filename=filename,
            content_type=content_type,
            document_type=document_type,
        )
        await self._call(spec)

    async def submit(self, number_order_id: str) -> NumberOrder:
        """Submit the order: the final step."""
        return await self._call(builders.submit_number_order(self._project, number_order_id))
