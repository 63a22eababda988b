"""The office-day simulator: workloads played through the real server code."""
