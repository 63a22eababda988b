"""Antrean: kiosk and queue management for Indonesian immigration offices."""

from importlib.metadata import version

__version__ = version("antrean")  # pyproject.toml's, as installed
