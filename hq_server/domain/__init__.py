"""Pure rules of headquarters: no I/O, no database, no web."""
