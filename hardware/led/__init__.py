"""Counter LED displays (the number over each loket): codecs, serial driver, simulator."""
