"""The guests plugin of the example app."""
