"""The mivs plugin of the example app."""
