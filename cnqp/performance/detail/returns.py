"""The detail context of returns."""
