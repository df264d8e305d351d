//! Timing: `performance.measure` entries named `candor:…`. The performance report
//! (`scripts/perf/`) reads the start-up ones to show where the main thread's time goes
//! between the wasm arriving and the first screen; `candor:draft-save` times each
//! sealed write of a kept draft.
//!
//! Entries carry only step names, never patient data, and cost microseconds.

/// A span of start-up work, measured from [`Span::start`] to [`Span::end`].
pub struct Span {
    name: &'static str,
}

impl Span {
    /// Marks the start of the span `candor:<name>`.
    pub fn start(name: &'static str) -> Self {
        if let Some(p) = performance() {
            let _ = p.mark(&format!("candor:{name}:start"));
        }
        Self { name }
    }

    /// Records the span as the measure `candor:<name>`, ending now.
    pub fn end(self) {
        if let Some(p) = performance() {
            let name = format!("candor:{}", self.name);
            let _ = p.measure_with_start_mark(&name, &format!("{name}:start"));
        }
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}
