//! The static share pages and their scripts, built into the binary: the same bytes for every
//! link, no inline script, nothing from another origin.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: [(&str, &str, &str); 6] = [
    ("request.html", "text/html; charset=utf-8", include_str!("../../web/request.html")),
    ("send.html", "text/html; charset=utf-8", include_str!("../../web/send.html")),
    ("hpke.js", "text/javascript; charset=utf-8", include_str!("../../web/hpke.js")),
    ("common.js", "text/javascript; charset=utf-8", include_str!("../../web/common.js")),
    ("request.js", "text/javascript; charset=utf-8", include_str!("../../web/request.js")),
    ("send.js", "text/javascript; charset=utf-8", include_str!("../../web/send.js")),
];
const CSS: &str = include_str!("../../web/share.css");

fn serve(content_type: &'static str, body: &'static str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn asset_named(name: &str) -> Option<(&'static str, &'static str)> {
    if name == "share.css" {
        return Some(("text/css; charset=utf-8", CSS));
    }
    ASSETS.iter().find(|(file, _, _)| *file == name).map(|(_, kind, body)| (*kind, *body))
}

pub async fn request_page() -> Response {
    asset_page("request.html")
}

pub async fn send_page() -> Response {
    asset_page("send.html")
}

fn asset_page(name: &str) -> Response {
    match asset_named(name) {
        Some((kind, body)) => serve(kind, body),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn asset(Path(file): Path<String>) -> Response {
    // Only the scripts and the stylesheet are assets; the pages have their own paths.
    if file.ends_with(".html") {
        return StatusCode::NOT_FOUND.into_response();
    }
    asset_page(&file)
}

/// `/share/r%231.…`: a link whose `#` a mail gateway encoded, so the key reached the path.
/// The page (without a fragment) tells the person the link was altered; the path is not
/// logged or stored.
pub async fn mangled_link(Path(segment): Path<String>) -> Response {
    match segment.split_once('#').map(|(page, _)| page) {
        Some("r") => asset_page("request.html"),
        Some("s") => asset_page("send.html"),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
