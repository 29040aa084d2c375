from flask import current_app, make_response, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.lookups import found_or_404, product_on_sale_or_404
from webapp.request_deals import live_deals
from webapp.services.catalog import browse, showcase
from webapp.services.catalog.media import etag_of, product_image_path
from webapp.services.engagement import recommendations, reviews
from webapp.services.pricing import promotions
from webapp.services.shop_settings import current_settings
from webapp.services.visual_search import neighbour_lists
from webapp.shop import bp

ONE_YEAR = 365 * 24 * 3600


@bp.route("/")
def home() -> str:
    deals = live_deals()
    return render_template(
        "shop/home.html",
        tiles=showcase.category_tiles(),
        best_sellers=showcase.best_sellers(),
        new_arrivals=browse.new_arrivals(),
        featured=browse.featured_products(),
        deals=deals.deals,
        on_deal=promotions.products_on_deal(deals),
    )


# static/js/site.js asks for the listing's changing part alone when a filter changes, and swaps it in.
FRAGMENT_HEADER = "X-Listing-Fragment"


@bp.route("/products")
def listing() -> Response:
    query = browse.parse_listing_query(request.args)
    page = browse.search_products(query, current_app.config["PRODUCTS_PER_PAGE"], live_deals())
    fragment = request.headers.get(FRAGMENT_HEADER) == "1"
    html = render_template(
        "shop/_listing.html" if fragment else "shop/listing.html",
        page=page, sorts=browse.SORTS, bounds=browse.price_bounds(), title=browse.listing_title(query),
    )
    response = make_response(html)
    response.vary.add(FRAGMENT_HEADER)  # one URL, two bodies: no cache may hand one for the other
    return response


@bp.route("/products/<int:product_id>")
def product(product_id: int) -> str:
    item = product_on_sale_or_404(product_id)
    html = render_template(
        "shop/product.html",
        product=item,
        similar=neighbour_lists.similar_products(item.id),
        reviews=reviews.product_reviews(item.id),
        settings=current_settings(),
    )
    # After rendering: its commit would otherwise expire what the page is about to read.
    if current_user.is_authenticated:
        recommendations.record_view(current_user, item.id)
    return html


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Browsers and crawlers ask for /favicon.ico whatever the page links; the icon is the SVG in static/."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.route("/media/products/<image_name>")
def product_image(image_name: str) -> Response:
    path = found_or_404(product_image_path(image_name), "No such picture.")
    response = send_file(path, max_age=ONE_YEAR, etag=etag_of(image_name), conditional=True)
    # The name changes with the content, so browsers may keep it for good.
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response
