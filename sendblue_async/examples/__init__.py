"""Runnable examples: ``python -m sendblue_async.examples.echo_bot``."""
