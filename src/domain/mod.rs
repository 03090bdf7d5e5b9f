//! The program's vocabulary as types: IDs that cannot be mixed up, closed sets of values, and the
//! parsing of request fields into them (parse, don't validate).

/// Declares a closed set of values stored and sent as snake_case text.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
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
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(()) }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod activity;
pub mod assessment;
pub mod benefit;
pub mod category;
pub mod contract;
pub mod csv;
pub mod eligibility;
pub mod ids;
pub mod page;
pub mod plan;
pub mod profile;
pub mod progress;
pub mod review;
pub mod role;
pub mod scope;
pub mod selection;
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
