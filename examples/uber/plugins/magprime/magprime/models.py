"""Models of the magprime plugin."""

from sqlalchemy import Column, Integer, Unicode

from uber.models import MagModel, Session


@Session.model_mixin
class Attendee:
    reg_station = Column(Integer, nullable=True)


class MagprimeSale(MagModel):
    what = Column(Unicode, nullable=False, default='', server_default='')
    cash = Column(Integer, nullable=False, default=0, server_default='0')
