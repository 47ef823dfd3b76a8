"""The error pages as production serves them (DEBUG off): 403 and 404 in the site's layout,
with the menu for a signed-in user; 500 standalone, drawn with no request, user or database
(issue 21: they were Django's bare English pages). Plus the favicon every layout links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import path

from cnqp.core.testing.browser import vi
from cnqp.urls import handler400  # noqa: F401  # the site's, for this test URLconf too
from cnqp.urls import urlpatterns as site_urlpatterns


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a forged header")


# The site's own URLs (the menu and the home link reverse them) and three views that fail.
urlpatterns = [path("test-errors/400/", _suspicious), path("test-errors/403/", _forbidden),
               path("test-errors/500/", _broken), *site_urlpatterns]
production = override_settings(DEBUG=False, ROOT_URLCONF=__name__)


def _error_page(html: str, status: int) -> None:
    assert '<html lang="vi">' in html
    assert f'data-status="{status}"' in html
    assert 'href="/"' in html  # the way back home
    assert 'rel="icon"' in html


@production
def test_a_missing_page_is_a_vietnamese_404_with_the_menu(org: Any, admin_user: Any,
                                                           client_for: Any) -> None:
    response = client_for(admin_user).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _error_page(html, 404)
    assert vi("Page not found") in html
    assert 'id="main-menu"' in html and f'aria-label="{vi("Main menu")}"' in html
    assert '<a class="nav-link" href="/org-units/"' in html  # the admin's menu, drawn
    assert admin_user.full_name in html  # the header


@production
def test_a_visitor_not_signed_in_gets_the_404_in_the_log_in_frame(db: Any) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _error_page(html, 404)
    assert vi("Page not found") in html and 'id="main-menu"' not in html


@production
def test_a_refusal_is_a_vietnamese_403_with_the_menu(org: Any, admin_user: Any,
                                                      client_for: Any) -> None:
    response = client_for(admin_user).get("/test-errors/403/")
    assert response.status_code == 403
    html = response.content.decode()
    _error_page(html, 403)
    assert vi("Access denied") in html and 'id="main-menu"' in html


@production
def test_a_page_a_role_may_not_open_answers_the_403_page(org: Any, make_user: Any,
                                                         client_for: Any) -> None:
    clerk = make_user(["enterprise_staff"], org.enterprise_a)
    response = client_for(clerk).get("/org-units/new/")
    assert response.status_code == 403
    assert vi("Access denied") in response.content.decode()


@production
def test_a_crash_is_the_vietnamese_500_page(org: Any, admin_user: Any, client_for: Any) -> None:
    client = client_for(admin_user)
    client.raise_request_exception = False
    response = client.get("/test-errors/500/")
    assert response.status_code == 500
    html = response.content.decode()
    _error_page(html, 500)
    assert vi("Server error") in html
    assert 'id="main-menu"' not in html and "a bug" not in html


def test_the_500_page_needs_no_request_and_no_database() -> None:
    """Rendered as Django's server_error renders it; the test has no database access, so a
    query would fail it."""
    html = render_to_string("500.html")
    _error_page(html, 500)
    assert vi("Server error") in html


def test_favicon_is_served_and_linked(client: Client, org: Any, admin_user: Any,
                                      client_for: Any) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("cnqp/favicon.ico")
    ico, svg = finders.find("cnqp/favicon.ico"), finders.find("cnqp/favicon.svg")
    assert isinstance(ico, str) and isinstance(svg, str)
    assert Path(ico).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an icon resource
    assert "<svg" in Path(svg).read_text(encoding="utf-8")
    icon = f'<link rel="icon" href="{static("cnqp/favicon.svg")}" type="image/svg+xml">'
    assert icon in client.get("/login/").content.decode()  # the log-in layout
    assert icon in client_for(admin_user).get("/").content.decode()  # the site's layout


@production
def test_a_bad_request_is_a_vietnamese_400_with_the_menu(org: Any, admin_user: Any,
                                                         client_for: Any) -> None:
    response = client_for(admin_user).get("/test-errors/400/")
    assert response.status_code == 400
    html = response.content.decode()
    _error_page(html, 400)
    assert vi("Bad request") in html and 'id="main-menu"' in html
    assert "a forged header" not in html
    anonymous = Client().get("/test-errors/400/")
    assert anonymous.status_code == 400 and vi("Bad request") in anonymous.content.decode()


@production
def test_a_form_whose_token_failed_says_it_expired_and_leads_back(org: Any, admin_user: Any,
                                                                  client_for: Any) -> None:
    client = client_for(admin_user)
    client.handler.enforce_csrf_checks = True
    response = client.post("/account/digest/", {"daily_digest": "on"},
                           HTTP_REFERER="http://testserver/account/")
    assert response.status_code == 403
    html = response.content.decode()
    _error_page(html, 403)
    assert vi("The form has expired") in html and 'id="main-menu"' in html
    assert 'href="http://testserver/account/" data-back' in html
    admin_user.refresh_from_db()
    assert not admin_user.daily_digest  # nothing saved
    # a page elsewhere is no way back; a visitor not signed in gets the log-in frame
    elsewhere = client.post("/account/digest/", {}, HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in elsewhere.content.decode()
    visitor = Client(enforce_csrf_checks=True).post("/login/", {"username": "x"})
    assert visitor.status_code == 403
    assert vi("The form has expired") in visitor.content.decode()
    assert 'id="main-menu"' not in visitor.content.decode()


@pytest.mark.parametrize("template", ["403.html", "404.html", "500.html"])
def test_error_templates_are_in_the_site_folder(template: str) -> None:
    """Django's default handlers find them by these names: no handler of our own."""
    assert get_template(template).origin.name.endswith(f"cnqp/templates/{template}")
