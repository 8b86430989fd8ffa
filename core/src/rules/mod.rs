//! The rules, one module each, in the order they apply (SPEC §3).

pub(crate) mod amount;
pub(crate) mod assets;
pub(crate) mod income;
pub(crate) mod membership;
pub(crate) mod verify;
