"""Async client for the Sinch Numbers API (built in a later issue; see the issue tracker)."""

__all__: list[str] = []
