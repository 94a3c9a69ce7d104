//! JSON documents (`summary.json`, `manifest.json`): pretty-printed with a final newline,
//! written atomically, read back into their record with the file, line and column of
//! any problem.

use super::atomic::write_atomically;
use crate::error::{Error, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Writes `value` to `path` as pretty JSON, atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_atomically(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        writeln!(w)?;
        Ok(())
    })?;
    Ok(())
}

/// Reads the JSON document `path` into `T`; `what` says what the file should be, for
/// the message when it is missing.
pub fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        Error::BadInput(format!("{}: cannot read ({err}); {what}", path.display()))
    })?;
    serde_json::from_str(&text).map_err(|err| {
        Error::BadInput(format!(
            "{}:{}:{}: {err}",
            path.display(),
            err.line(),
            err.column()
        ))
    })
}
