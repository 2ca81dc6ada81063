"""The tabletop plugin of the example app."""
