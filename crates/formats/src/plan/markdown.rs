//! A plan as GitHub-flavoured Markdown: headings, the title block and every section as tables.
//! Every text is escaped (each ASCII punctuation mark behind a backslash, which CommonMark
//! defines as the literal mark), so a name with `|`, `*`, `<` or `](x)` stays text. The drawings
//! are left to the HTML and PDF: the stakeholder table says the same.

use super::doc::{Block, Doc, ObjectiveLine};
use super::text::percent;

/// Marks that start inline markup anywhere: emphasis, code, links and images, raw HTML,
/// entities, table cells, strikethrough, and the escape itself.
const INLINE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '!', '&'];
/// Marks that start a block at the beginning of a line: headings, lists, quotes, setext rules.
const LINE_START: &[char] = &['#', '+', '-', '=', '>'];

/// CommonMark's escape (a backslash before an ASCII punctuation mark makes it literal), applied
/// to the marks that could make markup: inline ones anywhere, block ones where a line starts
/// (and the `.` or `)` after a number there, which would start a list). Line breaks become
/// spaces in a table cell, hard breaks elsewhere.
fn esc(s: &str, in_table: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut line_start = true;
    let mut digits = false;
    for ch in s.chars() {
        match ch {
            '\r' => continue,
            '\n' if in_table => out.push(' '),
            '\n' => {
                out.push_str("\\\n");
                line_start = true;
                digits = false;
                continue;
            }
            c if INLINE.contains(&c) || (line_start && LINE_START.contains(&c)) => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
        digits = ch.is_ascii_digit() && (line_start || digits);
        line_start = line_start && (ch == ' ' || ch == '\t');
    }
    out
}

fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| esc(c, true)).collect();
    format!("| {} |\n", cells.join(" | "))
}

fn rule(numeric: &[bool]) -> String {
    let cols: Vec<&str> = numeric.iter().map(|n| if *n { "---:" } else { "---" }).collect();
    format!("| {} |\n", cols.join(" | "))
}

/// Ten cells of a text progress bar.
fn bar(progress: Option<f64>) -> String {
    match progress {
        Some(p) => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=10
            let full = (p.clamp(0.0, 1.0) * 10.0).round() as usize;
            format!("{}{} {}", "█".repeat(full), "░".repeat(10 - full), percent(p))
        }
        None => "░".repeat(10),
    }
}

fn objectives(out: &mut String, head: &[String], items: &[ObjectiveLine]) {
    out.push_str(&row(head));
    out.push_str(&rule(&[false, false, false, false]));
    for o in items {
        // The bar is ours (no user text), so it goes in unescaped beside the escaped figures.
        out.push_str(&format!(
            "| {} | {} · {} | {} — {} | {} |\n",
            esc(&o.title, true),
            bar(o.progress),
            esc(&o.figures, true),
            esc(&o.track_label, true),
            esc(&o.why, true),
            esc(&o.due, true)
        ));
    }
}

/// The document as Markdown.
pub fn render(d: &Doc) -> String {
    let mut out = format!("# {}\n\n**{}**\n\n", esc(&d.title, false), esc(&d.account, false));
    out.push_str("| | |\n| --- | --- |\n");
    for (k, v) in &d.facts {
        out.push_str(&row(&[k.clone(), v.clone()]));
    }
    for s in &d.sections {
        out.push_str(&format!("\n## {}\n\n", esc(&s.heading, false)));
        for b in &s.blocks {
            match b {
                Block::Text { text } => out.push_str(&format!("{}\n\n", esc(text, false))),
                Block::Note { text } => out.push_str(&format!("*{}*\n\n", esc(text, false))),
                Block::List { items } => {
                    for i in items {
                        out.push_str(&format!("- {}\n", esc(i, false)));
                    }
                    out.push('\n');
                }
                Block::Table(t) => {
                    out.push_str(&row(&t.head));
                    out.push_str(&rule(&t.numeric));
                    for r in &t.rows {
                        out.push_str(&row(r));
                    }
                    out.push('\n');
                }
                Block::Objectives { head, items } => {
                    objectives(&mut out, head, items);
                    out.push('\n');
                }
                Block::Figure { .. } => {}
            }
        }
    }
    out.push_str(&format!("---\n\n{}\n", esc(&d.footer, false)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_stays_literal() {
        assert_eq!(esc("a|b", true), "a\\|b");
        assert_eq!(esc("<script>", false), "\\<script\\>");
        assert_eq!(esc("[x](javascript:alert(1))", false), "\\[x\\](javascript:alert(1))");
        assert_eq!(esc("*bold* _it_ `code`", false), "\\*bold\\* \\_it\\_ \\`code\\`");
        assert_eq!(esc("=1+1", false), "\\=1+1", "a formula-looking start stays text");
        assert_eq!(esc("# not a heading", false), "\\# not a heading");
        assert_eq!(esc("2027. A year", false), "2027\\. A year", "not an ordered list");
        assert_eq!(esc("cut cost 15% by 2027-06-30", false), "cut cost 15% by 2027-06-30");
        assert_eq!(esc("line one\r\nline two", true), "line one line two");
        assert_eq!(esc("one\n- two", false), "one\\\n\\- two");
        assert_eq!(esc("中文，全角｜", false), "中文，全角｜", "only ASCII marks need escaping");
    }

    #[test]
    fn bars_have_ten_cells() {
        assert_eq!(bar(Some(0.42)), "████░░░░░░ 42%");
        assert_eq!(bar(Some(1.7)), "██████████ 170%");
        assert_eq!(bar(None), "░░░░░░░░░░");
    }
}
