"""Models of the shop plugin (depends on core)."""

from sqlalchemy import Column, ForeignKey, Integer, String, Unicode
from sqlalchemy.orm import relationship

from core.models import MagModel


class ShopItem(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    price = Column(Integer, nullable=False, default=0, server_default='0')  # in cents
    # Tickets for an event: but shop does not depend on events (ML302).
    event_id = Column(String(36), ForeignKey('event.id'), nullable=True)
    event = relationship('Event')


class ShopSale(MagModel):
    item_id = Column(String(36), ForeignKey('shop_item.id', ondelete='CASCADE'), nullable=False)
    item = relationship('ShopItem', backref='sales')
    attendee_id = Column(String(36), ForeignKey('attendee.id'), nullable=False)
    attendee = relationship('Attendee', backref='purchases')
    quantity = Column(Integer, nullable=False, default=1, server_default='1')
    total = Column(Integer, nullable=False, default=0)
