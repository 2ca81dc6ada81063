"""The panels plugin of the example app."""
