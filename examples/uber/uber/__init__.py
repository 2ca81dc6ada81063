"""The uber core of the example app (a miniature of ubersystem)."""
