"""Shared test set-up. Factories (tests/factories.py) load the Baotou regions themselves when a flush removed them."""
