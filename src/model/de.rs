//! Small serde helpers shared by the models.

use serde::{Deserialize, Deserializer};

/// A unit-only enum read from its variant's name (`"Local"`), as serde's derive reads it, in
/// a fraction of the wasm the derive's visitor takes (these are read by the first view).
pub(crate) fn unit_variant<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    variants: &'static [(&'static str, T)],
) -> Result<T, D::Error> {
    let name = String::deserialize(d)?;
    variants
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown variant `{name}`")))
}

/// Declares a string enum Dokploy may extend: known values get a variant, anything else is
/// kept verbatim in `Other(String)`. (De)serializes as the plain string.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of Skiff does not know yet.
            Other(String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(s) => s.as_str(),
                }
            }

            /// Parses the wire value; unknown values become `Other`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok(Self::parse(&s))
            }
        }
    };
}
pub(crate) use open_enum;

/// A struct's `Deserialize`, written out key by key for the widest answers (`Application`: 72
/// fields): each key read straight into a field of `T::default()`, the other keys skipped. serde's
/// derive keeps an `Option` per field, a duplicate-key check and a missing-field step for each
/// one, and that code took 24 KB of wasm for `Application` alone. Each field reads as `plain`
/// (its type's decoder: an absent key leaves the default, as `#[serde(default)]` does),
/// `nullable` (`null` is the type's default) or `text` ([`Text`]).
macro_rules! object {
    ($ty:ident, $expecting:literal, { $($key:literal => $field:ident: $how:ident),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        let mut out = <$ty>::default();
                        while let Some(key) = $crate::model::de::key(&mut map)? {
                            match &*key.0 {
                                $($key => $crate::model::de::object!(@read $how, map, out.$field),)*
                                _ => $crate::model::de::value::<_, serde::de::IgnoredAny>(&mut map).map(|_| ())?,
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(Fields)
            }
        }
    };
    (@read plain, $map:ident, $place:expr) => {
        $place = $crate::model::de::value(&mut $map)?
    };
    (@read nullable, $map:ident, $place:expr) => {
        $place = $crate::model::de::value::<_, Option<_>>(&mut $map)?.unwrap_or_default()
    };
    (@read text, $map:ident, $place:expr) => {
        $place = $crate::model::de::value::<_, Option<$crate::model::de::Text>>(&mut $map)?.map(|t| t.0)
    };
}
pub(crate) use object;

/// The next key of `map`, as [`object!`] reads it (a call, as [`value`]).
#[inline(never)]
pub(crate) fn key<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// The next value of `map`, as [`object!`] reads a field: a call, not inlined, so that the
/// fields of one type share one decoder (`Application`'s 72 fields were one 14 KB function).
#[inline(never)]
pub(crate) fn value<'de, A: serde::de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
) -> Result<T, A::Error> {
    map.next_value()
}

/// An object's key as [`object!`] reads it: borrowed from the answer, copied only when escaped.
pub(crate) struct Key<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// Decodes the JSON `text` as one `T` and nothing after it, as `serde_json::from_str` does;
/// `Ok(None)` when it is JSON that is not a `T`, `Err` for anything else (not JSON, or text
/// after the value). For the answers whose shape changed across eras: each shape is decoded
/// straight from the text, with the decoder every other answer of that type uses, instead of
/// through `#[serde(untagged)]`, which buffers the answer in serde's `Content` and so links a
/// second decoder of every type in it (`Project`, `Environment`, `Database`: KBs of wasm).
/// Semantics as the untagged enum's, in the same order of shapes: the first shape that
/// decodes wins (text after it is then an error), see [`no_shape`].
pub(crate) fn shape<'a, T: Deserialize<'a>>(text: &'a str) -> Result<Option<T>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    match T::deserialize(super::maps::MapsOnly(&mut de)) {
        Ok(value) => de.end().map(|()| Some(value)),
        Err(_) => Ok(None),
    }
}

/// The error of an untagged enum `name` decoded from `text` when no shape fits: the syntax
/// error when `text` is not JSON (read as the untagged enum reads it first, as any value), serde's
/// own message otherwise (as `serde_json::from_str` reports it: no text after the value is looked
/// at then).
pub(crate) fn no_shape(text: &str, name: &str) -> serde_json::Error {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_json::Value::deserialize(&mut de) {
        Err(e) => e,
        Ok(_) => serde::de::Error::custom(format_args!(
            "data did not match any variant of untagged enum {name}"
        )),
    }
}

/// A value Dokploy sent as a string in one version and a number in another (`memoryLimit`,
/// `cpuLimit`), as a `text` field of [`object!`] reads it (kept as text; `null` is `None`): a string as it is, a number or a boolean as text. Read as the
/// `#[serde(untagged)]` enum of a string, an `i64`, an `f64` and a `bool` read it (same values;
/// anything else is read to its end, then fails with the enum's error, raised here as the enum
/// raised it, so serde_json gives it the same position), without buffering the value in
/// serde's `Content` first: that linked a decoder of every JSON shape for these few fields.
pub(crate) struct Text(pub(crate) String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(TextVisitor)? {
            Some(text) => Ok(Text(text)),
            None => Err(serde::de::Error::custom(
                "data did not match any variant of untagged enum Text",
            )),
        }
    }
}

/// The text of a value, `None` for a value that has none (an array, an object).
struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string, a number or a boolean")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        // Past `i64::MAX` the enum's `i64` fails and its `f64` takes it.
        Ok(Some(match i64::try_from(v) {
            Ok(i) => i.to_string(),
            Err(_) => crate::float::shortest(v as f64),
        }))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(crate::float::shortest(v)))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

/// A JSON field whose presence matters (the swarm settings): `Absent` when the answer lacks
/// it (the era or kind has no such column; with `#[serde(default)]`), `Null` when it is `null`.
/// One decoder for every such field, where `deserialize_with` would link one per field.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Present {
    #[default]
    Absent,
    Null,
    Set(serde_json::Value),
}

impl Present {
    /// The value where the answer has the field: `Some(None)` when it is `null`.
    pub fn get(&self) -> Option<Option<&serde_json::Value>> {
        match self {
            Present::Absent => None,
            Present::Null => Some(None),
            Present::Set(v) => Some(Some(v)),
        }
    }
}

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<serde_json::Value>::deserialize(d)? {
            Some(v) => Present::Set(v),
            None => Present::Null,
        })
    }
}

impl serde::Serialize for Present {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Present::Set(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The untagged enum `text` read before: the reference for its values and errors.
    fn untagged(json: &str) -> Result<Option<String>, String> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Text {
            S(String),
            I(i64),
            F(f64),
            B(bool),
        }
        #[derive(Deserialize)]
        struct Row {
            #[serde(default, deserialize_with = "old")]
            v: Option<String>,
        }
        fn old<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
            Ok(Option::<Text>::deserialize(d)?.map(|t| match t {
                Text::S(s) => s,
                Text::I(i) => i.to_string(),
                Text::F(f) => crate::float::shortest(f),
                Text::B(b) => b.to_string(),
            }))
        }
        serde_json::from_str::<Row>(json)
            .map(|r| r.v)
            .map_err(|e| e.to_string())
    }

    fn new(json: &str) -> Result<Option<String>, String> {
        #[derive(Default)]
        struct Row {
            v: Option<String>,
        }
        object!(Row, "a row", { "v" => v: text });
        serde_json::from_str::<Row>(json)
            .map(|r| r.v)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn text_reads_as_the_untagged_enum_did() {
        for v in [
            r#""512m""#,
            r#""a\"b""#,
            "0",
            "-3",
            "42",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "1.5",
            "-0.25",
            "1e300",
            "2e400",
            "true",
            "false",
            "null",
            "[]",
            "[1, [2, {}]]",
            "{}",
            r#"{"a": [1, {"b": 2}]}"#,
            "[1,",
            "{\"a\"",
            "\"open",
            "-",
            "1.",
            "tru",
        ] {
            for json in [
                format!(r#"{{"v": {v}}}"#),
                format!(r#"{{"v": {v}, "w": 1}}"#),
            ] {
                assert_eq!(new(&json), untagged(&json), "{json}");
            }
        }
        assert_eq!(new("{}"), untagged("{}"));
    }
}
