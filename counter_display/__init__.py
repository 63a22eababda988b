"""counter_display."""
