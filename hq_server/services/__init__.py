"""Headquarters' use cases, one transaction each."""
