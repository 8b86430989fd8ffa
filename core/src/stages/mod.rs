//! The stages of the pipeline, one module each, in the order they apply
//! (SPEC §3). Each takes what it needs and returns a typed decision; the
//! facts it records for the trace are data, turned into sentences only by
//! [`crate::explain`].

pub(crate) mod amount;
pub(crate) mod classify;
pub(crate) mod income;
pub(crate) mod membership;
pub(crate) mod params;
pub(crate) mod property;
pub(crate) mod round;
pub(crate) mod scale;
pub(crate) mod verify;

use crate::error::{Error, Errors};
use crate::input::MAX_MEMBERS;

/// The error for a figure that left the range of a decimal.
pub(crate) fn overflow() -> Errors {
    Error::Overflow {
        field: "members".into(),
    }
    .into()
}

/// A set of member indexes, in order, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct Indexes {
    items: [u8; MAX_MEMBERS],
    len: usize,
}

impl Default for Indexes {
    fn default() -> Self {
        Indexes {
            items: [0; MAX_MEMBERS],
            len: 0,
        }
    }
}

impl Indexes {
    pub fn push(&mut self, i: usize) {
        // Callers stay below MAX_MEMBERS (checked by the membership stage).
        if self.len < MAX_MEMBERS {
            self.items[self.len] = i as u8;
            self.len += 1;
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.items[..self.len].iter().map(|&i| usize::from(i))
    }
    pub fn contains(&self, i: usize) -> bool {
        self.iter().any(|j| j == i)
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
