"""Models of the badges plugin (depends on events)."""

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from core.models import MagModel


class BadgePrintJob(MagModel):
    attendee_id = Column(String(36), ForeignKey('attendee.id', ondelete='CASCADE'),
                         nullable=False)
    attendee = relationship('Attendee', backref='print_jobs')
    printed_name = Column(String(20), nullable=False, default='', server_default='')
    reprint_count = Column(Integer, nullable=False, default=0, server_default='0')
    printed_at = Column(DateTime(timezone=True), nullable=True)
