//! The explanation: every step the engine takes, with the article it applies.
//! A view of the computation, not a second computation: steps are recorded
//! where the values are computed, and only when asked for.

use crate::money::Money;

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Records steps when enabled; costs nothing when not.
pub(crate) struct Tracer {
    /// Record the step-by-step trace.
    pub enabled: bool,
    /// Write sentences for reasons, warnings and exclusions, and income lines
    /// (off in summary mode, for batch runs).
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

    /// A reason, warning or note; its sentences only in detail mode.
    pub fn note(
        &self,
        code: &'static str,
        citation: impl std::fmt::Display,
        text: impl FnOnce() -> (String, String),
    ) -> Note {
        if self.detail {
            let (zh, en) = text();
            Note {
                code,
                zh,
                en,
                citation: citation.to_string(),
            }
        } else {
            Note {
                code,
                zh: String::new(),
                en: String::new(),
                citation: String::new(),
            }
        }
    }

    /// Records a step; the text is only built when tracing.
    #[inline]
    pub fn step(
        &mut self,
        step: &'static str,
        citation: impl std::fmt::Display,
        value: Option<Money>,
        text: impl FnOnce() -> (String, String),
    ) {
        if self.enabled {
            let (zh, en) = text();
            self.steps.push(Step {
                step,
                zh,
                en,
                value,
                citation: citation.to_string(),
            });
        }
    }
}
