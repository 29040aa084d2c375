from flask import render_template, request, send_file, session
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from webapp.lookups import found_or_404
from webapp.request_deals import live_deals
from webapp.search import bp
from webapp.services.catalog import pictures
from webapp.services.visual_search import paths, photo_search, uploads
from webapp.services.visual_search.photo_search import SearchUnavailable
from webapp.services.visual_search.search_slots import SearchBusy, search_slot
from webapp.services.visual_search.uploads import UploadRejected

SESSION_KEY = "photo_uploads"
KEPT_IN_SESSION = 5
QUERY_PHOTO_MAX_AGE = 300
BUSY_RETRY_AFTER_SECONDS = 5

def _page(status: int = 200, form: MultiDict | None = None, **context: object) -> tuple[str, int]:
    html = render_template(
        "search/photo.html",
        form=request.form if form is None else form,
        options=photo_search.filter_options(),
        ready=paths.has_index(),
        not_ready=photo_search.NOT_READY,
        max_bytes=pictures.max_picture_bytes(),
        **context,
    )
    return html, status


@bp.get("/photo")
def photo() -> tuple[str, int]:
    return _page()


def _kept_photo() -> str | None:
    """The name of this session's photo the form asks to search again (new crop, another type), if still kept."""
    name = request.form.get("photo_name", "")
    return name if name and name in session.get(SESSION_KEY, []) else None


@bp.post("/photo")
def photo_submit() -> tuple[str, int]:
    query = photo_search.parse_photo_query(request.form)
    upload = request.files.get("photo")
    filename, data = (upload.filename or "", upload.read()) if upload else ("", b"")
    kept = None if filename or request.form.get("image_url", "").strip() else _kept_photo()
    try:
        if kept is not None:
            data = uploads.kept_photo_bytes(kept)
        else:
            data = uploads.query_photo_bytes(filename, data, request.form.get("image_url", ""))
        with search_slot():  # decoding, embedding and searching: a few at a time per worker
            result = photo_search.search_photo(uploads.decode_query_photo(data), query, live_deals())
            name = kept or uploads.store_query_photo(result.upright)
    except UploadRejected as exc:
        return _page(exc.status, error=str(exc))
    except SearchUnavailable as exc:
        return _page(503, error=str(exc))
    except SearchBusy as exc:
        html, status = _page(503, error=str(exc))
        return html, status, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}
    if kept is None:
        session[SESSION_KEY] = [*session.get(SESSION_KEY, []), name][-KEPT_IN_SESSION:]
    return _page(result=result, photo_name=name, query=query)


@bp.get("/photo/uploads/<name>")
def query_photo(name: str) -> Response:
    # Only the session that uploaded a photo may see it again.
    path = uploads.query_photo_path(name) if name in session.get(SESSION_KEY, []) else None
    path = found_or_404(path, "That photo is not available any more.")
    response = send_file(path, mimetype="image/jpeg", max_age=QUERY_PHOTO_MAX_AGE)
    response.cache_control.private = True
    return response


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    # The body was refused unread, so the form cannot be shown back.
    return _page(413, form=MultiDict(), error=pictures.too_large_message())
