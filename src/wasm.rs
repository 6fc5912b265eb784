//! The JavaScript boundary (filled in by the infra branch).
