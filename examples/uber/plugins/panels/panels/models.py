"""Models of the panels plugin."""

from sqlalchemy import Column, ForeignKey, Integer, String, Unicode
from sqlalchemy.orm import relationship

from uber.models import MagModel, Session


@Session.model_mixin
class Attendee:
    panel_notes = Column(Unicode, nullable=False, default='', server_default='')


class PanelApplication(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    length = Column(Integer, nullable=False, default=60, server_default='60')
    length_minutes = Column(Integer, nullable=True)

    event_id = Column(String(36), ForeignKey('event.id', ondelete='SET NULL'), nullable=True,
                      index=True)
    event = relationship('Event', backref='applications')


class PanelApplicant(MagModel):
    first_name = Column(Unicode, nullable=False, default='', server_default='')
    app_id = Column(String(36), ForeignKey('panel_application.id', ondelete='CASCADE'),
                    nullable=False)
    application = relationship('PanelApplication', backref='applicants')
