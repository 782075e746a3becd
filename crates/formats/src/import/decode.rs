//! Bytes → text. A byte-order mark wins; without one, valid UTF-8 is UTF-8 and anything else is
//! guessed with chardetng (the detector Firefox uses), which tells GB18030/GBK from Shift_JIS and
//! windows-1252. Decoding never replaces a bad byte: text that is not valid in the encoding used
//! stops the import and names the line, so mojibake is never imported silently.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use super::ImportError;

/// The text of a file and the encoding it was read in.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    /// True when no `--encoding` was given and no BOM said it.
    pub guessed: bool,
}

/// Looks an encoding up by any WHATWG label (`gbk`, `gb18030`, `shift_jis`, `windows-1252`, …).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, ImportError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| ImportError::UnknownEncoding { label: label.to_string() })
}

/// Decodes `bytes` with the BOM's encoding, else `label`'s, else a detected one.
pub fn decode<'a>(bytes: &'a [u8], label: Option<&str>) -> Result<Decoded<'a>, ImportError> {
    let chosen = label.map(encoding_for_label).transpose()?;
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return strict(&bytes[bom..], enc).map(|text| Decoded {
            text,
            encoding: enc,
            guessed: false,
        });
    }
    let (encoding, guessed) = match chosen {
        Some(enc) => (enc, false),
        None if std::str::from_utf8(bytes).is_ok() => (UTF_8, true),
        None => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            (detector.guess(None, chardetng::Utf8Detection::Deny), true)
        }
    };
    strict(bytes, encoding).map(|text| Decoded { text, encoding, guessed })
}

/// Decodes without replacement characters; the first malformed sequence is an error on its line.
fn strict<'a>(bytes: &'a [u8], enc: &'static Encoding) -> Result<Cow<'a, str>, ImportError> {
    if enc == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Cow::Borrowed(s)),
            Err(e) => Err(malformed(enc, line_of(&bytes[..e.valid_up_to()]))),
        };
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(ImportError::TooLarge)?;
    let mut out = String::with_capacity(capacity);
    let (result, _read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(Cow::Owned(out)),
        DecoderResult::Malformed(..) => Err(malformed(enc, out.matches('\n').count() + 1)),
        // The buffer was sized for the worst case, so this cannot happen; report, don't panic.
        DecoderResult::OutputFull => Err(ImportError::TooLarge),
    }
}

fn line_of(valid_prefix: &[u8]) -> usize {
    valid_prefix.iter().filter(|b| **b == b'\n').count() + 1
}

fn malformed(enc: &'static Encoding, line: usize) -> ImportError {
    ImportError::Malformed { encoding: enc.name().to_string(), line }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(label: &str) -> &'static Encoding {
        Encoding::for_label(label.as_bytes()).unwrap()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("客户,金额\n".as_bytes(), None).unwrap();
        assert_eq!((d.text.as_ref(), d.encoding.name()), ("客户,金额\n", "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("客户".as_bytes());
        let d = decode(&bom, None).unwrap();
        assert_eq!((d.text.as_ref(), d.guessed), ("客户", false));
    }

    #[test]
    fn utf16_with_bom_either_order() {
        for little in [true, false] {
            // encoding_rs only decodes UTF-16 (its encoder writes UTF-8, per WHATWG): build by hand.
            let mut bytes = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            for unit in "客户\t金额\r\n".encode_utf16() {
                bytes.extend(if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
            }
            assert_eq!(decode(&bytes, None).unwrap().text, "客户\t金额\r\n");
        }
    }

    #[test]
    fn gbk_is_detected() {
        let text = "客户名称,销售额,日期\n华为技术有限公司,1200.50,2023-01-05\n阿里巴巴集团,300,2023-02-01\n";
        let (bytes, _, _) = enc("gb18030").encode(text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, text);
        assert!(d.guessed);
        assert!(["GBK", "gb18030"].contains(&d.encoding.name()), "{}", d.encoding.name());
    }

    #[test]
    fn any_label_is_accepted() {
        let (bytes, _, _) = enc("windows-1252").encode("Café Müller,12\n");
        assert_eq!(decode(&bytes, Some("windows-1252")).unwrap().text, "Café Müller,12\n");
        let (bytes, _, _) = enc("shift_jis").encode("株式会社,1\n");
        assert_eq!(decode(&bytes, Some("shift_jis")).unwrap().text, "株式会社,1\n");
        let (bytes, _, _) = enc("macintosh").encode("Zürich\n");
        assert_eq!(decode(&bytes, Some("macintosh")).unwrap().text, "Zürich\n");
        assert!(matches!(decode(b"x", Some("klingon")), Err(ImportError::UnknownEncoding { .. })));
    }

    #[test]
    fn bad_bytes_name_the_line() {
        let bytes = b"name,amount\nok,1\nbad \xff\xfe here,2\n";
        match decode(bytes, Some("utf-8")) {
            Err(ImportError::Malformed { line, encoding }) => {
                assert_eq!((line, encoding.as_str()), (3, "UTF-8"));
            }
            other => panic!("{other:?}"),
        }
        // A lone GBK lead byte at the end of line 2 is not GB18030.
        let mut gbk = enc("gbk").encode("客户\n华为").0.into_owned();
        gbk.extend_from_slice(b"\x81\n");
        match decode(&gbk, Some("gbk")) {
            Err(ImportError::Malformed { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }
}
