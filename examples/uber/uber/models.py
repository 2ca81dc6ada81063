"""Core models of the example app, in the style of ubersystem's ``uber/models``.

Table names are never written by hand: ``MagModel.__tablename__`` derives them from
the class name (``EventLocation`` -> ``event_location``), which is what
``tablename = "snake_case"`` in ``pyproject.toml`` tells migration_lint.
"""

import re
from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Unicode,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, MapperProperty, declared_attr, relationship
from sqlalchemy.sql.functions import FunctionElement

naming_convention = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


def camel_to_snake(name):
    """``EventLocation`` -> ``event_location``."""
    return re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()


def utcnow():
    return datetime.now(UTC)


class utcnow_default(FunctionElement):
    """The database's "now, in UTC", written as the revisions write it on each dialect
    (what ubersystem's ``UTCNow`` does), so create_all and the migrations agree."""

    type = DateTime()
    inherit_cache = True


@compiles(utcnow_default, 'sqlite')
def _utcnow_sqlite(element, compiler, **kw):
    return "(datetime('now', 'utc'))"


@compiles(utcnow_default, 'postgresql')
def _utcnow_postgresql(element, compiler, **kw):
    return "timezone('utc', current_timestamp)"


@compiles(utcnow_default)
def _utcnow_other(element, compiler, **kw):
    return 'CURRENT_TIMESTAMP'


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=naming_convention)


class MagModel(Base):
    __abstract__ = True

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return camel_to_snake(cls.__name__)

    id = Column(String(36), primary_key=True, default=lambda: str(uuid4()))
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow,
                     server_default=utcnow_default())

    def __repr__(self):
        return f'<{self.__class__.__name__} id={self.id!r}>'


def model_mixin(model):
    """Copy the columns and relationships of ``model`` onto the mapped class of the same name.

    Plugins use it to add columns to core tables::

        @Session.model_mixin
        class Attendee:
            panel_notes = Column(Unicode, nullable=False, default='', server_default='')

    Assigning a Column to a mapped declarative class adds it to the class's table and
    mapper, so the column really becomes part of the ``attendee`` table.
    """
    matches = [m.class_ for m in Base.registry.mappers if m.class_.__name__ == model.__name__]
    if not matches:
        raise ValueError(f'model_mixin: no mapped class named {model.__name__!r}')
    target = matches[0]
    for name, value in list(vars(model).items()):
        if isinstance(value, (Column, MapperProperty)):
            setattr(target, name, value)
    return target


class Session:
    """Just enough of ubersystem's ``Session`` for plugins to write ``@Session.model_mixin``."""

    model_mixin = staticmethod(model_mixin)


dept_membership = Table(
    'dept_membership',
    Base.metadata,
    Column('attendee_id', String(36), ForeignKey('attendee.id'), primary_key=True),
    Column('department_id', String(36), ForeignKey('department.id'), primary_key=True),
)


class Group(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    cost = Column(Integer, nullable=False, default=0, server_default='0')


class Attendee(MagModel):
    first_name = Column(Unicode, nullable=False, default='', server_default='')
    last_name = Column(Unicode, nullable=False, default='', server_default='', index=True)
    badge_num = Column(Integer, nullable=True)
    email = Column(Unicode, nullable=True)

    group_id = Column(String(36), ForeignKey('group.id', ondelete='SET NULL'), nullable=True)
    group = relationship('Group', backref='attendees', foreign_keys=group_id)

    assigned_depts = relationship('Department', secondary='dept_membership', backref='members')

    @property
    def full_name(self):
        return f'{self.first_name} {self.last_name}'


class Department(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    description = Column(Unicode, nullable=False, default='', server_default='')


class Event(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    location_id = Column(String(36), ForeignKey('event_location.id'), nullable=True)
    location = relationship('EventLocation')
    tracks = Column(Unicode, nullable=True)


class EventLocation(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    room = Column(Unicode, nullable=False, default='', server_default='')
