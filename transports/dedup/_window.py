"""The default de-duplication window, shared by every store."""

DEFAULT_WINDOW = 24 * 3600.0  # seconds a key is remembered: longer than any retry schedule
