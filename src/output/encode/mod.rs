//! The encoder seam: every table of an output folder is produced once, as typed rows
//! (the structs of [`crate::output::records`]), and handed to an [`Encoder`], which
//! writes it in its format; reading a table back goes through the same encoder and the
//! same row struct.
//!
//! A row becomes a [`Record`] (named [`Cell`]s, [`record`]); an encoder only turns
//! records into bytes and back. Encoders are chosen by name (`--format csv|jsonl|parquet`) from
//! [`ENCODERS`]: a new format is one new file implementing [`Encoder`] and one line in
//! that list.

pub mod csv;
pub mod encoder;
pub mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod record;

use super::atomic::write_atomically;
use crate::error::{Error, Result};
use anyhow::Context;
pub use encoder::{Encoder, ReadError, Table, TableWriter};
pub use record::{
    Cell, Money, Record, Tenths, fill_record, from_record, nan_if_null, run_key, seed_text,
    to_record,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Every table format, the first the default: choosing a format is looking it up here.
/// Parquet is there when built with the cargo feature `parquet`.
pub const ENCODERS: &[&dyn Encoder] = &[
    &csv::Csv,
    &jsonl::Jsonl,
    #[cfg(feature = "parquet")]
    &parquet::Parquet,
];

/// The encoder called `name`, or an error listing the formats.
pub fn encoder(name: &str) -> std::result::Result<&'static dyn Encoder, String> {
    ENCODERS
        .iter()
        .copied()
        .find(|e| e.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = ENCODERS.iter().map(|e| e.name()).collect();
            format!(
                "expected a table format: one of {}, found `{name}`",
                names.join(", ")
            )
        })
}

/// The default table format (CSV).
pub fn default_encoder() -> &'static dyn Encoder {
    ENCODERS[0]
}

/// Writes `rows` as the table `dir/NAME.<format>`, atomically. The columns are the
/// first row's fields; a table with no rows gets the columns of `R::default()`.
pub fn write_table<R: Serialize + Default>(
    dir: &Path,
    name: &str,
    encoder: &dyn Encoder,
    rows: impl IntoIterator<Item = R>,
) -> Result<()> {
    let path = dir.join(format!("{name}.{}", encoder.name()));
    write_atomically(&path, |w| {
        let mut table = encoder.writer(w);
        let mut started = false;
        let mut record = Record::default();
        for row in rows {
            fill_record(&row, &mut record, !started)?;
            if !started {
                table.header(&record.columns)?;
                started = true;
            }
            table.row(&record.cells)?;
        }
        if !started {
            table.header(&to_record(&R::default(), true)?.columns)?;
        }
        table.finish()
    })
    .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The file of table `name` in `dir`, in whichever format it was written, with its
/// encoder; `None` if there is none.
pub fn find_table(dir: &Path, name: &str) -> Option<(PathBuf, &'static dyn Encoder)> {
    ENCODERS.iter().find_map(|&encoder| {
        let path = dir.join(format!("{name}.{}", encoder.name()));
        path.is_file().then_some((path, encoder))
    })
}

/// Reads table `name` of an output folder (in any format) into rows of `R`.
pub fn read_table<R: DeserializeOwned>(dir: &Path, name: &str) -> Result<Vec<R>> {
    let Some((path, encoder)) = find_table(dir, name) else {
        let names: Vec<String> = ENCODERS
            .iter()
            .map(|e| format!("{name}.{}", e.name()))
            .collect();
        return Err(Error::BadInput(format!(
            "{}: no {} found; expected an output folder written by `downline run`",
            dir.display(),
            names.join(" or ")
        )));
    };
    read_table_file(&path, encoder)
}

/// Reads the table in `path`, written by `encoder`, into rows of `R`.
pub fn read_table_file<R: DeserializeOwned>(path: &Path, encoder: &dyn Encoder) -> Result<Vec<R>> {
    let bytes = std::fs::read(path)
        .map_err(|err| Error::BadInput(format!("{}: cannot read ({err})", path.display())))?;
    let at = |line: u64, message: &str| {
        Error::BadInput(if line == 0 {
            format!("{}: {message}", path.display())
        } else {
            format!("{}:{line}: {message}", path.display())
        })
    };
    let table = encoder
        .read(&bytes)
        .map_err(|err| at(err.line, &err.message))?;
    (table.rows.iter())
        .map(|(line, cells)| {
            from_record(&table.columns, cells).map_err(|err| at(*line, &err.to_string()))
        })
        .collect()
}
