"""Page-number pagination whose page numbers stay within what the database can count to."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# ninja's page has no upper bound: ?page=10**24 made an OFFSET the database cannot hold (500 on SQLite and
# PostgreSQL alike). A million pages of 50 is far beyond any list of the platform.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
