"""The detail context of investment projects."""
