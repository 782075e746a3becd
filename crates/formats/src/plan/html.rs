//! A plan as one self-contained HTML file: inline CSS with a print style sheet, the stakeholder
//! drawings as inline SVG, no script of any kind, and a Content-Security-Policy that forbids
//! scripts and every load from anywhere (the file works with the network off, and a hostile
//! text in the plan can do nothing). Every text is escaped.

use std::fmt::Write;

use keyplan_domain::plan::Track;
use keyplan_domain::validate::Choice;

use super::doc::{Block, Doc, ObjectiveLine};
use super::text::{escape_xml as esc, percent};
use super::{DocLanguage, Paper};

/// No script, no frame, no form target, no remote anything: only the inline styles and the
/// inline SVG this file carries.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE: &str = r#"
:root { --ink: #1d2630; --muted: #56606b; --line: #d5dbe1; --soft: #f3f5f7; --good: #267a31; --warn: #8a5a12; --bad: #c0392b; --accent: #1f5f8b; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 3rem; color: var(--ink);
  font: 14px/1.5 "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid var(--accent); break-after: avoid; }
.account { font-size: 1.05rem; color: var(--muted); margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; font-size: .85rem; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; }
table.facts th { width: 11rem; background: none; }
.note { color: var(--muted); font-style: italic; }
.bar { position: relative; height: .55rem; background: var(--soft); border-radius: .3rem; margin: .3rem 0; min-width: 8rem; }
.bar .fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: .3rem; background: var(--accent); }
.bar .tick { position: absolute; top: -.2rem; bottom: -.2rem; width: 2px; background: var(--ink); }
.track { font-weight: 600; white-space: nowrap; }
.track-achieved, .track-on_track { color: var(--good); }
.track-behind { color: var(--warn); }
.track-at_risk { color: var(--bad); }
.why { color: var(--muted); font-size: .85rem; }
figure { margin: .5rem 0 1rem; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
.figure-title { font-size: 1rem; margin: .4rem 0 .3rem; }
footer { margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .8rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr, .bar { break-inside: avoid; }
  h2 { margin-top: 1.2rem; }
  .bar, .bar .fill, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn page_rule(paper: Paper, footer: &str, page: &str) -> String {
    let size = match paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    // Margin boxes give printed pages their number and the export date where browsers support
    // them; the footer element below says the same at the end either way.
    format!(
        "@page {{ size: {size}; margin: 16mm 14mm 18mm; \
         @bottom-left {{ content: \"{}\"; font-size: 8pt; color: #56606b; }} \
         @bottom-right {{ content: \"{} \" counter(page) \" / \" counter(pages); font-size: 8pt; color: #56606b; }} }}",
        css_string(footer),
        css_string(page)
    )
}

/// Text inside a CSS string: quotes, backslashes and anything that could close the style
/// element are written as CSS escapes.
fn css_string(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_alphanumeric() && !ch.is_ascii()
            || ch.is_ascii_alphanumeric()
            || " .,:·-/()".contains(ch)
        {
            out.push(ch);
        } else {
            let _ = write!(out, "\\{:x} ", ch as u32);
        }
    }
    out
}

fn objectives(out: &mut String, head: &[String], items: &[ObjectiveLine]) {
    out.push_str("<table class=\"objectives\"><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for o in items {
        let fill = o.progress.map_or(0.0, |p| p.clamp(0.0, 1.0));
        let label = o.progress.map(percent).unwrap_or_default();
        // The bar is a picture with a name: its share, or the verdict when nothing is measured.
        let name = if label.is_empty() { o.track_label.clone() } else { label.clone() };
        let _ = write!(
            out,
            "<tr><td>{}</td><td><div class=\"bar\" role=\"img\" aria-label=\"{}\"><div class=\"fill\" style=\"width:{:.1}%\"></div><div class=\"tick\" style=\"left:{:.1}%\"></div></div>{}{}</td><td><span class=\"track track-{}\">{}</span><div class=\"why\">{}</div></td><td class=\"num\">{}</td></tr>",
            esc(&o.title),
            esc(&name),
            fill * 100.0,
            o.elapsed.clamp(0.0, 1.0) * 100.0,
            if label.is_empty() { String::new() } else { format!("{} · ", esc(&label)) },
            esc(&o.figures),
            track_class(o.track),
            esc(&o.track_label),
            esc(&o.why),
            esc(&o.due)
        );
    }
    out.push_str("</tbody></table>");
}

fn track_class(t: Track) -> &'static str {
    t.name()
}

/// The document as one HTML file.
pub fn render(d: &Doc) -> String {
    let lang = match d.language {
        DocLanguage::En => "en",
        // Han characters take their Simplified Chinese forms when both languages are shown.
        DocLanguage::ZhCn | DocLanguage::Both => "zh-CN",
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{} — {}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n",
        esc(&d.title),
        esc(&d.account),
        page_rule(d.paper, &d.footer, &d.page_label)
    );
    let _ = write!(
        out,
        "<header><h1>{}</h1><p class=\"account\">{}</p><table class=\"facts\"><tbody>",
        esc(&d.title),
        esc(&d.account)
    );
    for (k, v) in &d.facts {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(k), esc(v));
    }
    out.push_str("</tbody></table></header>\n");
    for s in &d.sections {
        let _ = write!(out, "<section id=\"{}\"><h2>{}</h2>", s.id, esc(&s.heading));
        for b in &s.blocks {
            match b {
                Block::Text { text } => {
                    let _ = write!(out, "<p>{}</p>", esc(text));
                }
                Block::Note { text } => {
                    let _ = write!(out, "<p class=\"note\">{}</p>", esc(text));
                }
                Block::List { items } => {
                    out.push_str("<ul>");
                    for i in items {
                        let _ = write!(out, "<li>{}</li>", esc(i));
                    }
                    out.push_str("</ul>");
                }
                Block::Table(t) => {
                    out.push_str("<table><thead><tr>");
                    for (h, num) in t.head.iter().zip(&t.numeric) {
                        let class = if *num { " class=\"num\"" } else { "" };
                        let _ = write!(out, "<th{class}>{}</th>", esc(h));
                    }
                    out.push_str("</tr></thead><tbody>");
                    for r in &t.rows {
                        out.push_str("<tr>");
                        for (c, num) in
                            r.iter().zip(t.numeric.iter().chain(std::iter::repeat(&false)))
                        {
                            let class = if *num { " class=\"num\"" } else { "" };
                            let _ = write!(out, "<td{class}>{}</td>", esc(c));
                        }
                        out.push_str("</tr>");
                    }
                    out.push_str("</tbody></table>");
                }
                Block::Objectives { head, items } => objectives(&mut out, head, items),
                Block::Figure { title, svg, .. } => {
                    // The SVG is this crate's own drawing, its texts escaped when it was made.
                    let _ = write!(
                        out,
                        "<figure><h3 class=\"figure-title\">{}</h3>{svg}</figure>",
                        esc(title)
                    );
                }
            }
        }
        out.push_str("</section>\n");
    }
    let _ = write!(out, "<footer>{}</footer>\n</body>\n</html>\n", esc(&d.footer));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_close_the_style() {
        assert_eq!(css_string("Exported 2026-12-02"), "Exported 2026-12-02");
        assert_eq!(css_string("a\"b"), "a\\22 b");
        assert_eq!(css_string("</style>"), "\\3c /style\\3e ");
        assert_eq!(css_string("导出于"), "导出于");
    }
}
