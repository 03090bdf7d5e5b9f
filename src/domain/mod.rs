//! The program's vocabulary as types: IDs that cannot be mixed up, closed sets of values, and the
//! parsing of request fields into them (parse, don't validate).

/// Declares a closed set of values stored and sent as snake_case text. Each value may carry its
/// words in Chinese, `Value => "code" ("中文")`, which people read instead of the code (in lists of
/// allowed values, reports and labels); without them the code is shown. `| "old"` after the code
/// accepts a code the value was once written with, on input and in stored rows.
///
/// The code is taken as a token tree, not a `literal` fragment: a `literal` fragment reaches the
/// `ToSchema` derive wrapped in an invisible group, which it does not read as a `rename`, and the
/// OpenAPI document then listed the variant names (`CityDepartment`) instead of the codes.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:tt $(| $alias:literal)* $(($zh:literal))?),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value's words in Chinese.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => text_enum!(@zh $text $(, $zh)?)),+ }
            }

            /// The value's words in `locale`.
            pub fn label(self, locale: crate::i18n::Locale) -> std::borrow::Cow<'static, str> {
                crate::domain::choice::Choice::label(self, locale)
            }
        }

        impl crate::domain::choice::Choice for $name {
            const ALL: &'static [$name] = $name::ALL;

            fn code(self) -> &'static str {
                self.as_str()
            }

            fn zh(self) -> &'static str {
                $name::zh(self)
            }

            fn from_code(s: &str) -> Option<Self> {
                match s { $($text $(| $alias)* => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                <$name as crate::domain::choice::Choice>::from_code(s).ok_or(())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::domain::choice::deserialize(d)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    (@zh $text:literal) => { $text };
    (@zh $text:literal, $zh:literal) => { $zh };
}

pub mod activity;
pub mod assessment;
pub mod benefit;
pub mod category;
pub mod choice;
pub mod contract;
pub mod csv;
pub mod eligibility;
pub mod end_reason;
pub mod evidence;
pub mod field_names;
pub mod id_number;
pub mod ids;
pub mod indicator;
pub mod page;
pub mod plan;
pub mod policy;
pub mod profile;
pub mod progress;
pub mod review;
pub mod role;
pub mod scope;
pub mod selection;
pub mod sheet;
pub mod sheet_xlsx;
pub mod text;
pub mod unit;
pub mod user;

/// Deserializes a field that may be absent (`None`), `null` (`Some(None)`) or a value: what a
/// PATCH body needs to tell "leave it" from "clear it".
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}
