//! Partial updates. A patch holds, for each field of a record's input, either nothing (leave the
//! field as it is) or the value to set — `Some(None)` clears an optional field. An import that
//! updates "only the columns the file has", and a merge that takes some fields from another
//! laptop, both say what they change as a patch and lay it over the stored record.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    AccountInput, ContactInput, InteractionInput, OpportunityInput, SurveyInput, TransactionInput,
};

/// Whether a value says something: text that is not empty, a set option, a list with items.
/// An import's blank cell is "not present" and so changes nothing.
pub trait Present {
    fn present(&self) -> bool;
}

impl Present for String {
    fn present(&self) -> bool {
        !self.trim().is_empty()
    }
}

impl<T> Present for Option<T> {
    fn present(&self) -> bool {
        self.is_some()
    }
}

impl<T> Present for Vec<T> {
    fn present(&self) -> bool {
        !self.is_empty()
    }
}

/// A field that is in the JSON is set, even to null: `{"industry": null}` clears the industry
/// (`Some(None)`), while a field left out changes nothing (`None`).
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// Declares `$patch` for `$input` from the input's field list, so the two cannot drift: a field
/// added to the input and not to its patch fails to compile in `of_all`'s exhaustive
/// destructuring. The `@struct` form declares only the patch (for records whose patch is laid
/// over stored fields, not over an input: a plan's items); the plain form also lays it over an
/// input.
macro_rules! patch {
    (@struct $(#[$m:meta])* $patch:ident for $input:ident { $($field:ident: $ty:ty),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $patch {
            $(
                #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "crate::patch::present")]
                pub $field: Option<$ty>,
            )+
        }

        impl $patch {
            /// A patch that sets every field to `input`'s value.
            pub fn of_all(input: &$input) -> Self {
                let $input { $($field),+ } = input;
                $patch { $($field: Some($field.clone())),+ }
            }

            /// The names of the fields this patch sets, in declaration order.
            pub fn fields(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(
                    if self.$field.is_some() {
                        out.push(stringify!($field));
                    }
                )+
                out
            }

            pub fn is_empty(&self) -> bool {
                [$(self.$field.is_none()),+].iter().all(|none| *none)
            }
        }
    };
    ($(#[$m:meta])* $patch:ident for $input:ident { $($field:ident: $ty:ty),+ $(,)? }) => {
        patch!(@struct $(#[$m])* $patch for $input { $($field: $ty),+ });

        impl $patch {
            /// Sets on `input` every field this patch holds.
            pub fn apply_to(&self, input: &mut $input) {
                let $input { $($field),+ } = input;
                $(
                    if let Some(v) = &self.$field {
                        v.clone_into($field);
                    }
                )+
            }

            /// `input` over `self`: its own fields where it has them.
            pub fn applied(&self, mut input: $input) -> $input {
                self.apply_to(&mut input);
                input
            }

            /// A patch of the fields `input` has a value for ([`Present`]).
            pub fn of_present(input: &$input) -> Self {
                $patch { $($field: input.$field.present().then(|| input.$field.clone())),+ }
            }
        }
    };
}

pub(crate) use patch;

patch! {
    /// Fields of an account to change.
    AccountPatch for AccountInput {
        name: String,
        industry: Option<String>,
        size_band: Option<String>,
        region: Option<String>,
        owner: Option<String>,
        tags: Vec<String>,
        relationship_start: Option<String>,
        renewal_date: Option<String>,
        industry_influence: Option<i64>,
        innovation_synergy: Option<i64>,
        growth_potential: Option<i64>,
        strategic_fit: Option<i64>,
        notes: Option<String>,
    }
}

patch! {
    /// Fields of a contact to change.
    ContactPatch for ContactInput {
        name: String,
        title: Option<String>,
        email: Option<String>,
        phone: Option<String>,
        role: Option<String>,
        attitude: Option<i64>,
        influence: Option<i64>,
        relationship_strength: Option<i64>,
        reports_to: Option<Uuid>,
        last_contacted: Option<String>,
        notes: Option<String>,
    }
}

patch! {
    /// Fields of an interaction to change.
    InteractionPatch for InteractionInput {
        date: String,
        kind: String,
        summary: Option<String>,
        sentiment: Option<i64>,
        next_step: Option<String>,
        contact_ids: Vec<Uuid>,
        severity: Option<String>,
        resolved_on: Option<String>,
    }
}

patch! {
    /// Fields of a transaction to change.
    TransactionPatch for TransactionInput {
        date: String,
        revenue: String,
        profit: Option<String>,
        product_line: Option<String>,
        quantity: Option<f64>,
    }
}

patch! {
    /// Fields of a survey response to change.
    SurveyPatch for SurveyInput {
        contact_id: Option<Uuid>,
        date: String,
        nps: Option<i64>,
        csat: Option<i64>,
        comment: Option<String>,
    }
}

patch! {
    /// Fields of an opportunity to change.
    OpportunityPatch for OpportunityInput {
        title: String,
        kind: String,
        estimated_value: Option<String>,
        probability: Option<i64>,
        expected_close: Option<String>,
        status: Option<String>,
        plan_id: Option<Uuid>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> AccountInput {
        AccountInput {
            name: "Acme".into(),
            industry: Some("Retail".into()),
            region: Some("North".into()),
            tags: vec!["vip".into()],
            growth_potential: Some(3),
            ..AccountInput::default()
        }
    }

    #[test]
    fn only_present_fields_are_laid_over() {
        let file = AccountInput {
            name: "Acme Ltd".into(),
            region: Some("South".into()),
            ..AccountInput::default()
        };
        let patch = AccountPatch::of_present(&file);
        assert_eq!(patch.fields(), ["name", "region"]);
        let merged = patch.applied(stored());
        assert_eq!(merged.name, "Acme Ltd");
        assert_eq!(merged.region.as_deref(), Some("South"));
        assert_eq!(merged.industry.as_deref(), Some("Retail"), "a blank cell keeps");
        assert_eq!(merged.tags, ["vip"]);
        assert_eq!(merged.growth_potential, Some(3));
    }

    #[test]
    fn some_none_clears_and_an_empty_patch_changes_nothing() {
        let clear = AccountPatch { industry: Some(None), ..AccountPatch::default() };
        assert_eq!(clear.applied(stored()).industry, None);
        let empty = AccountPatch::default();
        assert!(empty.is_empty());
        assert_eq!(empty.applied(stored()), stored());
        assert_eq!(AccountPatch::of_all(&stored()).applied(AccountInput::default()), stored());
    }

    #[test]
    fn json_names_only_the_fields_it_sets_and_refuses_unknown_ones() {
        let p = ContactPatch { attitude: Some(Some(2)), ..ContactPatch::default() };
        assert_eq!(serde_json::to_value(&p).unwrap(), serde_json::json!({"attitude": 2}));
        let back: ContactPatch =
            serde_json::from_value(serde_json::json!({"attitude": 2})).unwrap();
        assert_eq!(back, p);
        assert!(serde_json::from_value::<ContactPatch>(serde_json::json!({"mood": 1})).is_err());
        let clear: ContactPatch =
            serde_json::from_value(serde_json::json!({"title": null})).unwrap();
        assert_eq!(clear.title, Some(None), "null clears; absent leaves");
        assert_eq!(clear.email, None);
        assert!(serde_json::from_value::<ContactPatch>(serde_json::json!({"name": null})).is_err());
    }
}
