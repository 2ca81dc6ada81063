"""Models of the tabletop plugin."""

from sqlalchemy import Column, ForeignKey, String, Unicode
from sqlalchemy.orm import relationship

from uber.models import MagModel


class TabletopGame(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    code = Column(Unicode, nullable=False, default='', server_default='')


class TabletopCheckout(MagModel):
    game_id = Column(String(36), ForeignKey('tabletop_game.id', ondelete='CASCADE'),
                     nullable=False)
    game = relationship('TabletopGame', backref='checkouts')
    attendee_id = Column(String(36), ForeignKey('attendee.id', ondelete='CASCADE'),
                         nullable=False)
    attendee = relationship('Attendee', backref='checkouts')
