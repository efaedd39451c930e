//! Horizontal bar charts as inline SVG, readable without colour: every bar carries its
//! label and its value as text, and the fill is a pattern (solid, hatched, dotted) rather
//! than a hue. Each bar is a `<g class="bar" data-label="…" data-value="N">`, which the
//! browser test reads back.

use std::fmt::Write;

use super::escape;

/// Fills for bars: a pattern id defined in [`defs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Solid,
    Hatch,
    Dots,
}

impl Fill {
    fn css(self) -> &'static str {
        match self {
            Fill::Solid => "var(--bar)",
            Fill::Hatch => "url(#p-hatch)",
            Fill::Dots => "url(#p-dots)",
        }
    }
}

/// The patterns bars use, once per document (an invisible SVG).
pub fn defs() -> &'static str {
    concat!(
        r##"<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>"##,
        r##"<pattern id="p-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"##,
        r##"<rect width="6" height="6" fill="#ffffff"/><rect width="2.5" height="6" fill="#1d2430"/></pattern>"##,
        r##"<pattern id="p-dots" width="5" height="5" patternUnits="userSpaceOnUse">"##,
        r##"<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.3" fill="#1d2430"/></pattern>"##,
        r##"</defs></svg>"##
    )
}

/// One bar: what it counts (`data-key`: a clause, a month…), its label, its value, and
/// its fill.
#[derive(Debug, Clone)]
pub struct Bar {
    pub key: String,
    pub label: String,
    pub value: usize,
    pub fill: Fill,
}

impl Bar {
    pub fn new(key: impl Into<String>, label: impl Into<String>, value: usize) -> Bar {
        Bar {
            key: key.into(),
            label: label.into(),
            value,
            fill: Fill::Solid,
        }
    }
}

const WIDTH: usize = 640;
const LABEL: usize = 300;
const ROW: usize = 24;

/// Cuts a label to `max` characters with an ellipsis.
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let mut s: String = label.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// A `<figure>` with a caption and a bar chart; `id` names it (`data-chart`).
pub fn bars(out: &mut String, id: &str, caption: &str, bars: &[Bar], number: fn(usize) -> String) {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW * bars.len().max(1) + 8;
    let area = WIDTH - LABEL - 70;
    let _ = write!(
        out,
        r#"<figure data-chart="{id}"><figcaption id="t-{id}">{}</figcaption><svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="t-{id}">"#,
        escape(caption)
    );
    if bars.is_empty() {
        let _ = write!(out, r#"<text x="0" y="16">Sin hallazgos.</text>"#);
    }
    for (i, b) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let w = if b.value == 0 {
            0
        } else {
            (b.value * area / max).max(2)
        };
        let label = escape(&b.label);
        let _ = write!(
            out,
            r#"<g class="bar" data-key="{key}" data-label="{label}" data-value="{v}"><title>{label}: {n}</title><text x="{lx}" y="{ty}" text-anchor="end">{shown}</text><rect x="{LABEL}" y="{y}" width="{w}" height="{bh}" fill="{fill}"/><text class="value" x="{vx}" y="{ty}">{n}</text></g>"#,
            key = escape(&b.key),
            v = b.value,
            n = number(b.value),
            lx = LABEL - 8,
            ty = y + 15,
            shown = escape(&short(&b.label, 44)),
            bh = ROW - 6,
            fill = b.fill.css(),
            vx = LABEL + w + 6,
        );
    }
    out.push_str("</svg></figure>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_labels_values_and_escape() {
        let mut out = String::new();
        let data = [Bar::new("7.6", "§7.6 <b>", 3), Bar::new("x", "otra", 0)];
        bars(&mut out, "s", "Por cláusula", &data, |n| n.to_string());
        assert!(
            out.contains(r#"data-key="7.6" data-label="§7.6 &lt;b&gt;" data-value="3""#),
            "{out}"
        );
        assert!(out.contains(r#"data-value="0""#));
        assert!(!out.contains("<b>"));
        assert_eq!(short("abcdef", 4), "abc…");
    }
}
