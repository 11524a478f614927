"""Routes for an order's registration (PUT / GET) and its multipart attachment upload."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transports import Response, json_response

from . import _config
from ._multipart import Part, boundary_of, parse_form_data
from ._order_records import AttachmentRecord, OrderRecord
from ._order_state import OrderState, invalid_all
from ._wire import Ctx, invalid, not_found, object_body, ok


class RegistrationRoutes(OrderState):
    def _on_update_registration(self, ctx: Ctx) -> Response:
        order = self.open_order(ctx.params["number_order_id"])
        if isinstance(order, Response):
            return order
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        problem = _config.unknown_field(body, ("requestDetails",))
        if problem is not None:
            return problem
        details = body.get("requestDetails")
        if not isinstance(details, dict):
            return invalid("requestDetails", "must be an object")
        violations = registration_violations(self.requirements_for(order).get("fields"), details)
        if violations:
            return invalid_all(violations)
        order.request_details, order.updated_at = details, self.now()
        order.logs.append((self.now(), "Registration details received"))
        return ok(order.registration_json())

    def _on_get_registration(self, ctx: Ctx) -> Response:
        order = self.orders.get(ctx.params["number_order_id"])
        if order is None:
            return not_found("NumberOrder", ctx.params["number_order_id"])
        return ok(order.registration_json())

    def _on_upload_attachment(self, ctx: Ctx) -> Response:
        order = self.open_order(ctx.params["number_order_id"])
        if isinstance(order, Response):
            return order
        attachment_id = ctx.params["attachment_id"]
        wanted = next((a for a in self.requirements_for(order).get("attachments", [])
                       if a["id"] == attachment_id), None)  # fmt: skip
        if wanted is None:
            return not_found("Attachment", attachment_id)
        boundary = boundary_of(ctx.request.header("content-type"))
        parts = parse_form_data(ctx.request.body, boundary) if boundary else None
        if parts is None:
            return invalid("body", "must be multipart/form-data")
        checked = self._checked_upload(wanted, {p.name: p for p in parts})
        if isinstance(checked, Response):
            return checked
        self._store(order, checked)
        return Response(200)  # documented: 200 with no content

    def _checked_upload(
        self, wanted: Mapping[str, Any], parts: dict[str, Part]
    ) -> AttachmentRecord | Response:
        file = parts.get("file")
        if file is None or file.filename is None:
            return invalid("file", "is required (a part with a filename)")
        if len(file.data) > self.max_attachment_bytes:
            return _too_large(wanted["id"], self.max_attachment_bytes)
        if not file.data:
            return invalid("file", "is empty")
        mime = file.content_type or "application/octet-stream"
        if wanted.get("allowedMimeTypes") and mime not in wanted["allowedMimeTypes"]:
            return invalid("file", f"content type {mime} is not allowed")
        document = parts.get("documentType")
        document_type = document.data.decode("utf-8", "replace") if document else None
        allowed = wanted.get("allowedDocumentTypes")
        if document_type is not None and allowed and document_type not in allowed:
            return invalid("documentType", f"must be one of {', '.join(allowed)}")
        now = self.now()
        return AttachmentRecord(wanted["id"], file.filename, mime, file.data, document_type,
                                now, now)  # fmt: skip

    def _store(self, order: OrderRecord, upload: AttachmentRecord) -> None:
        previous = order.attachments.get(upload.attachment_id)
        if previous is not None:  # uploading again replaces the file
            upload.created_at = previous.created_at
        order.attachments[upload.attachment_id] = upload
        order.updated_at = upload.updated_at
        order.logs.append((upload.updated_at, f"Attachment {upload.attachment_id} received"))


def registration_violations(
    schema: Mapping[str, Any] | None, details: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Every problem of ``details`` against the requirements' JSON Schema: a required field
    missing or blank, a field that is not in the schema, a wrong type or a value too long."""
    if not schema:
        return []  # nothing is asked for this region and type
    properties: Mapping[str, Any] = schema.get("properties", {})
    found = [(f"requestDetails.{name}", "is required") for name in schema.get("required", [])
             if details.get(name) is None or str(details[name]).strip() == ""]  # fmt: skip
    for name, value in details.items():
        rule = properties.get(name)
        if rule is None:
            found.append((f"requestDetails.{name}", "is not a registration field"))
        elif not isinstance(value, str):
            found.append((f"requestDetails.{name}", "must be a string"))
        elif len(value) > rule.get("maxLength", len(value)):
            found.append((f"requestDetails.{name}", f"must be at most {rule['maxLength']} "
                          "characters"))  # fmt: skip
    return sorted(set(found))


def _too_large(attachment_id: str, limit: int) -> Response:
    detail = {
        "type": "ResourceInfo",
        "resourceName": attachment_id,
        "description": f"The attachment is larger than {limit} bytes",
    }
    body = {"code": 413, "message": "Attachment too large", "status": "CONTENT_TOO_LARGE",
            "details": [detail]}  # fmt: skip
    return json_response(413, {"error": body})
