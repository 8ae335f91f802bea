//! Small serde helpers shared by the models.

use serde::{Deserialize, Deserializer};

/// Treats `null` like a missing field: the type's default.
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
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
    match T::deserialize(&mut de) {
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

/// A value Dokploy sent as a string in one version and a number in another
/// (`memoryLimit`, `cpuLimit`): kept as text; `null` is `None`.
pub(crate) fn text<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Text {
        S(String),
        I(i64),
        F(f64),
        B(bool),
    }
    Ok(Option::<Text>::deserialize(d)?.map(|t| match t {
        Text::S(s) => s,
        Text::I(i) => i.to_string(),
        Text::F(f) => crate::float::shortest(f),
        Text::B(b) => b.to_string(),
    }))
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
