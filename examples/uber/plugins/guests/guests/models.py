"""Models of the guests plugin."""

from sqlalchemy import Column, ForeignKey, String, Unicode
from sqlalchemy.orm import backref, relationship

from uber.models import MagModel


class GuestGroup(MagModel):
    group_id = Column(String(36), ForeignKey('group.id'), nullable=True)
    group = relationship('Group', backref=backref('guest', uselist=False))
    bio = Column(Unicode, nullable=False, default='', server_default='')


class GuestBio(MagModel):
    guest_id = Column(String(36), ForeignKey('guest_group.id'), unique=True)
    guest = relationship('GuestGroup', backref=backref('bio_info', uselist=False))
    desc = Column(Unicode, nullable=False, default='', server_default='')
