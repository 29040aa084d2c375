"""A search photo belongs to the session that sent it, and goes with it at logout."""
from tests.support.search import drawing, encoded, search_with_photo, stored_uploads
from tests.support.web import post_form


def test_after_logout_the_next_person_on_the_browser_cannot_open_the_previous_users_photo(
    photo_client, indexed_catalogue, auth, customer
):
    auth.login(customer)
    search_with_photo(photo_client, encoded(drawing((205, 35, 35), "Tshirts")))
    [name] = stored_uploads()
    url = f"/search/photo/uploads/{name}"
    assert photo_client.get(url).status_code == 200
    post_form(photo_client, "/", {}, action="/auth/logout")
    assert photo_client.get(url).status_code == 404
