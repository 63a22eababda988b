"""Qt app tests (pytest-qt, real widgets, offscreen)."""
