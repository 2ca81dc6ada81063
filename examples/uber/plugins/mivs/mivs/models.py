"""Models of the mivs plugin."""

from sqlalchemy import Column, ForeignKey, String, Unicode
from sqlalchemy.orm import relationship

from uber.models import MagModel


class IndieStudio(MagModel):
    name = Column(Unicode, nullable=False, default='', server_default='')
    website = Column(Unicode, nullable=False, default='', server_default='')


class IndieGame(MagModel):
    studio_id = Column(String(36), ForeignKey('indie_studio.id', ondelete='CASCADE'),
                       nullable=False)
    studio = relationship('IndieStudio', backref='games')
    title = Column(Unicode, nullable=False, default='', server_default='')
