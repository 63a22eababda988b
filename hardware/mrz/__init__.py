"""Passport MRZ readers: the devices that deliver MRZ text (the ICAO 9303 parser itself is
``queue_protocol.mrz``, shared with the server)."""
