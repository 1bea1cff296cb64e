"""Benchmarks that print figures. Run all with `make bench`, one with `python -m bench.<name>`."""
