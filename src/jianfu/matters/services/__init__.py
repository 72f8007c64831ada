"""Writes of the pipeline; each runs in one transaction with its audit rows and timeline steps."""
