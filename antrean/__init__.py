"""Antrean: kiosk and queue management for Indonesian immigration offices."""

__version__ = "0.1.0"
