//! Who is calling and what they may touch: password hashing, access tokens, the login rate limit,
//! the route policy table and the extractor that applies it, and the instance's memory of verified
//! sessions.

pub mod account_token;
pub mod caller;
pub mod jwt;
pub mod password;
pub mod policy;
pub mod rate_limit;
pub mod session_cache;
