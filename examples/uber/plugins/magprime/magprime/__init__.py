"""The magprime plugin of the example app."""
