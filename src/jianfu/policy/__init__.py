"""The rule catalog of the twenty measures and the screening engine (plain Python; Django only for cases)."""
