//! A cooperative time budget for one input: work on it checks the deadline between steps
//! and inside long loops, and stops with [`OverBudget`] once it has passed.

use std::fmt;
use std::time::{Duration, Instant};

/// When work on one input must stop. `Deadline::none()` never expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    at: Option<Instant>,
    budget: Duration,
}

impl Default for Deadline {
    fn default() -> Self {
        Deadline::none()
    }
}

impl Deadline {
    /// No time limit.
    pub fn none() -> Self {
        Deadline {
            at: None,
            budget: Duration::ZERO,
        }
    }

    /// Expires `budget` from now; `None` means no limit.
    pub fn after(budget: Option<Duration>) -> Self {
        match budget {
            Some(b) => Deadline {
                at: Instant::now().checked_add(b),
                budget: b,
            },
            None => Deadline::none(),
        }
    }

    /// Has the deadline passed?
    pub fn expired(&self) -> bool {
        self.at.is_some_and(|at| Instant::now() >= at)
    }

    /// `Err` naming `step` when the deadline has passed.
    pub fn check(&self, step: &'static str) -> Result<(), OverBudget> {
        if self.expired() {
            Err(OverBudget {
                budget: self.budget,
                step,
            })
        } else {
            Ok(())
        }
    }
}

/// Work on an input was stopped because its time budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget {
    /// The budget that was exceeded.
    pub budget: Duration,
    /// What was being done when the check failed (e.g. `finding quotes`).
    pub step: &'static str,
}

impl fmt::Display for OverBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.budget.as_secs_f64();
        write!(
            f,
            "took longer than the time budget of {secs} s per input (stopped while {}); \
             raise it with --input-timeout",
            self.step
        )
    }
}

impl std::error::Error for OverBudget {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_never_expires_and_zero_expires_at_once() {
        assert!(Deadline::none().check("x").is_ok());
        let d = Deadline::after(Some(Duration::ZERO));
        let e = d.check("reading").unwrap_err();
        assert_eq!(e.step, "reading");
        assert!(e.to_string().contains("0 s"), "{e}");
        assert!(Deadline::after(Some(Duration::from_secs(3600)))
            .check("x")
            .is_ok());
    }
}
