"""Core models of the hazards example, in the style of ubersystem's ``uber/models``.

Read statically by migration_lint only (this project is never imported or run).  Table
names come from the class names (``tablename = "snake_case"`` in ``pyproject.toml``):
``Attendee`` -> ``attendee``, ``Department`` -> ``department``.
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
from sqlalchemy.orm import DeclarativeBase, MapperProperty, declared_attr, relationship

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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=naming_convention)


class MagModel(Base):
    __abstract__ = True

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return camel_to_snake(cls.__name__)

    id = Column(String(36), primary_key=True, default=lambda: str(uuid4()))
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow)


def model_mixin(model):
    """Copy the columns and relationships of ``model`` onto the mapped class of the same name."""
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
    name = Column(Unicode, nullable=False, default='', server_default='', index=True)
    cost = Column(Integer, nullable=False, default=0, server_default='0')


class Attendee(MagModel):
    first_name = Column(Unicode, nullable=False, default='', server_default='')
    last_name = Column(Unicode, nullable=False, default='', server_default='', index=True)
    nickname = Column(Unicode, nullable=False, default='', server_default='')
    email = Column(Unicode, nullable=True, index=True)
    cellphone = Column(Unicode, nullable=True)
    emergency_contact_name = Column(Unicode, nullable=False, default='', server_default='')
    emergency_contact_phone = Column(Unicode, nullable=False, default='', server_default='')
    badge_num = Column(Integer, nullable=True)
    badge_status = Column(Unicode, nullable=False, default='new', server_default='new')
    checked_in_at = Column(DateTime(timezone=True), nullable=True)

    group_id = Column(String(36), ForeignKey('group.id', ondelete='SET NULL'), nullable=True)
    group = relationship('Group', backref='attendees', foreign_keys=group_id)

    assigned_depts = relationship('Department', secondary='dept_membership', backref='members')

    @property
    def full_name(self):
        return f'{self.first_name} {self.last_name}'


class Department(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    description = Column(Unicode, nullable=False, default='', server_default='')
