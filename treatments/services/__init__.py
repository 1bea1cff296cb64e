"""Writes to clinical records, one module per topic. The admin and the API both call these."""
