"""``sep alembic verify``: prove on a scratch database that migrations build the models'
schema (schema equivalence), keep the data (data survival) and undo cleanly (round trip).
"""
