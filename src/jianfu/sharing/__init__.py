"""Measure 16: student data goes from institution to institution, on an approved request, minimal, masked and
logged; class teachers never re-enter what the registry holds."""
