//! Flow categories (spec §G.1): what a flow is for, given to the Flows API at create.
//!
//! The one list of category names: the `flow!` macro, the deploy manifest, `--category` and the
//! sandbox all read it from here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::validate::did_you_mean;

macro_rules! categories {
    ($( $(#[$vdoc:meta])* $variant:ident => $konst:ident ),+ $(,)?) => {
        /// A flow category (spec §G.1).
        ///
        /// Open: a value this library does not know (such as `SHOPPING`, listed by AWS only and
        /// UNCONFIRMED for Meta, or a future category) is kept as [`Category::Unknown`] when
        /// read from the server. User input goes through [`Category::parse`] (or `str::parse`),
        /// which refuses typos with a "did you mean".
        ///
        /// ```
        /// use flow_model::Category;
        /// assert_eq!(Category::from("SURVEY").as_str(), "SURVEY");
        /// assert_eq!("sign-up".parse::<Category>(), Ok(Category::SignUp));
        /// let typo = "SURVY".parse::<Category>().unwrap_err();
        /// assert_eq!(typo.suggestion(), Some("SURVEY"));
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Category {
            $( $(#[$vdoc])* $variant, )+
            /// A value this version of the library does not know, kept verbatim.
            Unknown(String),
        }

        impl Category {
            /// Meta's categories, in the order of its reference.
            pub const KNOWN: &'static [&'static str] = &[$(stringify!($konst)),+];

            /// The wire spelling, e.g. `"SURVEY"`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => stringify!($konst), )+
                    Self::Unknown(s) => s,
                }
            }

            fn known(s: &str) -> Option<Self> {
                match s {
                    $( stringify!($konst) => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        /// The categories as constants named like Meta spells them (`categories::SURVEY`), which
        /// is what `flow!`'s `categories=[SURVEY]` refers to: a typo is a compile error with
        /// rustc's own "a constant with a similar name exists".
        pub mod categories {
            $(
                #[doc = concat!("`", stringify!($konst), "`")]
                pub const $konst: super::Category = super::Category::$variant;
            )+
        }
    };
}

categories! {
    /// `SIGN_UP`
    SignUp => SIGN_UP,
    /// `SIGN_IN`
    SignIn => SIGN_IN,
    /// `APPOINTMENT_BOOKING`
    AppointmentBooking => APPOINTMENT_BOOKING,
    /// `LEAD_GENERATION`
    LeadGeneration => LEAD_GENERATION,
    /// `CONTACT_US`
    ContactUs => CONTACT_US,
    /// `CUSTOMER_SUPPORT`
    CustomerSupport => CUSTOMER_SUPPORT,
    /// `SURVEY`
    Survey => SURVEY,
    /// `OTHER`
    Other => OTHER,
}

/// A category name that is not one of Meta's.
///
/// ```
/// let e = flow_model::Category::parse("LEAD_GEN").unwrap_err();
/// assert!(e.to_string().contains("did you mean `LEAD_GENERATION`?"), "{e}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryError {
    input: String,
    suggestion: Option<&'static str>,
}

impl CategoryError {
    /// The text that was refused.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The closest known category, if one is close.
    pub fn suggestion(&self) -> Option<&'static str> {
        self.suggestion
    }
}

impl fmt::Display for CategoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown flow category `{}`", self.input)?;
        match self.suggestion {
            Some(s) => write!(f, ": did you mean `{s}`?"),
            None => write!(f, "; known: {}", Category::KNOWN.join(", ")),
        }
    }
}

impl std::error::Error for CategoryError {}

impl Category {
    /// Reads a category written by a person (a `--category` flag, a manifest): case, `-` and
    /// surrounding spaces do not matter (`sign-up`, ` Survey `); a name that is neither Meta's
    /// nor UNCONFIRMED in [`crate::table::CATEGORIES`] (`SHOPPING`, AWS only: let through, and
    /// Meta decides) is refused, with the closest name when one is close.
    ///
    /// ```
    /// use flow_model::Category;
    /// assert_eq!(Category::parse(" customer_support "), Ok(Category::CustomerSupport));
    /// assert_eq!(Category::parse("shopping"), Ok(Category::Unknown("SHOPPING".into())));
    /// assert!(Category::parse("SURVAY").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, CategoryError> {
        let norm = text.trim().to_ascii_uppercase().replace('-', "_");
        if let Some(c) = Self::known(&norm) {
            return Ok(c);
        }
        if crate::table::category_spec(&norm).is_some() {
            return Ok(Self::Unknown(norm));
        }
        // A near miss (`SURVY`), else an abbreviation of exactly one name (`LEAD_GEN`).
        let suggestion = did_you_mean(&norm, Self::KNOWN.iter().copied()).or_else(|| {
            let mut starts = Self::KNOWN
                .iter()
                .filter(|k| norm.len() >= 3 && k.starts_with(norm.as_str()));
            match (starts.next(), starts.next()) {
                (Some(only), None) => Some(*only),
                _ => None,
            }
        });
        Err(CategoryError {
            suggestion,
            input: text.to_owned(),
        })
    }

    /// Whether this is one of Meta's categories ([`Self::KNOWN`]).
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

/// Lenient: text from the server is kept whatever it is (unknown → [`Category::Unknown`]).
impl From<&str> for Category {
    fn from(s: &str) -> Self {
        Self::known(s).unwrap_or_else(|| Self::Unknown(s.to_owned()))
    }
}

impl From<String> for Category {
    fn from(s: String) -> Self {
        Self::known(&s).unwrap_or(Self::Unknown(s))
    }
}

/// Strict: [`Category::parse`].
impl FromStr for Category {
    type Err = CategoryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Compares the wire spelling: `Category::Survey == "SURVEY"`.
impl PartialEq<str> for Category {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// Compares the wire spelling: `Category::Survey == "SURVEY"`.
impl PartialEq<&str> for Category {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Lenient, like [`From<&str>`]: API responses may carry categories this library does not know.
impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Self::from(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enum_names_the_confirmed_rows_of_the_table() {
        use crate::table::{CATEGORIES, Certainty};
        let confirmed: Vec<&str> = CATEGORIES
            .iter()
            .filter(|c| c.certainty == Certainty::Confirmed)
            .map(|c| c.name)
            .collect();
        assert_eq!(Category::KNOWN, confirmed.as_slice());
    }

    #[test]
    fn every_known_category_parses_to_itself_and_its_constant() {
        for k in Category::KNOWN {
            let c = Category::parse(k).unwrap();
            assert!(c.is_known());
            assert_eq!(c.as_str(), *k);
            assert_eq!(Category::from(*k), c);
        }
        assert_eq!(categories::SURVEY, Category::Survey);
    }

    #[test]
    fn typos_are_refused_with_the_closest_name() {
        let e = Category::parse("survy").unwrap_err();
        assert_eq!(e.suggestion(), Some("SURVEY"));
        assert_eq!(e.input(), "survy");
        assert_eq!(
            Category::parse("lead_gen").unwrap_err().suggestion(),
            Some("LEAD_GENERATION")
        );
        // Ambiguous: SIGN_UP or SIGN_IN.
        assert_eq!(Category::parse("SIGN").unwrap_err().suggestion(), None);
        let far = Category::parse("GROCERIES").unwrap_err();
        assert_eq!(far.suggestion(), None);
        assert!(far.to_string().contains("SIGN_UP"), "{far}");
    }

    #[test]
    fn unknown_text_from_the_server_is_kept() {
        let c: Category = serde_json::from_str("\"SHOPPING_V2\"").unwrap();
        assert_eq!(c, Category::Unknown("SHOPPING_V2".into()));
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"SHOPPING_V2\"");
    }
}
