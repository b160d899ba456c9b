//! The two web pages the host serves, plain HTML with a little JavaScript embedded in the
//! binary (no build step): the phone page (`assets/classroom/phone.html`) and the host's
//! projector page (`assets/classroom/host.html`). Their words come from the Fluent files in
//! the room's language and go in as JSON; the pages insert every text with `textContent`.

use crate::course::Lang;
use crate::locale::I18n;
use crate::source::escape_html;

const PHONE: &str = include_str!("../../assets/classroom/phone.html");
const HOST: &str = include_str!("../../assets/classroom/host.html");

/// The Fluent keys each page uses (every `class-phone-*` / `class-host-*` key).
fn strings(i18n: &I18n, lang: Lang, prefixes: &[&str]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = I18n::keys()
        .into_iter()
        .filter(|k| prefixes.iter().any(|p| k.starts_with(p)))
        .map(|k| {
            // "class-phone-join-title" → "phone_join_title"
            let short = k.trim_start_matches("class-").replace('-', "_");
            let v = i18n.t(lang, &k);
            (short, serde_json::Value::String(v))
        })
        .collect();
    script_safe(&serde_json::Value::Object(map).to_string())
}

/// JSON that can sit inside a `<script>` element (no `</script>` or `<!--` can form).
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

/// The phone page for room `room`.
pub fn phone(i18n: &I18n, lang: Lang, room: &str) -> String {
    PHONE
        .replace("__LANG__", html_lang(lang))
        .replace(
            "__TITLE__",
            &escape_html(&i18n.t(lang, "class-phone-join-title")),
        )
        .replace("__STRINGS__", &strings(i18n, lang, &["class-phone-"]))
        .replace(
            "__ROOM__",
            &script_safe(&serde_json::Value::String(room.into()).to_string()),
        )
}

/// The host page, with the QR code of `join_url`.
pub fn host(i18n: &I18n, lang: Lang, join_url: &str) -> String {
    HOST.replace("__LANG__", html_lang(lang))
        .replace("__TITLE__", &escape_html(&i18n.t(lang, "app-title")))
        .replace(
            "__STRINGS__",
            &strings(i18n, lang, &["class-host-", "class-phone-"]),
        )
        .replace("__QR__", &qr_svg(join_url))
}

/// The QR code of `url` as an inline SVG (empty if the URL is too long for a QR code).
pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}
