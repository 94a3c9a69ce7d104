//! The network CSV read by `downline payout`: a given organisation, period by period.
//!
//! Columns (any order, header required): `period` (optional, default 1), `id`, `sponsor`
//! (empty for a root), `pv`, and optional `cv` (default: the row's `pv`), `retail`
//! (default 0; the part of `pv` resold to customers, so at most `pv`), `placement` and
//! `side` (`L`/`R`; where binary and matrix plans place the member in their placement
//! tree, overriding the plan's placement rule), `entry_fee` (default 0; only the joining period's
//! fee is paid on). Unknown columns are errors, with a suggestion for a misspelt one.
//!
//! Rows list the members present in each period, periods ascending. A member joins in
//! the first period in which it appears, and its sponsor must already be known: listed
//! earlier in the same period or in an earlier period. A member's sponsor, placement and
//! side are fixed when it joins; later rows must repeat them (or leave placement and
//! side empty). A member missing from a later period is not present then: its downline
//! rolls up to the nearest present upline along the original sponsor chain.
//!
//! Every problem is bad input ([`CsvError`], which becomes [`Error::BadInput`]),
//! reported as `file:line: column `x`: expected ..., found ...`.
//!
//! [`Network::write_csv`] writes a network in this format (what `downline org` writes),
//! so that reading it back gives the same network.

use crate::error::Error;
use crate::input_error::{did_you_mean, quoted_list, shortened};
use crate::plan::audit::Audit;
use crate::plan::check::MAX_VALUE;
use crate::plan::versus::PaidOver;
use crate::plan::{NONE, Payout, PeriodInput, Placement, Plan, tree};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// A problem with the network CSV: one line of text naming the file, line and column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CsvError(pub String);

impl From<CsvError> for Error {
    fn from(err: CsvError) -> Self {
        Error::BadInput(err.0)
    }
}

pub use crate::plan::Side;

/// One row: a member's volumes in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Member index (join order).
    pub member: u32,
    pub pv: f64,
    pub cv: f64,
    pub retail: f64,
    pub entry_fee: f64,
}

/// The rows of one period, in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    /// The period number from the file.
    pub number: u32,
    /// Members who have joined by the end of this period (the first `members` indices).
    pub members: usize,
    pub rows: Vec<Row>,
}

/// An organisation over one or more periods. Members are indexed in join order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// Member ids, by index.
    pub ids: Vec<String>,
    /// Original sponsor (enroller) index, or [`NONE`].
    pub sponsor: Vec<u32>,
    /// Period in which each member joined.
    pub joined: Vec<u32>,
    /// Placement parent index, or [`NONE`].
    pub placement: Vec<u32>,
    /// Side under the placement parent.
    pub side: Vec<Option<Side>>,
    /// Periods in ascending order.
    pub periods: Vec<Period>,
}

const COLUMNS: &[&str] = &[
    "period",
    "id",
    "sponsor",
    "pv",
    "cv",
    "retail",
    "placement",
    "side",
    "entry_fee",
];
const REQUIRED: &[&str] = &["id", "sponsor", "pv"];

/// Column positions in the header.
#[derive(Default)]
struct Header {
    period: Option<usize>,
    id: usize,
    sponsor: usize,
    pv: usize,
    cv: Option<usize>,
    retail: Option<usize>,
    placement: Option<usize>,
    side: Option<usize>,
    entry_fee: Option<usize>,
}

impl Network {
    /// Reads a network CSV file, or standard input when `path` is `-`.
    pub fn read(path: &Path) -> Result<Network, CsvError> {
        if crate::scenario::source::is_stdin(path) {
            let stdin = std::io::stdin().lock();
            return Self::from_reader(crate::scenario::source::STDIN, stdin);
        }
        let file = std::fs::File::open(path)
            .map_err(|err| CsvError(format!("{}: cannot read: {err}", path.display())))?;
        Self::from_reader(&path.display().to_string(), file)
    }

    /// Reads a network CSV from `reader`; `name` is used in error messages.
    pub fn from_reader(name: &str, reader: impl Read) -> Result<Network, CsvError> {
        Reader::new(name).read(reader)
    }

    /// Writes the network as CSV: `period`, `id`, `sponsor`, `pv`, `cv`, `retail`,
    /// `entry_fee`, and `placement` and `side` when any member has a placement. Numbers
    /// are written in their shortest exact form, so [`Network::from_reader`] reads back
    /// the same network.
    pub fn write_csv(&self, writer: impl std::io::Write) -> Result<(), csv::Error> {
        let placed = self.placement.iter().any(|&p| p != NONE);
        let mut out = csv::Writer::from_writer(writer);
        let mut header = vec!["period", "id", "sponsor", "pv", "cv", "retail", "entry_fee"];
        if placed {
            header.extend(["placement", "side"]);
        }
        out.write_record(&header)?;
        let id = |m: u32| {
            if m == NONE {
                ""
            } else {
                self.ids[m as usize].as_str()
            }
        };
        let mut record: Vec<String> = Vec::with_capacity(header.len());
        for period in &self.periods {
            for row in &period.rows {
                let m = row.member as usize;
                record.clear();
                record.push(period.number.to_string());
                record.push(self.ids[m].clone());
                record.push(id(self.sponsor[m]).to_string());
                for amount in [row.pv, row.cv, row.retail, row.entry_fee] {
                    record.push(amount.to_string());
                }
                if placed {
                    record.push(id(self.placement[m]).to_string());
                    record.push(match self.side[m] {
                        None => String::new(),
                        Some(Side::Left) => "L".into(),
                        Some(Side::Right) => "R".into(),
                    });
                }
                out.write_record(&record)?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// Pays the organisation under `plan`, period by period, handing each period and its
    /// payout to `each` (which may stop the pay with an error), and returns what the
    /// plan paid over all periods.
    pub fn pay<E>(
        &self,
        plan: &Plan,
        mut each: impl FnMut(&Period, &Payout) -> Result<(), E>,
    ) -> Result<PaidOver, E> {
        let mut run = plan.start();
        let mut arrays = PeriodArrays::default();
        let mut over = PaidOver::new(plan);
        for period in &self.periods {
            self.fill(period, &mut arrays);
            let payout = run.pay(&arrays.input());
            each(period, payout)?;
            over.add(payout);
        }
        Ok(over)
    }

    /// Pays like [`Network::pay`], and hands `each` every period's audit too (see
    /// [`crate::plan::audit`]): the same pay, explained line by line.
    pub fn pay_audited<E>(
        &self,
        plan: &Plan,
        mut each: impl FnMut(&Period, &Payout, &Audit) -> Result<(), E>,
    ) -> Result<PaidOver, E> {
        let mut run = plan.start();
        let mut arrays = PeriodArrays::default();
        let mut over = PaidOver::new(plan);
        let mut audit = Audit::default();
        for period in &self.periods {
            self.fill(period, &mut arrays);
            let payout = run.pay_audited(&arrays.input(), &mut audit);
            each(period, payout, &audit)?;
            over.add(payout);
        }
        Ok(over)
    }

    /// Fills `arrays` with the plan input for `period` (one of `self.periods`).
    pub fn fill(&self, period: &Period, arrays: &mut PeriodArrays) {
        let n = period.members;
        let a = arrays;
        a.period = period.number;
        a.present.clear();
        a.present.resize(n, false);
        for values in [&mut a.pv, &mut a.cv, &mut a.retail, &mut a.entry_fee] {
            values.clear();
            values.resize(n, 0.0);
        }
        for row in &period.rows {
            let m = row.member as usize;
            a.present[m] = true;
            a.pv[m] = row.pv;
            a.cv[m] = row.cv;
            a.retail[m] = row.retail;
            a.entry_fee[m] = row.entry_fee;
        }
        a.joined.clear();
        a.joined.extend_from_slice(&self.joined[..n]);
        tree::roll_up(&self.sponsor[..n], &a.present, &mut a.upline);
        a.placement.clear();
        a.placement.extend((0..n).map(|m| match self.placement[m] {
            NONE => None,
            parent => Some(Placement {
                parent,
                side: self.side[m],
            }),
        }));
    }
}

/// Buffers holding one period's plan input.
#[derive(Debug, Default)]
pub struct PeriodArrays {
    period: u32,
    upline: Vec<u32>,
    present: Vec<bool>,
    pv: Vec<f64>,
    cv: Vec<f64>,
    retail: Vec<f64>,
    joined: Vec<u32>,
    entry_fee: Vec<f64>,
    placement: Vec<Option<Placement>>,
}

impl PeriodArrays {
    /// The plan input these buffers hold.
    pub fn input(&self) -> PeriodInput<'_> {
        PeriodInput {
            period: self.period,
            upline: &self.upline,
            present: &self.present,
            pv: &self.pv,
            cv: &self.cv,
            retail: &self.retail,
            joined: &self.joined,
            entry_fee: &self.entry_fee,
            id: &[],
            placement: &self.placement,
        }
    }
}

struct Reader<'a> {
    name: &'a str,
    network: Network,
    index: HashMap<String, u32>,
    /// By member index: the period (its position in `network.periods`, from 1) and the
    /// line on which the member was last listed; a plain array, as members are dense.
    listed: Vec<(usize, u64)>,
    /// Taken sides of binary placement parents: the member there and its line.
    sides: HashMap<(u32, Side), (u32, u64)>,
    /// The line being read.
    line: u64,
}

/// The text of one cell, with its line and column for messages.
struct Cell<'r> {
    text: &'r str,
    line: u64,
    column: &'static str,
}

impl<'a> Reader<'a> {
    fn new(name: &'a str) -> Self {
        Self {
            name,
            network: Network::default(),
            index: HashMap::new(),
            listed: Vec::new(),
            sides: HashMap::new(),
            line: 0,
        }
    }

    fn error(
        &self,
        line: u64,
        column: &str,
        expected: &str,
        found: impl std::fmt::Display,
    ) -> CsvError {
        CsvError(format!(
            "{}:{line}: column `{column}`: expected {expected}, found {found}",
            self.name
        ))
    }

    fn csv_error(&self, err: &csv::Error) -> CsvError {
        let line = err.position().map_or(1, csv::Position::line);
        match err.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => CsvError(format!(
                "{}:{line}: expected {expected_len} fields like the header, found {len}",
                self.name
            )),
            _ => CsvError(format!("{}:{line}: {err}", self.name)),
        }
    }

    fn read(mut self, reader: impl Read) -> Result<Network, CsvError> {
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(reader);
        let headers = csv.headers().map_err(|err| self.csv_error(&err))?.clone();
        if headers.is_empty() {
            return Err(CsvError(format!(
                "{}:1: expected a header line (`id,sponsor,pv`, ...) and a row per member, found an empty file",
                self.name
            )));
        }
        let header = self.header(&headers)?;
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(true) => self.row(&header, &record)?,
                Ok(false) => break,
                Err(err) => return Err(self.csv_error(&err)),
            }
        }
        if self.network.ids.is_empty() {
            return Err(CsvError(format!(
                "{}:2: expected a row per member after the header, found no rows",
                self.name
            )));
        }
        Ok(self.network)
    }

    fn header(&self, headers: &csv::StringRecord) -> Result<Header, CsvError> {
        let mut found: HashMap<&str, usize> = HashMap::new();
        for (i, name) in headers.iter().enumerate() {
            if !COLUMNS.contains(&name) {
                let mut message = format!(
                    "{}:1: column `{name}`: expected one of {}, found an unknown column",
                    self.name,
                    quoted_list(COLUMNS)
                );
                if let Some(help) = did_you_mean(name, COLUMNS.iter().copied()) {
                    message.push_str(&format!(" ({help})"));
                }
                return Err(CsvError(message));
            }
            if found.insert(name, i).is_some() {
                return Err(self.error(1, name, "each column once", "it twice"));
            }
        }
        for &name in REQUIRED {
            if !found.contains_key(name) {
                return Err(CsvError(format!(
                    "{}:1: column `{name}`: expected a column named `{name}`, found no such column (columns are {})",
                    self.name,
                    quoted_list(&headers.iter().collect::<Vec<_>>())
                )));
            }
        }
        Ok(Header {
            period: found.get("period").copied(),
            id: found["id"],
            sponsor: found["sponsor"],
            pv: found["pv"],
            cv: found.get("cv").copied(),
            retail: found.get("retail").copied(),
            placement: found.get("placement").copied(),
            side: found.get("side").copied(),
            entry_fee: found.get("entry_fee").copied(),
        })
    }

    fn row(&mut self, header: &Header, record: &csv::StringRecord) -> Result<(), CsvError> {
        let line = record.position().map_or(0, csv::Position::line);
        self.line = line;
        let cell = |at: Option<usize>, column: &'static str| -> Option<Cell> {
            at.map(|at| Cell {
                text: record.get(at).unwrap_or(""),
                line,
                column,
            })
        };
        let period = match cell(header.period, "period") {
            None => 1,
            Some(c) => c.text.parse::<u32>().map_err(|_| {
                self.error(
                    line,
                    "period",
                    "a period number (a whole number >= 0)",
                    quoted(c.text),
                )
            })?,
        };
        self.start_period(period, line)?;

        let id = cell(Some(header.id), "id").map_or("", |c| c.text);
        if id.is_empty() {
            return Err(self.error(line, "id", "a member id", "an empty cell"));
        }
        let sponsor = self.member_ref(cell(Some(header.sponsor), "sponsor"), id)?;
        let placement = self.member_ref(cell(header.placement, "placement"), id)?;
        let side = match cell(header.side, "side").map_or("", |c| c.text) {
            "" => None,
            "L" | "l" => Some(Side::Left),
            "R" | "r" => Some(Side::Right),
            other => return Err(self.error(line, "side", "`L`, `R` or empty", quoted(other))),
        };
        if side.is_some() && placement == NONE {
            return Err(self.error(
                line,
                "placement",
                "a placement parent for a member with a `side`",
                "an empty cell",
            ));
        }
        let pv = self.amount(cell(Some(header.pv), "pv"))?.unwrap_or(0.0);
        let cv = self.amount(cell(header.cv, "cv"))?.unwrap_or(pv);
        let retail = self.amount(cell(header.retail, "retail"))?.unwrap_or(0.0);
        if retail > pv {
            return Err(self.error(
                line,
                "retail",
                &format!("at most the row's pv ({pv}): retail is the part of pv resold"),
                retail,
            ));
        }
        let entry_fee = self
            .amount(cell(header.entry_fee, "entry_fee"))?
            .unwrap_or(0.0);

        let member = match self.index.get(id) {
            Some(&m) => {
                self.check_same(m, line, sponsor, placement, side)?;
                m
            }
            None => {
                self.check_free_side(line, placement, side)?;
                self.join(id, period, sponsor, placement, side)
            }
        };
        let period_at = self.network.periods.len();
        let m = member as usize;
        if self.listed.len() <= m {
            self.listed.resize(m + 1, (0, 0));
        }
        let (listed_in, earlier) = std::mem::replace(&mut self.listed[m], (period_at, line));
        if listed_in == period_at {
            return Err(self.error(
                line,
                "id",
                &format!("each member once per period (`{id}` is on line {earlier})"),
                format!("`{id}` again in period {period}"),
            ));
        }
        let members = self.network.ids.len();
        if let Some(current) = self.network.periods.last_mut() {
            // start_period above always opened one.
            current.members = members;
            current.rows.push(Row {
                member,
                pv,
                cv,
                retail,
                entry_fee,
            });
        }
        Ok(())
    }

    fn start_period(&mut self, period: u32, line: u64) -> Result<(), CsvError> {
        match self.network.periods.last() {
            Some(last) if last.number == period => Ok(()),
            Some(last) if last.number > period => Err(self.error(
                line,
                "period",
                &format!("periods in ascending order (at least {})", last.number),
                period,
            )),
            _ => {
                self.network.periods.push(Period {
                    number: period,
                    members: self.network.ids.len(),
                    rows: Vec::new(),
                });
                Ok(())
            }
        }
    }

    /// A reference to an earlier member (`sponsor`, `placement`): empty is [`NONE`].
    fn member_ref(&self, cell: Option<Cell>, id: &str) -> Result<u32, CsvError> {
        let Some(cell) = cell else { return Ok(NONE) };
        if cell.text.is_empty() {
            return Ok(NONE);
        }
        match self.index.get(cell.text) {
            Some(&m) => Ok(m),
            None if cell.text == id => Err(self.error(
                cell.line,
                cell.column,
                "another member's id",
                format!("the member itself (`{id}`)"),
            )),
            None => Err(self.error(
                cell.line,
                cell.column,
                "the id of a member listed on an earlier row (sponsors before their recruits)",
                format!("unknown id {}", quoted(cell.text)),
            )),
        }
    }

    /// An optional non-negative amount: `None` for an absent column or empty cell.
    fn amount(&self, cell: Option<Cell>) -> Result<Option<f64>, CsvError> {
        let Some(cell) = cell else { return Ok(None) };
        if cell.text.is_empty() {
            return if cell.column == "pv" {
                Err(self.error(
                    cell.line,
                    "pv",
                    "a number from 0 to 1,000,000,000,000",
                    "an empty cell",
                ))
            } else {
                Ok(None)
            };
        }
        match cell.text.parse::<f64>() {
            Ok(x) if (0.0..=MAX_VALUE).contains(&x) => Ok(Some(x)),
            _ => Err(self.error(
                cell.line,
                cell.column,
                "a number from 0 to 1,000,000,000,000",
                quoted(cell.text),
            )),
        }
    }

    /// Refuses a second member on one side of a binary placement parent (a member who
    /// left keeps its position, so the side stays taken).
    fn check_free_side(&self, line: u64, parent: u32, side: Option<Side>) -> Result<(), CsvError> {
        let Some(side) = side else { return Ok(()) };
        if let Some(&(other, on)) = self.sides.get(&(parent, side)) {
            let ids = &self.network.ids;
            return Err(self.error(
                line,
                "side",
                &format!(
                    "a free side under `{}` (`{}` is on {} since line {on})",
                    ids[parent as usize],
                    ids[other as usize],
                    side_words(side)
                ),
                side_words(side),
            ));
        }
        Ok(())
    }

    fn join(
        &mut self,
        id: &str,
        period: u32,
        sponsor: u32,
        placement: u32,
        side: Option<Side>,
    ) -> u32 {
        let net = &mut self.network;
        // Member indices are u32; a CSV with 4 billion members does not fit in memory.
        let member = net.ids.len() as u32;
        net.ids.push(id.to_string());
        net.sponsor.push(sponsor);
        net.joined.push(period);
        net.placement.push(placement);
        net.side.push(side);
        self.index.insert(id.to_string(), member);
        if let Some(side) = side {
            self.sides.insert((placement, side), (member, self.line));
        }
        member
    }

    fn check_same(
        &self,
        member: u32,
        line: u64,
        sponsor: u32,
        placement: u32,
        side: Option<Side>,
    ) -> Result<(), CsvError> {
        let m = member as usize;
        let net = &self.network;
        let name = |x: u32| {
            if x == NONE {
                "empty".to_string()
            } else {
                format!("`{}`", net.ids[x as usize])
            }
        };
        let joined = net.joined[m];
        if net.sponsor[m] != sponsor {
            return Err(self.error(
                line,
                "sponsor",
                &format!(
                    "{} (the sponsor when the member joined in period {joined})",
                    name(net.sponsor[m])
                ),
                name(sponsor),
            ));
        }
        if placement != NONE && net.placement[m] != placement {
            return Err(self.error(
                line,
                "placement",
                &format!(
                    "{} or empty (the placement when the member joined)",
                    name(net.placement[m])
                ),
                name(placement),
            ));
        }
        if side.is_some() && net.side[m] != side {
            return Err(self.error(
                line,
                "side",
                &format!(
                    "{} (the side given when the member joined), or empty",
                    net.side[m].map_or("no side", side_words)
                ),
                side.map_or("no side", side_words),
            ));
        }
        Ok(())
    }
}

fn quoted(text: &str) -> String {
    format!("`{}`", shortened(text, 40))
}

/// A side in words, for messages.
fn side_words(side: Side) -> &'static str {
    match side {
        Side::Left => "the left side",
        Side::Right => "the right side",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Network, String> {
        Network::from_reader("net.csv", text.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn members_join_in_their_first_period_and_roll_up_when_absent() {
        let net =
            read("period,id,sponsor,pv\n1,A,,10\n1,B,A,20\n1,C,B,30\n2,A,,1\n2,C,B,3\n").unwrap();
        assert_eq!(net.ids, vec!["A", "B", "C"]);
        assert_eq!(net.sponsor, vec![NONE, 0, 1]);
        assert_eq!(net.periods.len(), 2);
        let mut arrays = PeriodArrays::default();
        net.fill(&net.periods[1], &mut arrays);
        let input = arrays.input();
        assert_eq!(input.present, &[true, false, true]);
        assert_eq!(input.upline, &[NONE, 0, 0]);
        assert_eq!(input.cv, &[1.0, 0.0, 3.0]);
    }

    #[test]
    fn a_written_network_reads_back_the_same() {
        let text = "period,id,sponsor,pv,cv,retail,entry_fee,placement,side\n\
                    1,A,,10.5,8,0,25,,\n1,B,A,20,5,2.25,25,A,R\n\
                    2,A,,1,1,0,0,,\n2,C,B,0.01,0,0,25,A,\n";
        let net = read(text).unwrap();
        let mut written = Vec::new();
        net.write_csv(&mut written).unwrap();
        let written = String::from_utf8(written).unwrap();
        assert_eq!(written, text);
        assert_eq!(read(&written).unwrap(), net);
    }

    #[test]
    fn period_defaults_to_one_and_cv_to_pv() {
        let net = read("id,sponsor,pv,cv\nA,,10,\nB,A,20,5\n").unwrap();
        assert_eq!(net.periods[0].number, 1);
        assert_eq!(net.periods[0].rows[0].cv, 10.0);
        assert_eq!(net.periods[0].rows[1].cv, 5.0);
    }

    #[test]
    fn bad_rows_name_the_file_line_and_column() {
        let cases = [
            (
                "id,sponsor,pv\nA,,10\nB,Z,5\n",
                "net.csv:3: column `sponsor`: expected the id of a member listed on an earlier row",
            ),
            (
                "id,sponsor\nA,\n",
                "net.csv:1: column `pv`: expected a column named `pv`",
            ),
            (
                "id,sponsor,pv\nA,,ten\n",
                "net.csv:2: column `pv`: expected a number from 0 to 1,000,000,000,000, found `ten`",
            ),
            (
                "id,sponsor,pv\nA,,-1\n",
                "net.csv:2: column `pv`: expected a number from 0 to 1,000,000,000,000, found `-1`",
            ),
            (
                "period,id,sponsor,pv\n2,A,,1\n1,A,,1\n",
                "net.csv:3: column `period`: expected periods in ascending order (at least 2), found 1",
            ),
            (
                "id,sponsor,pv\nA,,1\nA,,1\n",
                "net.csv:3: column `id`: expected each member once per period",
            ),
            ("id,spnsor,pv\n", "column `spnsor`: expected one of"),
            (
                "id,sponsor,pv,side,placement\nA,,1,,\nB,A,1,X,A\n",
                "net.csv:3: column `side`: expected `L`, `R` or empty, found `X`",
            ),
            (
                "id,sponsor,pv,retail\nA,,1,2\n",
                "net.csv:2: column `retail`: expected at most the row's pv",
            ),
            (
                "period,id,sponsor,pv\n1,A,,1\n1,B,A,1\n2,B,,1\n",
                "net.csv:4: column `sponsor`: expected `A`",
            ),
            (
                "id,sponsor,pv\nA,,1,4\n",
                "net.csv:2: expected 3 fields like the header, found 4",
            ),
        ];
        for (text, message) in cases {
            let err = read(text).unwrap_err();
            assert!(
                err.starts_with(message) || err.contains(message),
                "{err}\n  wanted: {message}"
            );
        }
        let err = read("id,spnsor,pv\n").unwrap_err();
        assert!(err.contains("did you mean `sponsor`?"), "{err}");
    }
}
