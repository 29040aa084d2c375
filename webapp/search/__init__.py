"""Photo search: upload (or point to) a photo and see the catalogue's look-alikes. Open to guests."""
from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

from webapp.search import suggest, views  # noqa: E402,F401  (registers the routes)
