"""``client.orders``: the Number Order API, Sinch's recommended way to buy numbers.

Flow: ``requirements`` -> ``create`` (reserves numbers until ``expire_time``) ->
``update_registration`` / ``upload_attachment`` when the region asks for them -> ``submit``.
"""

from __future__ import annotations

from transports.endpoint import project_endpoint

from . import builders
from ._resources import _Resource


class NumberOrdersResource(_Resource):
    """Number orders. ``create`` and ``submit`` are never resent once the server may have
    acted on them (a timeout there means "unknown": ``get`` the order to find out)."""

    requirements = project_endpoint(builders.lookup_number_requirements)
    create = project_endpoint(builders.create_number_order)
    get = project_endpoint(builders.get_number_order)
    update_registration = project_endpoint(builders.update_number_order_registration)
    get_registration = project_endpoint(builders.get_number_order_registration)
    upload_attachment = project_endpoint(builders.upload_number_order_attachment)
    submit = project_endpoint(builders.submit_number_order)
