//! `FIELD=VALUE` arguments laid over a record's input: `keyplan plans set ID status=active`.
//! Field names are the JSON names; a value is read as the field's type (a number, true/false,
//! text). Only an empty value clears an optional field: a word such as `null` or `none` is text,
//! kept exactly as typed, and a number field refuses it. An unknown field, or a value that cannot
//! be the field's type (`NaN`, `inf`, `1e999` for a number), is an error that names the field.

use keyplan_app::domain::{Problem, ValidationErrors};
use keyplan_app::AppError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Splits `FIELD=VALUE` (clap's value parser).
pub fn pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(f, v)| (f.trim().to_string(), v.to_string()))
        .filter(|(f, _)| !f.is_empty())
        .ok_or_else(|| format!("expected FIELD=VALUE, got {s:?}"))
}

fn invalid(field: &str, reason: String) -> AppError {
    AppError::Invalid(ValidationErrors::single(field, Problem::Unreadable { reason }))
}

/// The most likely JSON for a typed value: what the field's type is decides in the end.
fn guess(v: &str) -> Value {
    match v.trim() {
        "" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        t => t
            .parse::<i64>()
            .map(Value::from)
            .ok()
            // A number that is not finite would become JSON's null and clear the field: it stays
            // text, which a number field then refuses by name.
            .or_else(|| t.parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::from))
            .unwrap_or_else(|| Value::String(v.to_string())),
    }
}

/// `base` with `pairs` set, read back as its type. `what` names the record in errors.
pub fn overlay<T: Serialize + DeserializeOwned>(
    base: &T,
    pairs: &[(String, String)],
    what: &str,
) -> Result<T, AppError> {
    let mut map = shape(base, what)?;
    set(&mut map, pairs, what)?;
    read(map, pairs, what)
}

/// The patch `P` that sets `pairs` and nothing else; `shape` is an input of the record whose
/// fields name and type the values (`P` has the same fields).
pub fn patch<P: DeserializeOwned, I: Serialize>(
    shape_of: &I,
    pairs: &[(String, String)],
    what: &str,
) -> Result<P, AppError> {
    let mut typed = shape(shape_of, what)?;
    set(&mut typed, pairs, what)?;
    let given: Map<String, Value> =
        typed.into_iter().filter(|(f, _)| pairs.iter().any(|(p, _)| p == f)).collect();
    read(given, pairs, what)
}

/// A record's fields as JSON, or an internal error when it is not a record.
fn shape<T: Serialize>(record: &T, what: &str) -> Result<Map<String, Value>, AppError> {
    match serde_json::to_value(record) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(AppError::Internal(format!("{what}: not a record"))),
    }
}

/// Sets each pair on `map` as the type its field has there; a field `map` lacks is an error
/// that lists the fields there are.
fn set(
    map: &mut Map<String, Value>,
    pairs: &[(String, String)],
    what: &str,
) -> Result<(), AppError> {
    let known: Vec<String> = map.keys().cloned().collect();
    for (field, value) in pairs {
        let Some(current) = map.get(field) else {
            return Err(invalid(
                field,
                format!("not a field of {what}; its fields: {}", known.join(", ")),
            ));
        };
        let v = match current {
            // A list: comma-separated.
            Value::Array(_) => Value::Array(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(|x| Value::String(x.into()))
                    .collect(),
            ),
            _ => guess(value),
        };
        map.insert(field.clone(), v);
    }
    Ok(())
}

/// Reads `map` as T; a field whose guessed type was wrong (a title of digits) is retried as
/// text, once each.
fn read<T: DeserializeOwned>(
    mut map: Map<String, Value>,
    pairs: &[(String, String)],
    what: &str,
) -> Result<T, AppError> {
    for _ in 0..=pairs.len() {
        let de = Value::Object(map.clone());
        match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(v) => return Ok(v),
            Err(e) => {
                let field = e.path().to_string();
                let given = pairs.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone());
                match (given, map.get(&field)) {
                    (Some(text), Some(v)) if !v.is_string() && !text.trim().is_empty() => {
                        map.insert(field, Value::String(text));
                    }
                    (given, _) => {
                        let why = plain_reason(&e.inner().to_string(), given.as_deref());
                        return Err(invalid(&field, why));
                    }
                }
            }
        }
    }
    Err(invalid(what, "cannot be read".into()))
}

/// What serde said about a value, as the person who typed it reads it: the value, and what
/// the field takes instead ("maybe" is not true or false), never "invalid type: string".
fn plain_reason(serde_says: &str, given: Option<&str>) -> String {
    let value = given.map_or_else(String::new, |v| format!("{v:?} "));
    let takes = |what: &str| format!("{value}is not {what}");
    if serde_says.contains("expected a boolean") {
        takes("true or false")
    } else if serde_says.contains("expected a string") && given.is_none_or(|g| g.trim().is_empty())
    {
        "cannot be empty".into()
    } else if [
        "expected i64",
        "expected u64",
        "expected u32",
        "expected u8",
        "expected i8",
        "expected i32",
    ]
    .iter()
    .any(|t| serde_says.contains(t))
    {
        takes("a whole number in the field's range")
    } else if serde_says.contains("expected f64") {
        takes("a finite number")
    } else if serde_says.contains("UUID") {
        takes("an id (as `plans show` and `accounts show` print them)")
    } else if serde_says.starts_with("input ") || serde_says.contains("premature end of input") {
        // chrono's words for a date it could not read
        takes("a day as YYYY-MM-DD")
    } else if let Some(list) = serde_says.split_once("expected one of ").map(|x| x.1) {
        takes(&format!("one of: {}", list.replace('`', "")))
    } else {
        format!("{value}cannot be read: {serde_says}")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use keyplan_app::domain::plan::ObjectiveInput;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(f, v)| ((*f).to_string(), (*v).to_string())).collect()
    }

    #[test]
    fn a_wrong_value_is_named_with_what_its_field_takes() {
        let base = ObjectiveInput::default();
        for (field, value, says) in [
            ("share_with_customer", "maybe", "\"maybe\" is not true or false"),
            ("target", "abc", "\"abc\" is not a finite number"),
        ] {
            let e = overlay(&base, &pairs(&[(field, value)]), "objective").unwrap_err().to_string();
            assert!(e.contains(field) && e.contains(says), "{field}={value}: {e}");
            assert!(!e.contains("invalid type") && !e.contains("expected"), "{e}");
        }
        let base = keyplan_app::domain::plan::ValuePropositionInput::default();
        let e = overlay(&base, &pairs(&[("objective_id", "nope")]), "value proposition")
            .unwrap_err()
            .to_string();
        assert!(e.contains("objective_id") && e.contains("\"nope\" is not an id"), "{e}");
    }

    #[test]
    fn values_take_their_fields_types() {
        let base = ObjectiveInput::default();
        let o: ObjectiveInput = overlay(
            &base,
            &pairs(&[
                ("title", "2027"),
                ("target", "1500000"),
                ("baseline", "0.5"),
                ("share_with_customer", "true"),
            ]),
            "objective",
        )
        .unwrap();
        assert_eq!(o.title, "2027", "digits for a text field stay text");
        assert_eq!(
            (o.target, o.baseline, o.share_with_customer),
            (Some(1_500_000.0), Some(0.5), true)
        );
        let cleared: ObjectiveInput = overlay(&o, &pairs(&[("target", "")]), "objective").unwrap();
        assert_eq!(cleared.target, None);
        // A word is text, kept as typed, never taken for "no value".
        for word in ["null", "none", "None", "NULL", "  spaced  ", "true", "1e999"] {
            let kept: ObjectiveInput =
                overlay(&o, &pairs(&[("metric", word)]), "objective").unwrap();
            assert_eq!(kept.metric.as_deref(), Some(word), "{word}");
        }
    }

    #[test]
    fn unknown_fields_and_bad_values_name_the_field() {
        let base = ObjectiveInput::default();
        let e = overlay::<ObjectiveInput>(&base, &pairs(&[("colour", "red")]), "objective")
            .unwrap_err();
        assert!(matches!(&e, AppError::Invalid(v) if v.0[0].field == "colour"), "{e:?}");
        assert!(e.to_string().contains("title"), "lists the fields: {e}");
        let e = overlay::<ObjectiveInput>(&base, &pairs(&[("target", "lots")]), "objective")
            .unwrap_err();
        assert!(matches!(&e, AppError::Invalid(v) if v.0[0].field == "target"), "{e:?}");
        for word in ["NaN", "inf", "-infinity", "1e999", "null", "none"] {
            let e = overlay::<ObjectiveInput>(&base, &pairs(&[("target", word)]), "objective");
            assert!(
                matches!(&e, Err(AppError::Invalid(v)) if v.0[0].field == "target"),
                "{word}: {e:?}"
            );
        }
        assert!(pair("no-equals").is_err());
        assert_eq!(pair("notes=a=b").unwrap(), ("notes".into(), "a=b".into()));
    }
}
