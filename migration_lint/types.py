"""Comparing SQL types as written: ``sa.VARCHAR(length=20)`` ~ ``sa.String(20)``.

Autogenerate writes reflected types (``sa.VARCHAR()``, ``sa.INTEGER()``, ``sa.BOOLEAN()``)
in one direction and the model's generic types (``sa.Unicode()``, ``sa.Integer()``) in the
other; rules compare them through :func:`type_key`.
"""

from __future__ import annotations

from .facts import TypeRef

_FAMILIES: dict[str, str] = {}
for _family, _names in {
    "STRING": ("String", "VARCHAR", "Unicode", "NVARCHAR", "CoerceUTF8", "CHARACTER_VARYING"),
    "CHAR": ("CHAR", "NCHAR"),
    "TEXT": ("Text", "TEXT", "UnicodeText", "CLOB", "MEDIUMTEXT", "LONGTEXT", "TINYTEXT"),
    "INTEGER": ("Integer", "INTEGER", "INT"),
    "SMALLINT": ("SmallInteger", "SMALLINT", "TINYINT"),
    "BIGINT": ("BigInteger", "BIGINT"),
    "BOOLEAN": ("Boolean", "BOOLEAN", "BOOL"),
    "DATETIME": ("DateTime", "DATETIME", "TIMESTAMP", "UTCDateTime"),
    "DATE": ("Date", "DATE"),
    "TIME": ("Time", "TIME"),
    "NUMERIC": ("Numeric", "NUMERIC", "DECIMAL"),
    "FLOAT": ("Float", "FLOAT", "REAL", "DOUBLE", "DOUBLE_PRECISION", "Double"),
    "UUID": ("UUID", "Uuid"),
    "JSON": ("JSON",),
    "JSONB": ("JSONB",),
    "BINARY": ("LargeBinary", "BLOB", "BYTEA", "VARBINARY", "BINARY"),
    "INTERVAL": ("Interval", "INTERVAL"),
    "ENUM": ("Enum", "ENUM"),
}.items():
    for _name in _names:
        _FAMILIES[_name] = _family

_SIZE_KEYWORDS = ("length", "precision", "scale")


def type_family(type_: TypeRef) -> str:
    return _FAMILIES.get(type_.name, type_.name.upper() or type_.text)


def type_key(type_: TypeRef) -> str:
    """A normalised form: family plus size arguments, e.g. ``STRING(20)``, ``INTEGER``."""
    family = type_family(type_)
    if family in ("ENUM",):
        return family
    kwargs = dict(type_.kwargs)
    sizes = list(type_.args) if family in ("STRING", "CHAR", "NUMERIC", "FLOAT", "BINARY") else []
    sizes += [kwargs[k] for k in _SIZE_KEYWORDS if k in kwargs]
    sizes = [s for s in sizes if s != "None"]
    return f"{family}({', '.join(sizes)})" if sizes else family


def same_type(first: TypeRef | None, second: TypeRef | None) -> bool:
    return first is not None and second is not None and type_key(first) == type_key(second)
