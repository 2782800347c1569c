//! Text the page shows as HTML: Markdown rendered by pulldown-cmark, and every HTML string
//! (rendered Markdown, `Html` component values) sanitised by ammonia before it leaves the
//! server. The page never inserts anything else as HTML.
//!
//! Rendering is bounded for hostile input ([`RenderLimits`]): HTML5 tree building costs time in
//! proportion to the square of the nesting depth (every block start tag looks through the open
//! elements), so Markdown nested deeper than half the depth limit is flattened, HTML nested
//! deeper than the limit is refused, and so is text over the size limit. The engine renders
//! large values on the blocking thread pool, off the threads that serve other clients.

use pulldown_cmark::{html, Event, Options, Parser};

/// Bounds on the Markdown and HTML the server renders, set with
/// [`Blocks::render_limits`](crate::app::Blocks::render_limits).
///
/// ```
/// use blocks_runtime::frontend::RenderLimits;
/// let limits = RenderLimits::default().max_bytes(64 * 1024);
/// assert!(limits.markdown("# Hi").is_ok());
/// assert!(limits.markdown(&"x".repeat(65 * 1024)).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RenderLimits {
    /// The longest Markdown or HTML text rendered, in bytes; longer text is refused.
    /// Default 512 KiB.
    pub max_bytes: usize,
    /// The deepest element nesting accepted in HTML (raw HTML in Markdown included); deeper
    /// HTML is refused, and Markdown nested deeper than half of this is shown flattened.
    /// Default 128.
    pub max_depth: usize,
    /// Text at least this long is rendered on the blocking thread pool rather than on the
    /// thread running the event. Default 16 KiB.
    pub offload_bytes: usize,
}

impl Default for RenderLimits {
    fn default() -> Self {
        RenderLimits {
            max_bytes: 512 * 1024,
            max_depth: 128,
            offload_bytes: 16 * 1024,
        }
    }
}

/// Why a text was not rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The text is longer than [`RenderLimits::max_bytes`].
    #[error(
        "the text to render is {bytes} bytes; at most {max} are rendered \
         (raise RenderLimits::max_bytes, or shorten it)"
    )]
    TooLarge {
        /// Its length.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The HTML nests elements deeper than [`RenderLimits::max_depth`].
    #[error(
        "the HTML nests elements more than {max} deep; deeper HTML is not rendered \
         (raise RenderLimits::max_depth, or flatten it)"
    )]
    TooDeep {
        /// The limit.
        max: usize,
    },
}

impl RenderLimits {
    /// Sets the longest text rendered.
    pub fn max_bytes(mut self, max: usize) -> Self {
        self.max_bytes = max;
        self
    }

    /// Sets the deepest HTML nesting accepted.
    pub fn max_depth(mut self, max: usize) -> Self {
        self.max_depth = max.max(2);
        self
    }

    /// Sets the length from which text is rendered off the event's thread.
    pub fn offload_bytes(mut self, bytes: usize) -> Self {
        self.offload_bytes = bytes;
        self
    }

    fn check_size(&self, text: &str) -> Result<(), RenderError> {
        if text.len() > self.max_bytes {
            return Err(RenderError::TooLarge {
                bytes: text.len(),
                max: self.max_bytes,
            });
        }
        Ok(())
    }

    /// Markdown to sanitised HTML, within these limits.
    pub fn markdown(&self, markdown: &str) -> Result<String, RenderError> {
        self.check_size(markdown)?;
        let mut options = Options::empty();
        options.insert(Options::ENABLE_TABLES);
        options.insert(Options::ENABLE_STRIKETHROUGH);
        options.insert(Options::ENABLE_TASKLISTS);
        let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
        let events = Flattened::new(Parser::new_ext(markdown, options), self.max_depth / 2);
        html::push_html(&mut rendered, events);
        // The size limit is on what the app gave; the HTML rendered from it is bounded by it
        // (a few times its length), so only its depth is checked.
        self.sanitized(&rendered)
    }

    /// HTML with scripts, event handlers and other active content removed, within these
    /// limits.
    pub fn html(&self, html: &str) -> Result<String, RenderError> {
        self.check_size(html)?;
        self.sanitized(html)
    }

    fn sanitized(&self, html: &str) -> Result<String, RenderError> {
        if nesting_depth(html, self.max_depth) > self.max_depth {
            return Err(RenderError::TooDeep {
                max: self.max_depth,
            });
        }
        Ok(ammonia::clean(html))
    }
}

/// Text for an HTML text node or a quoted attribute value.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown to sanitised HTML, within the default [`RenderLimits`].
///
/// ```
/// use blocks_runtime::frontend::markdown_html;
/// let html = markdown_html("# Hi <script>alert(1)</script>").unwrap();
/// assert!(html.contains("<h1>Hi"));
/// assert!(!html.contains("<script"));
/// ```
pub fn markdown_html(markdown: &str) -> Result<String, RenderError> {
    RenderLimits::default().markdown(markdown)
}

/// HTML with scripts, event handlers and other active content removed, within the default
/// [`RenderLimits`].
///
/// ```
/// use blocks_runtime::frontend::sanitized_html;
/// assert_eq!(sanitized_html("<b onclick=\"x()\">hi</b>").unwrap(), "<b>hi</b>");
/// ```
pub fn sanitized_html(html: &str) -> Result<String, RenderError> {
    RenderLimits::default().html(html)
}

/// Markdown events with container tags deeper than `max` left out (their text is kept).
struct Flattened<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    /// For each open tag: whether its start was passed on.
    open: Vec<bool>,
    /// How many of the open tags were passed on.
    emitted: usize,
    max: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> Flattened<'a, I> {
    fn new(events: I, max: usize) -> Self {
        Flattened {
            events,
            open: Vec::new(),
            emitted: 0,
            max: max.max(1),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Flattened<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.events.next()?;
            match &event {
                Event::Start(_) => {
                    let emit = self.emitted < self.max;
                    self.open.push(emit);
                    if emit {
                        self.emitted += 1;
                        return Some(event);
                    }
                }
                Event::End(_) => {
                    if self.open.pop().unwrap_or(true) {
                        self.emitted = self.emitted.saturating_sub(1);
                        return Some(event);
                    }
                }
                _ => return Some(event),
            }
        }
    }
}

/// Elements that never hold children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];
/// Elements a start tag of the same kind closes, so they do not nest by repetition.
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rp", "rt", "tbody", "thead",
    "tfoot", "colgroup",
];
/// Elements whose content is text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// An upper estimate of how deep `html` nests elements, in one pass (stops counting once past
/// `stop_after`). End tags close only elements that are open, comments and raw text are
/// skipped and quoted attribute values are read as a parser reads them, so markup cannot hide
/// depth from it.
fn nesting_depth(html: &str, stop_after: usize) -> usize {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut deepest = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &bytes[i + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            i = find(bytes, i + 1, b">").map_or(bytes.len(), |end| end + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (end, self_closed) = tag_end(bytes, name_start + name_len);
        i = end;
        if closing {
            if counts.get(&name).copied().unwrap_or(0) > 0 {
                while let Some(top) = open.pop() {
                    if let Some(n) = counts.get_mut(&top) {
                        *n = n.saturating_sub(1);
                    }
                    if top == name {
                        break;
                    }
                }
            }
            continue;
        }
        if self_closed || VOID.contains(&name.as_str()) {
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let closer = format!("</{name}");
            i = find_ignore_case(bytes, i, closer.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&name.as_str()) && open.last() == Some(&name) {
            continue;
        }
        *counts.entry(name.clone()).or_default() += 1;
        open.push(name);
        deepest = deepest.max(open.len());
        if deepest > stop_after {
            return deepest;
        }
    }
    deepest
}

/// Where a tag whose name ends at `from` ends, skipping quoted attribute values, and whether it
/// ends with `/>`.
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut quote = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return (i + 1, i > 0 && bytes[i - 1] == b'/'),
            None => {}
        }
        i += 1;
    }
    (bytes.len(), false)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honest_markdown_renders() {
        let html =
            markdown_html("- a\n  - b\n    - c\n\n> quote\n\n| x | y |\n|---|---|\n| 1 | 2 |")
                .unwrap_or_default();
        assert!(html.contains("<li>c</li>"), "{html}");
        assert!(html.contains("<blockquote>"), "{html}");
        assert!(html.contains("<td>1</td>"), "{html}");
    }

    #[test]
    fn deep_markdown_is_flattened_and_keeps_its_text() {
        let html = markdown_html(&format!("{}deep", ">".repeat(10_000))).unwrap_or_default();
        assert!(html.contains("deep"));
        assert!(html.matches("<blockquote>").count() <= 64);
    }

    #[test]
    fn deep_html_is_refused_and_shallow_html_is_not() {
        let limits = RenderLimits::default();
        assert_eq!(
            limits.html(&"<div>".repeat(129)),
            Err(RenderError::TooDeep { max: 128 })
        );
        assert!(limits.html(&"<div>".repeat(100)).is_ok());
        assert!(limits
            .markdown(&format!("text {}", "<div>".repeat(500)))
            .is_err());
    }

    #[test]
    fn markup_cannot_hide_depth() {
        // End tags of elements that are not open, inside comments, attribute values or raw
        // text close nothing.
        for unit in [
            "<div></span>",
            "<div><!-- </div> -->",
            "<div a=\"></div>\">",
            "<div><textarea></div></textarea>",
            "<div a='x></div>'>",
        ] {
            assert!(
                nesting_depth(&unit.repeat(300), 1_000) >= 300,
                "{unit} hid its depth"
            );
        }
        assert_eq!(nesting_depth("<p>a<p>b<p>c<br><img src=x>", 10), 1);
        assert_eq!(nesting_depth("<ul><li>a</li><li>b</li></ul>", 10), 2);
    }

    #[test]
    fn long_text_is_refused() {
        let limits = RenderLimits::default().max_bytes(10);
        assert_eq!(
            limits.markdown("01234567890"),
            Err(RenderError::TooLarge { bytes: 11, max: 10 })
        );
    }
}
