//! The explanation: every step the engine takes, with the article it applies.
//! A view of the computation, not a second computation: the stages record
//! typed facts where the values are computed, and [`crate::explain`] turns
//! them into sentences only when a trace or detail is asked for.

use crate::explain::{self, Fact};
use crate::money::Money;

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Step {
    /// Stable snake_case name of the step (`per_capita_income`, …).
    pub step: &'static str,
    /// The sentence in Chinese.
    pub zh: String,
    /// The sentence in English.
    pub en: String,
    /// The value the step produced, if it is an amount.
    pub value: Option<Money>,
    /// The article (or local rule) applied.
    pub citation: String,
}

/// A reason, a warning or a note: code, sentences, citation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Note {
    /// Stable snake_case code.
    pub code: &'static str,
    /// The sentence in Chinese.
    pub zh: String,
    /// The sentence in English.
    pub en: String,
    /// The article applied.
    pub citation: String,
}

impl Note {
    /// A note of one's own (an adapter's warning, say): the struct is
    /// `#[non_exhaustive]`, so this is how code outside the crate makes one.
    pub fn new(
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
        citation: impl Into<String>,
    ) -> Note {
        Note {
            code,
            zh: zh.into(),
            en: en.into(),
            citation: citation.into(),
        }
    }
}

/// Records facts as steps and notes when enabled; costs nothing when not.
pub(crate) struct Tracer {
    /// Record the step-by-step trace.
    pub enabled: bool,
    /// Render reasons, warnings and exclusions, and keep income lines (off
    /// in summary mode, for batch runs).
    pub detail: bool,
    pub steps: Vec<Step>,
}

impl Tracer {
    pub fn new(enabled: bool, detail: bool) -> Tracer {
        Tracer {
            enabled: enabled && detail,
            detail,
            steps: Vec::new(),
        }
    }

    /// A reason, warning or note; rendered only in detail mode (its code
    /// alone otherwise).
    pub fn note<'a>(&self, fact: impl Into<Fact<'a>>) -> Note {
        let fact = fact.into();
        if self.detail {
            explain::note(&fact)
        } else {
            Note {
                code: fact.code(),
                zh: String::new(),
                en: String::new(),
                citation: String::new(),
            }
        }
    }

    /// As [`Tracer::note`], written over `into`: a list rewritten for every
    /// household (conditions, referrals) keeps its entries, and in summary
    /// mode their (empty) strings are cleared, not dropped and rebuilt.
    pub fn note_into<'a>(&self, fact: impl Into<Fact<'a>>, into: &mut Note) {
        let fact = fact.into();
        if self.detail {
            *into = explain::note(&fact);
        } else {
            into.code = fact.code();
            into.zh.clear();
            into.en.clear();
            into.citation.clear();
        }
    }

    /// Records a step; the fact is only built, and rendered, when tracing.
    #[inline]
    pub fn step<'a, F: Into<Fact<'a>>>(&mut self, fact: impl FnOnce() -> F) {
        if self.enabled {
            self.steps.push(explain::step(&fact().into()));
        }
    }
}
