//! Writing the audit ledger's four tables ([`crate::output::records::ledger`]) while
//! the rows are produced, period by period, so that a large organisation's ledger never
//! sits in memory whole: each table goes to a temporary file in the target folder, and
//! the four are moved into place only when all are complete (a reader sees the previous
//! files or the complete new ones, as [`super::atomic`] promises for one file).

use super::encode::{Encoder, Record, TableWriter, fill_record, to_record};
use super::records::ledger::Ledger;
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// One table being written: its writer, whether its header is out, a reused record.
struct TableOut<'w, R> {
    writer: Box<dyn TableWriter + 'w>,
    started: bool,
    record: Record,
    row: PhantomData<R>,
}

impl<'w, R: Serialize + Default> TableOut<'w, R> {
    fn new(writer: Box<dyn TableWriter + 'w>) -> Self {
        Self {
            writer,
            started: false,
            record: Record::default(),
            row: PhantomData,
        }
    }

    fn rows(&mut self, rows: impl Iterator<Item = R>) -> Result<()> {
        for row in rows {
            fill_record(&row, &mut self.record, !self.started)?;
            if !self.started {
                self.writer.header(&self.record.columns)?;
                self.started = true;
            }
            self.writer.row(&self.record.cells)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        if !self.started {
            self.writer
                .header(&to_record(&R::default(), true)?.columns)?;
        }
        self.writer.finish()
    }
}

/// What writes out (and empties) the rows a [`Ledger`] holds.
pub type Flush<'a> = dyn FnMut(&mut Ledger) -> Result<()> + 'a;

/// The file of ledger table `table` (`""` for the payment lines) named after `stem`.
pub fn ledger_path(dir: &Path, stem: &str, table: &str, encoder: &dyn Encoder) -> PathBuf {
    let name = match table {
        "" => stem.to_string(),
        table => format!("{stem}.{table}"),
    };
    dir.join(format!("{name}.{}", encoder.name()))
}

/// Writes the ledger tables `dir/stem.<ext>`, `dir/stem.breakage.<ext>`,
/// `dir/stem.standing.<ext>` and `dir/stem.placement.<ext>`. `produce` is handed a
/// function that writes out (and empties) whatever rows a [`Ledger`] holds; it calls
/// it as often as it likes, and what it returns is returned once all four files are in
/// place. If anything fails, no file is replaced.
pub fn write_ledger_files<T>(
    dir: &Path,
    stem: &str,
    encoder: &dyn Encoder,
    produce: impl FnOnce(&mut Flush) -> Result<T>,
) -> Result<T> {
    let tables = ["", "breakage", "standing", "placement"];
    let paths: Vec<PathBuf> = (tables.iter())
        .map(|t| ledger_path(dir, stem, t, encoder))
        .collect();
    let mut files = Vec::with_capacity(tables.len());
    for _ in tables {
        let temporary = tempfile::Builder::new()
            .prefix(".downline-")
            .suffix(".partial")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        files.push(BufWriter::new(temporary));
    }
    let result = {
        let [lines, breakage, standing, placement] = files.as_mut_slice() else {
            unreachable!("four tables")
        };
        let mut lines = TableOut::new(encoder.writer(lines));
        let mut breakage = TableOut::new(encoder.writer(breakage));
        let mut standing = TableOut::new(encoder.writer(standing));
        let mut placement = TableOut::new(encoder.writer(placement));
        let mut flush = |book: &mut Ledger| -> Result<()> {
            lines.rows(book.lines.drain(..))?;
            breakage.rows(book.breakage.drain(..))?;
            standing.rows(book.standing.drain(..))?;
            placement.rows(book.placement.drain(..))
        };
        let result = produce(&mut flush)?;
        lines.finish()?;
        breakage.finish()?;
        standing.finish()?;
        placement.finish()?;
        result
    };
    let mut finished: Vec<NamedTempFile> = Vec::with_capacity(files.len());
    for (file, path) in files.into_iter().zip(&paths) {
        let mut file = file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.flush()?;
        file.as_file()
            .sync_all()
            .with_context(|| format!("cannot flush {}", path.display()))?;
        finished.push(file);
    }
    for (file, path) in finished.into_iter().zip(&paths) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o644));
        }
        file.persist(path)
            .with_context(|| format!("cannot move the finished file to {}", path.display()))?;
    }
    Ok(result)
}
