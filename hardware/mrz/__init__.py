"""Passport MRZ: the ICAO 9303 parser and the readers that deliver MRZ text."""

from hardware.mrz.parser import MrzFormatError, MrzResult, check_digit, parse_mrz

__all__ = ["MrzFormatError", "MrzResult", "check_digit", "parse_mrz"]
