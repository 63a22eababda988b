"""Headquarters' HTTP API: ingest from offices and queries for the dashboard."""
