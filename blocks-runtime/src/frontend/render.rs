//! Text the page shows as HTML: Markdown rendered by pulldown-cmark, and every HTML string
//! (rendered Markdown, `Html` component values) sanitised by ammonia before it leaves the
//! server. The page never inserts anything else as HTML.

use pulldown_cmark::{html, Options, Parser};

/// Markdown to sanitised HTML.
///
/// ```
/// use blocks_runtime::frontend::markdown_html;
/// let html = markdown_html("# Hi <script>alert(1)</script>");
/// assert!(html.contains("<h1>Hi"));
/// assert!(!html.contains("<script"));
/// ```
pub fn markdown_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, Parser::new_ext(markdown, options));
    sanitized_html(&rendered)
}

/// HTML with scripts, event handlers and other active content removed.
///
/// ```
/// use blocks_runtime::frontend::sanitized_html;
/// assert_eq!(sanitized_html("<b onclick=\"x()\">hi</b>"), "<b>hi</b>");
/// ```
pub fn sanitized_html(html: &str) -> String {
    ammonia::clean(html)
}

/// The HTML the page shows for a component value, for components shown as HTML.
pub(crate) fn html_for(kind: &str, value: &serde_json::Value) -> Option<String> {
    let text = value.as_str()?;
    match kind {
        "markdown" => Some(markdown_html(text)),
        "html" => Some(sanitized_html(text)),
        _ => None,
    }
}
