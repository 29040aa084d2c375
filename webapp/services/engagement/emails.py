"""The shop's mails as a reader gets them: a plain-text part and an HTML part from one pair of templates.

Every mail is written by two templates, `templates/emails/<name>.txt` and `<name>.html` (which extends
`emails/_layout.html`); both get the same context. The HTML is autoescaped like every page, so text a
customer typed (a name, a feedback message) is shown, never run. Its stylesheet sits in the layout's
<style> block, where it is readable; css-inline then copies each rule into style attributes, because
many mail programs drop <style> blocks. Links and pictures are absolute, on SHOP_URL: a mail is built
by a job, long after (and far from) any request that knows the shop's host.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import css_inline
from flask import current_app, render_template

from webapp.models.engagement import OutboxMail
from webapp.services.engagement import mail

# Mail programs ignore <style>, <link> and remote stylesheets alike: everything is inlined, nothing fetched.
_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


@dataclass(frozen=True)
class Rendered:
    text: str
    html: str


def absolute_url(endpoint: str, **values: object) -> str:
    """A full link on SHOP_URL, for mail, which may be sent long after (and outside) the request that wrote it."""
    base = urlsplit(current_app.config["SHOP_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def picture_url(image_name: str | None) -> str | None:
    """A product picture's absolute address (mail programs cannot resolve a path), or None without one."""
    return absolute_url("shop.product_image", image_name=image_name) if image_name else None


def render(name: str, **context: object) -> Rendered:
    """Both parts of mail `name`, from the same context; the HTML with its stylesheet inlined."""
    context.setdefault("shop_url", absolute_url("shop.home"))
    text = render_template(f"emails/{name}.txt", **context)
    html = render_template(f"emails/{name}.html", **context)
    return Rendered(text, _INLINER.inline(html))


def queue(to_address: str, subject: str, name: str, **context: object) -> OutboxMail:
    """Render mail `name` and add it to the outbox in the current transaction (it leaves after the commit)."""
    rendered = render(name, **context)
    return mail.queue(to_address, subject, rendered.text, rendered.html)
