//! Enumerations whose unknown values survive a round trip.

/// Declares an enum of string values with an `Unknown(String)` variant that keeps any other text.
macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* #[doc = concat!("`\"", $text, "\"`")] $variant,)*
            /// A value this version of flow-model does not know, kept as written.
            Unknown(String),
        }

        impl $name {
            /// Every known value's text, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($text),*];

            /// The value as written in Flow JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Unknown(s) => s,
                }
            }

            /// Reads a value; unknown text becomes [`Self::Unknown`].
            pub fn parse(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// Whether the value is one of [`Self::KNOWN`].
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
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
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok(Self::parse(&s))
            }
        }

        impl $crate::json::FromJson for $name {
            fn from_json(v: serde_json::Value) -> Result<Self, serde_json::Value> {
                match v {
                    serde_json::Value::String(s) => Ok(match Self::parse(&s) {
                        Self::Unknown(_) => Self::Unknown(s),
                        known => known,
                    }),
                    other => Err(other),
                }
            }
        }
    };
}

pub(crate) use open_enum;
