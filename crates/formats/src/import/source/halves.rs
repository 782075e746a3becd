//! A large CSV read as two halves at once, one per core. The body is cut at a line end near
//! its middle; the first half's reader, which starts at the top and so always knows whether it
//! is inside a quoted cell, confirms the cut by ending a record exactly there. If the cut fell
//! inside a quoted cell, that reader reads on to the end of the file and the second half's work
//! is thrown away: never a wrong row, at worst the time of one reader.

use std::ops::Range;
use std::sync::atomic::AtomicBool;

use super::{scan_csv, Body, Cells, Ended, Part, RowPos, ScanError, Source};

/// Where a body is cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The line ends before the second half (`\r` and `\n` only; the second half starts at
    /// its end).
    run: Range<usize>,
    /// How many `\n` come before the second half: its reader numbers lines from 1 again.
    lines: u64,
}

impl Split {
    /// The file line of the second half's line 1, less one: add it to the second half's lines.
    pub fn lines_before(&self) -> u64 {
        self.lines
    }

    /// How many bytes of the body come before the second half.
    pub fn bytes_before(&self) -> usize {
        self.run.end
    }
}

impl Source<'_> {
    /// Where to cut a CSV body of at least `min_bytes` in two; None for a workbook, a smaller
    /// body, or one with no line end after its middle outside quotes.
    pub fn split(&self, min_bytes: usize) -> Option<Split> {
        let Body::Csv { text, .. } = &self.body else { return None };
        let bytes = text.as_bytes();
        if bytes.len() < min_bytes.max(2) {
            return None;
        }
        let middle = bytes.len() / 2;
        // An even number of quotes before a line end is the guess that it is outside quotes
        // (a quote inside an unquoted cell can make it wrong; the first reader checks).
        let mut quoted = memchr::memchr_iter(b'"', &bytes[..middle]).count() % 2 == 1;
        let mut end = None;
        for (i, b) in bytes.iter().enumerate().skip(middle) {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    end = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        let end = end.filter(|e| *e < bytes.len())?;
        // A byte-order mark at the start of the second half (files joined end to end) would
        // be dropped by a fresh reader there, where one reader keeps it as text.
        if bytes[end..].starts_with("\u{feff}".as_bytes()) {
            return None;
        }
        let start =
            bytes[..end].iter().rposition(|b| *b != b'\r' && *b != b'\n').map_or(0, |i| i + 1);
        let lines = memchr::memchr_iter(b'\n', &bytes[..end]).count() as u64;
        Some(Split { run: start..end, lines })
    }

    /// The first half's rows, as [`Source::scan_with`] gives them. `Some(rows)` when the half
    /// ended at the cut, after that many rows (blank ones too: add it to the second half's
    /// rows); None when the cut proved to be inside a quoted cell and the scan went on to the
    /// end of the file (every row, as if there were no cut).
    /// `overran` is set as soon as the cut proves wrong, so the other half's reader can stop.
    pub fn scan_first_half<E>(
        &self,
        split: &Split,
        f: impl FnMut(RowPos, &dyn Cells) -> Result<(), E>,
        progress: &mut dyn FnMut(u32, f32) -> bool,
        overran: &AtomicBool,
    ) -> Result<Option<u32>, ScanError<E>> {
        let Body::Csv { text, delimiter } = &self.body else {
            return self.scan_with(f, progress).map(|()| None);
        };
        let stop = Some(split.run.clone());
        let part = Part { text, header: true, stop, total: text.len(), overran: Some(overran) };
        Ok(match scan_csv(&part, *delimiter, f, progress)? {
            Ended::AtStop(rows) => Some(rows),
            Ended::AtEnd => None,
        })
    }

    /// The second half's rows, numbered from row 1 and line 1 at the cut (add the first half's
    /// rows and [`Split::lines_before`]); the fraction given to `progress` is of the whole body.
    pub fn scan_second_half<E>(
        &self,
        split: &Split,
        f: impl FnMut(RowPos, &dyn Cells) -> Result<(), E>,
        progress: &mut dyn FnMut(u32, f32) -> bool,
    ) -> Result<(), ScanError<E>> {
        let Body::Csv { text, delimiter } = &self.body else { return Ok(()) };
        let rest = text.get(split.run.end..).unwrap_or("");
        let part = Part { text: rest, header: false, stop: None, total: text.len(), overran: None };
        scan_csv(&part, *delimiter, f, progress).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Seen = Vec<(u32, u64, String)>;

    /// (row, line, first cell) of every row: read whole, and read as two halves put together
    /// (None when the text is not cut; the first half alone when the cut proved wrong).
    fn whole_and_halves(text: &str) -> (Seen, Option<Seen>) {
        let src = Source::open(text.as_bytes(), None, None).unwrap();
        let mut whole = Vec::new();
        src.scan(|p, c| {
            whole.push((p.row, p.line, c.cell(0).to_string()));
            Ok::<(), ()>(())
        })
        .unwrap();
        let Some(split) = src.split(0) else { return (whole, None) };
        let mut seen = Vec::new();
        let head = src
            .scan_first_half(
                &split,
                |p, c| {
                    seen.push((p.row, p.line, c.cell(0).to_string()));
                    Ok::<(), ()>(())
                },
                &mut |_, _| true,
                &AtomicBool::new(false),
            )
            .unwrap();
        let Some(rows) = head else { return (whole, Some(seen)) };
        src.scan_second_half(
            &split,
            |p, c| {
                seen.push((p.row + rows, p.line + split.lines_before(), c.cell(0).to_string()));
                Ok::<(), ()>(())
            },
            &mut |_, _| true,
        )
        .unwrap();
        (whole, Some(seen))
    }

    #[test]
    fn two_halves_read_as_one() {
        let mut text = String::from("Name,Value\r\n");
        for i in 0..40 {
            text.push_str(&format!("row{i},\"a\r\nb, \"\"quoted\"\"\"\r\n,,\r\n\r\n"));
        }
        let (whole, halves) = whole_and_halves(&text);
        assert_eq!(whole.len(), 40, "blank rows are numbered, not given");
        assert_eq!(whole[1].0, 3);
        assert_eq!(halves.as_ref(), Some(&whole));
    }

    #[test]
    fn a_cut_inside_a_quoted_cell_reads_on_to_the_end() {
        // A stray quote in an unquoted cell makes the quote count lie about the middle.
        let mut text = String::from("Name,Note\n5\" pipe,x\n");
        for i in 0..30 {
            text.push_str(&format!("row{i},\"line one\nline two\nline three\"\n"));
        }
        let src = Source::open(text.as_bytes(), None, None).unwrap();
        let split = src.split(0).expect("a line end after the middle");
        let overran = AtomicBool::new(false);
        let cut = src
            .scan_first_half(&split, |_, _| Ok::<(), ()>(()), &mut |_, _| true, &overran)
            .unwrap();
        assert_eq!(cut, None, "the cut at {split:?} is inside a quoted cell");
        assert!(overran.into_inner(), "and the other reader is told so");
        let (whole, halves) = whole_and_halves(&text);
        assert_eq!(halves.as_ref(), Some(&whole), "the first reader read it all");
    }

    #[test]
    fn a_cut_is_never_before_the_header_nor_before_a_byte_order_mark() {
        // Blank lines, then the header and rows: the first half is all line ends.
        let text = format!("{}Name,Value\n{}", "\n".repeat(400), "A,1\n".repeat(20));
        let (whole, halves) = whole_and_halves(&text);
        assert_eq!(whole.len(), 20);
        assert_eq!(halves.as_ref(), Some(&whole));
        // Two exports joined end to end: the second one's mark stays text, as one reader has it.
        let rows = "A,1\n".repeat(20);
        let text = format!("Name,Value\n{rows}\u{feff}B,2\n{}", "C,3\n".repeat(20));
        let src = Source::open(text.as_bytes(), None, None).unwrap();
        assert_eq!(src.split(0), None);
        let plain = text.replace('\u{feff}', "ZZZ");
        let src = Source::open(plain.as_bytes(), None, None).unwrap();
        assert_eq!(src.split(0).map(|s| s.run.end), Some(91), "the cut is just before that line");
    }

    #[test]
    fn small_bodies_are_not_cut_nor_ones_without_a_line_end_after_the_middle() {
        let src = Source::open(b"Name\nA\nB\n", None, None).unwrap();
        assert_eq!(src.split(1 << 20), None);
        let src = Source::open(b"Name\nAcme Corporation", None, None).unwrap();
        assert_eq!(src.split(0), None, "no line end after the middle");
    }
}
