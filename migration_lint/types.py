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


_INTEGER_WIDTH = {"SMALLINT": 1, "INTEGER": 2, "BIGINT": 3}


def _sizes(type_: TypeRef) -> list[int]:
    kwargs = dict(type_.kwargs)
    values = [*type_.args, *(kwargs[k] for k in _SIZE_KEYWORDS if k in kwargs)]
    return [int(v) for v in values if v.isdigit()]


def type_change(old: TypeRef, new: TypeRef) -> str | None:
    """How ``old`` becomes ``new``: "narrowing" (some values may not fit), "widening", a
    "change" between families, or None when they are the same type."""
    if type_key(old) == type_key(new):
        return None
    before, after = type_family(old), type_family(new)
    if before in _INTEGER_WIDTH and after in _INTEGER_WIDTH:
        return _verdict(_INTEGER_WIDTH[after] < _INTEGER_WIDTH[before])
    if before in ("STRING", "CHAR", "TEXT") and after in ("STRING", "CHAR", "TEXT"):
        old_size, new_size = _sizes(old), _sizes(new)
        if after == "TEXT":
            return "widening"
        if before == "TEXT" or not old_size:
            return _verdict(bool(new_size))  # unbounded to bounded
        return _verdict(bool(new_size) and new_size[0] < old_size[0])
    if before == "NUMERIC" and after == "NUMERIC":
        old_size, new_size = _sizes(old), _sizes(new)
        return _verdict(any(n < o for o, n in zip(old_size, new_size, strict=False)))
    if (before in ("NUMERIC", "FLOAT") and after in _INTEGER_WIDTH) or (
        before == "DATETIME" and after == "DATE"
    ):
        return "narrowing"
    if before in _INTEGER_WIDTH and after in ("NUMERIC", "FLOAT"):
        return "widening"
    return "change"


def _verdict(narrowing: bool) -> str:
    return "narrowing" if narrowing else "widening"
