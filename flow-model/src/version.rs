//! Flow JSON and Data API versions.
//!
//! A version is `{major}.{minor}` where both parts are integers, so `7.10 > 7.9` (spec §A.2).
//! Documents may declare versions that do not exist (`"1.0"`, `"v2.1"`, `"8.0"`): they are kept as
//! [`FlowVersion::Unknown`] with their exact text, and the validator reports them.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::json::FromJson;

/// A `{major}.{minor}` version number with numeric ordering.
///
/// ```
/// use flow_model::Version;
/// let a: Version = "7.10".parse().unwrap();
/// let b: Version = "7.9".parse().unwrap();
/// assert!(a > b);
/// assert_eq!(a.to_string(), "7.10");
/// assert!("v2.1".parse::<Version>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major number; a bump marks a breaking change.
    pub major: u16,
    /// The minor number, compared as an integer.
    pub minor: u16,
}

impl Version {
    /// A version from its two numbers.
    pub const fn new(major: u16, minor: u16) -> Self {
        Self { major, minor }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The text is not of the form `{major}.{minor}` with canonical decimal numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a version of the form MAJOR.MINOR (for example \"7.3\")")]
pub struct VersionParseError(pub String);

impl FromStr for Version {
    type Err = VersionParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || VersionParseError(s.to_owned());
        let (major, minor) = s.split_once('.').ok_or_else(err)?;
        let num = |p: &str| -> Result<u16, VersionParseError> {
            // Canonical digits only: "07" or "+7" would not print back identically.
            let canonical = !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p == "0" || !p.starts_with('0'));
            if !canonical {
                return Err(err());
            }
            p.parse().map_err(|_| err())
        };
        Ok(Version::new(num(major)?, num(minor)?))
    }
}

macro_rules! versions {
    ($($name:ident = ($ma:literal, $mi:literal)),* $(,)?) => {
        $(
            #[doc = concat!("Flow JSON version ", stringify!($ma), ".", stringify!($mi), ".")]
            pub const $name: Version = Version::new($ma, $mi);
        )*
        /// Every Flow JSON version Meta has published, oldest first (spec §A.2).
        pub const KNOWN_FLOW_VERSIONS: &[Version] = &[$($name),*];
    };
}

versions! {
    V2_1 = (2, 1), V3_0 = (3, 0), V3_1 = (3, 1), V4_0 = (4, 0), V5_0 = (5, 0), V5_1 = (5, 1),
    V6_0 = (6, 0), V6_1 = (6, 1), V6_2 = (6, 2), V6_3 = (6, 3), V7_0 = (7, 0), V7_1 = (7, 1),
    V7_2 = (7, 2), V7_3 = (7, 3),
}

/// The newest Flow JSON version; what builders emit by default.
pub const LATEST_FLOW_VERSION: Version = V7_3;

/// The oldest version that can still be published according to the best available source
/// (AWS, 2026: 5.1–7.3). **UNCONFIRMED** by Meta (spec §A.3); the validator reports older
/// versions as a warning only.
pub const OLDEST_PUBLISHABLE_FLOW_VERSION: Version = V5_1;

/// Data API version 3.0.
pub const DATA_API_3_0: Version = Version::new(3, 0);
/// Data API version 4.0 (adds `flow_token_signature`).
pub const DATA_API_4_0: Version = Version::new(4, 0);
/// Every Data API version Meta documents.
pub const KNOWN_DATA_API_VERSIONS: &[Version] = &[DATA_API_3_0, DATA_API_4_0];

macro_rules! declared_version {
    ($(#[$doc:meta])* $name:ident, $known:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            /// A version Meta has published, written canonically.
            Known(Version),
            /// Any other text, kept exactly as written.
            Unknown(String),
        }

        impl $name {
            /// Classifies declared text: known versions become [`Self::Known`].
            pub fn parse(text: &str) -> Self {
                match text.parse::<Version>() {
                    Ok(v) if $known.contains(&v) => Self::Known(v),
                    _ => Self::Unknown(text.to_owned()),
                }
            }

            /// The version number when the text has the `MAJOR.MINOR` form, known or not.
            pub fn version(&self) -> Option<Version> {
                match self {
                    Self::Known(v) => Some(*v),
                    Self::Unknown(s) => s.parse().ok(),
                }
            }

            /// Whether Meta has published this version.
            pub fn is_known(&self) -> bool {
                matches!(self, Self::Known(_))
            }

            /// The text as it appears in the document.
            pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
                match self {
                    Self::Known(v) => v.to_string().into(),
                    Self::Unknown(s) => s.as_str().into(),
                }
            }
        }

        impl From<Version> for $name {
            fn from(v: Version) -> Self {
                Self::parse(&v.to_string())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.as_text())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::Known(v) => s.collect_str(v),
                    Self::Unknown(t) => s.serialize_str(t),
                }
            }
        }

        impl FromJson for $name {
            fn from_json(v: Value) -> Result<Self, Value> {
                match v {
                    Value::String(s) => Ok(Self::parse(&s)),
                    other => Err(other),
                }
            }
        }
    };
}

declared_version!(
    /// The `version` a document declares.
    ///
    /// ```
    /// use flow_model::{FlowVersion, Version};
    /// assert_eq!(FlowVersion::parse("7.3"), FlowVersion::Known(Version::new(7, 3)));
    /// assert!(!FlowVersion::parse("1.0").is_known());
    /// assert_eq!(FlowVersion::parse("v2.1").as_text(), "v2.1");
    /// ```
    FlowVersion,
    KNOWN_FLOW_VERSIONS
);
declared_version!(
    /// The `data_api_version` a document declares (`"3.0"` or `"4.0"`).
    DataApiVersion,
    KNOWN_DATA_API_VERSIONS
);

impl crate::read::PropValue for FlowVersion {}
impl crate::read::PropValue for DataApiVersion {}

impl crate::table::JsonShape for FlowVersion {
    const JSON: crate::table::JsonTypes = crate::table::JsonTypes::STRING;
}
impl crate::table::JsonShape for DataApiVersion {
    const JSON: crate::table::JsonTypes = crate::table::JsonTypes::STRING;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_is_numeric() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        assert!(v("7.10") > v("7.9"));
        assert!(v("1.10") > v("1.9"));
        assert!(v("10.0") > v("9.99"));
        assert!(KNOWN_FLOW_VERSIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn non_canonical_text_is_not_a_version() {
        for s in [
            "v2.1", "2", "2.", ".1", "07.1", "7.01", "+7.1", "7.1.0", "", "seven",
        ] {
            assert!(s.parse::<Version>().is_err(), "{s}");
        }
        assert!(!FlowVersion::parse("1.0").is_known());
        assert_eq!(
            FlowVersion::parse("8.0").version(),
            Some(Version::new(8, 0))
        );
        assert_eq!(FlowVersion::parse("v2.1").version(), None);
    }
}
