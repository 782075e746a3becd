//! The languages Keyplan speaks, named once. Settings, the demo, the catalogues and every export
//! read a language tag through here, so "zh", "zh-CN" and "zh-Hans" mean the same everywhere.

crate::choice! {
    /// A language Keyplan's window and exports speak.
    Language { En = "en", ZhCn = "zh-CN" }
}

impl Language {
    /// The language a tag names: `zh`, `zh-CN`, `zh-Hans`… are Chinese, `en`, `en-GB`… English,
    /// in any case; anything else is none of Keyplan's.
    pub fn parse_tag(tag: &str) -> Option<Language> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        match primary {
            "zh" => Some(Language::ZhCn),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The language of a setting or a system locale, English when it names none of Keyplan's.
    pub fn from_tag(tag: Option<&str>) -> Language {
        tag.and_then(Language::parse_tag).unwrap_or(Language::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_either_language_in_any_form() {
        for t in ["zh", "zh-CN", "ZH_cn", " zh-Hans "] {
            assert_eq!(Language::parse_tag(t), Some(Language::ZhCn), "{t}");
        }
        for t in ["en", "en-GB", "EN"] {
            assert_eq!(Language::parse_tag(t), Some(Language::En), "{t}");
        }
        assert_eq!(Language::parse_tag("zhx"), None, "not a prefix match");
        assert_eq!(Language::parse_tag("fr"), None);
        assert_eq!(Language::from_tag(Some("fr")), Language::En);
        assert_eq!(Language::from_tag(None), Language::En);
    }
}
