//! Text normalisation for matching names the way a person would: "ＡＢＣ  Trading" and
//! "abc trading" are the same customer.

use unicode_normalization::UnicodeNormalization;

/// The key two names are compared by: NFKC (full-width → half-width), lower case, runs of
/// white space folded to one space, trimmed.
pub fn name_key(name: &str) -> String {
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_spaces() {
        assert_eq!(name_key("ＡＢＣ　 Trading "), "abc trading");
        assert_eq!(name_key("abc trading"), "abc trading");
        assert_eq!(name_key("华为 技术"), "华为 技术");
    }
}
