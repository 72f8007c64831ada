"""Oversight (measure 20): reports from teachers and the public, the cases that handle them, accountability."""
