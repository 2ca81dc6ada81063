"""Models of the events plugin (depends on core)."""

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Unicode
from sqlalchemy.orm import relationship

from core.models import MagModel, Session


@Session.model_mixin
class Attendee:
    is_panelist = Column(Boolean, nullable=False, default=False, server_default='0')


class Event(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    description = Column(Unicode, nullable=False, default='', server_default='')
    start_time = Column(DateTime(timezone=True), nullable=True, index=True)
    duration = Column(Integer, nullable=False, default=60)
    tracks = Column(Unicode, nullable=True)
    # Declared here by the badges developer, migrated in the badges branch (ML202).
    badge_ribbon = Column(Unicode, nullable=False, default='', server_default='')

    location_id = Column(String(36), ForeignKey('event_location.id'), nullable=True, index=True)
    location = relationship('EventLocation', backref='events')


class EventLocation(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='', index=True)
    room = Column(Unicode, nullable=False, default='', server_default='')
    # Added to the model, but nobody generated the revision (ML204).
    capacity = Column(Integer, nullable=True)
