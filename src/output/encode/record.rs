//! The one shape every table row takes between its typed struct and a file: a list of
//! named [`Cell`]s. A row struct (`#[derive(Serialize, Deserialize)]`, fields flattened
//! as needed) becomes a record through [`to_record`]; an encoder writes records in its
//! format and reads them back; [`from_record`] turns a record into the row struct again.
//! So a field added to a row struct is written and read by every format at once, and a
//! format is written once for every table.
//!
//! Conventions: an undefined number (`NaN`, or `None`) is [`Cell::Null`]; an amount that
//! a table shows with fixed decimals is a [`Money`] (two) or [`Tenths`] (one), which
//! serde formats see as plain numbers and which the record keeps as [`Cell::Fixed`] (an
//! encoder that writes numbers without decimals writes the number the decimals show). A
//! field read back as a number accepts `null` or an empty field as `NaN`.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::ser::{self, Impossible, Serialize};
use serde::{Deserialize, Deserializer, Serializer};
use std::fmt;

/// A 64-bit seed as text (`#[serde(with = "seed_text")]`): JSON readers (JavaScript,
/// jq 1.6) round numbers above 2^53, so JSON Lines gets a string; a CSV field holds the
/// same digits either way. Read back from text or a number.
pub mod seed_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(seed: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(seed)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!(
                "expected a seed (a whole number from 0 to 18,446,744,073,709,551,615), found \"{text}\""
            ))
        })
    }
}

/// The key of run `run` of an ensemble with master seed `seed` (`s42-r7`): text that no
/// spreadsheet or R reads as a number, naming what `downline run --seed 42 --only-run 7`
/// re-runs.
pub fn run_key(seed: u64, run: u32) -> String {
    format!("s{seed}-r{run}")
}

/// One value of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Undefined: `NaN` or a missing optional value.
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    /// A number, written in the shortest form that reads back to the same value.
    Float(f64),
    /// A number written with exactly this many decimals (money: 2).
    Fixed(f64, u8),
    Text(String),
    /// A field read from a format that does not say its type (a CSV field): a number,
    /// a word or nothing, as the row struct asks for it.
    Untyped(String),
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => serializer.serialize_none(),
            Cell::Bool(b) => serializer.serialize_bool(*b),
            Cell::Int(v) => serializer.serialize_i64(*v),
            Cell::UInt(v) => serializer.serialize_u64(*v),
            Cell::Float(v) => serializer.serialize_f64(*v),
            Cell::Fixed(v, decimals) => serialize_fixed(*v, usize::from(*decimals), serializer),
            Cell::Text(t) | Cell::Untyped(t) => serializer.serialize_str(t),
        }
    }
}

/// A cell read without a type to go by: what the format says it is.
impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl Visitor<'_> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, text, a bool or nothing")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Cell, E> {
                Ok(Cell::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Cell, E> {
                Ok(Cell::UInt(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Cell, E> {
                Ok(if v.is_nan() {
                    Cell::Null
                } else {
                    Cell::Float(v)
                })
            }
            fn visit_str<E>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell::Text(v.to_string()))
            }
            fn visit_none<E>(self) -> Result<Cell, E> {
                Ok(Cell::Null)
            }
            fn visit_unit<E>(self) -> Result<Cell, E> {
                Ok(Cell::Null)
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

/// A table row as named cells, in column order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    pub columns: Vec<String>,
    pub cells: Vec<Cell>,
}

/// An amount of money: serialised rounded to the cent (never `-0`), written in tables
/// with exactly two decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Money(pub f64);

/// A quantity written in tables with exactly one decimal (hours).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tenths(pub f64);

/// The serde names by which a number tells a record how many decimals it is written
/// with (`FIXED[d]`: `d` decimals); other formats see the plain number.
const FIXED: [&str; 10] = [
    "Fixed0", "Fixed1", "Fixed2", "Fixed3", "Fixed4", "Fixed5", "Fixed6", "Fixed7", "Fixed8",
    "Fixed9",
];

/// Serialises `value` as a number that tables write with `decimals` decimals (at most
/// 9; more are written in the shortest form).
pub fn serialize_fixed<S: Serializer>(
    value: f64,
    decimals: usize,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match FIXED.get(decimals) {
        Some(name) => serializer.serialize_newtype_struct(name, &value),
        None => serializer.serialize_f64(value),
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rounded = (self.0 * 100.0).round() / 100.0;
        let rounded = if rounded == 0.0 { 0.0 } else { rounded };
        serialize_fixed(rounded, 2, serializer)
    }
}

impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Formats that write decimals show the value to one decimal; JSON Lines writes
        // the number that decimal reads back as.
        serialize_fixed(self.0, 1, serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer).map(Money)
    }
}

impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer).map(Tenths)
    }
}

pub use crate::ensemble::statistics::nan_if_null;

/// Why a row could not become a record or a record a row.
#[derive(Debug, PartialEq)]
pub struct RecordError(pub String);

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordError {}

impl ser::Error for RecordError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        RecordError(message.to_string())
    }
}

impl de::Error for RecordError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        RecordError(message.to_string())
    }
}

/// A row struct (or map) as a record: one cell per field, flattened fields in place.
/// With `names` false the columns are left empty (the encoder has them already).
pub fn to_record<T: Serialize + ?Sized>(row: &T, names: bool) -> Result<Record, RecordError> {
    let mut record = Record::default();
    fill_record(row, &mut record, names)?;
    Ok(record)
}

/// [`to_record`] into an existing record (cleared first), so that a table's rows reuse
/// one buffer.
pub fn fill_record<T: Serialize + ?Sized>(
    row: &T,
    record: &mut Record,
    names: bool,
) -> Result<(), RecordError> {
    record.columns.clear();
    record.cells.clear();
    row.serialize(RowSerializer { record, names })
}

/// A record as a row struct: `columns[k]` names `cells[k]`.
pub fn from_record<'a, T: Deserialize<'a>>(
    columns: &'a [String],
    cells: &'a [Cell],
) -> Result<T, RecordError> {
    if columns.len() != cells.len() {
        return Err(RecordError(format!(
            "{} fields, but the header has {} columns",
            cells.len(),
            columns.len()
        )));
    }
    T::deserialize(RowDeserializer {
        entries: columns.iter().zip(cells),
        value: None,
    })
}

/// Serialises a struct or a map into a record's cells.
struct RowSerializer<'r> {
    record: &'r mut Record,
    names: bool,
}

impl RowSerializer<'_> {
    fn push(&mut self, name: &str, value: &(impl Serialize + ?Sized)) -> Result<(), RecordError> {
        let cell = value.serialize(CellSerializer)?;
        if self.names {
            self.record.columns.push(name.to_string());
        }
        self.record.cells.push(cell);
        Ok(())
    }
}

fn not_a_row(what: &str) -> RecordError {
    RecordError(format!(
        "a table row must be a struct or a map of cells, found {what}"
    ))
}

macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty, $what:literal;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, RecordError> {
            Err(not_a_row($what))
        })*
    };
}

impl<'r> Serializer for RowSerializer<'r> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Impossible<(), RecordError>;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = RowMap<'r>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), RecordError>;

    refuse! {
        serialize_bool(bool) -> (), "a bool";
        serialize_i8(i8) -> (), "a number";
        serialize_i16(i16) -> (), "a number";
        serialize_i32(i32) -> (), "a number";
        serialize_i64(i64) -> (), "a number";
        serialize_u8(u8) -> (), "a number";
        serialize_u16(u16) -> (), "a number";
        serialize_u32(u32) -> (), "a number";
        serialize_u64(u64) -> (), "a number";
        serialize_f32(f32) -> (), "a number";
        serialize_f64(f64) -> (), "a number";
        serialize_char(char) -> (), "a character";
        serialize_str(&str) -> (), "text";
        serialize_bytes(&[u8]) -> (), "bytes";
        serialize_none() -> (), "nothing";
        serialize_unit() -> (), "nothing";
        serialize_unit_struct(&'static str) -> (), "a unit struct";
        serialize_unit_variant(&'static str, u32, &'static str) -> (), "an enum";
        serialize_seq(Option<usize>) -> Self::SerializeSeq, "a list";
        serialize_tuple(usize) -> Self::SerializeTuple, "a tuple";
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct, "a tuple";
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant, "an enum";
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant, "an enum";
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), RecordError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), RecordError> {
        Err(not_a_row("an enum"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<RowMap<'r>, RecordError> {
        Ok(RowMap {
            row: self,
            key: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, RecordError> {
        Ok(self)
    }
}

impl ser::SerializeStruct for RowSerializer<'_> {
    type Ok = ();
    type Error = RecordError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        self.push(key, value)
    }

    fn end(self) -> Result<(), RecordError> {
        Ok(())
    }
}

/// A map's entries as cells (what `#[serde(flatten)]` and a map of columns produce).
struct RowMap<'r> {
    row: RowSerializer<'r>,
    key: Option<String>,
}

impl ser::SerializeMap for RowMap<'_> {
    type Ok = ();
    type Error = RecordError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), RecordError> {
        match key.serialize(CellSerializer)? {
            Cell::Text(name) => {
                self.key = Some(name);
                Ok(())
            }
            other => Err(RecordError(format!(
                "a column name must be text, found {other:?}"
            ))),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), RecordError> {
        let key = self.key.take().unwrap_or_default();
        self.row.push(&key, value)
    }

    fn end(self) -> Result<(), RecordError> {
        Ok(())
    }
}

/// Serialises one field's value into a [`Cell`].
struct CellSerializer;

fn not_a_cell(what: &str) -> RecordError {
    RecordError(format!(
        "a table cell must be a number, text, a bool or nothing, found {what}"
    ))
}

macro_rules! refuse_cell {
    ($($method:ident($($arg:ty),*) -> $ok:ty, $what:literal;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, RecordError> {
            Err(not_a_cell($what))
        })*
    };
}

impl Serializer for CellSerializer {
    type Ok = Cell;
    type Error = RecordError;
    type SerializeSeq = Impossible<Cell, RecordError>;
    type SerializeTuple = Impossible<Cell, RecordError>;
    type SerializeTupleStruct = Impossible<Cell, RecordError>;
    type SerializeTupleVariant = Impossible<Cell, RecordError>;
    type SerializeMap = Impossible<Cell, RecordError>;
    type SerializeStruct = Impossible<Cell, RecordError>;
    type SerializeStructVariant = Impossible<Cell, RecordError>;

    fn serialize_bool(self, v: bool) -> Result<Cell, RecordError> {
        Ok(Cell::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Cell, RecordError> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Cell, RecordError> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Cell, RecordError> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Cell, RecordError> {
        Ok(Cell::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Cell, RecordError> {
        Ok(Cell::UInt(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Cell, RecordError> {
        Ok(Cell::UInt(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Cell, RecordError> {
        Ok(Cell::UInt(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Cell, RecordError> {
        Ok(Cell::UInt(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Cell, RecordError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Cell, RecordError> {
        Ok(if v.is_nan() {
            Cell::Null
        } else {
            Cell::Float(v)
        })
    }
    fn serialize_char(self, v: char) -> Result<Cell, RecordError> {
        Ok(Cell::Text(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Cell, RecordError> {
        Ok(Cell::Text(v.to_string()))
    }
    fn serialize_none(self) -> Result<Cell, RecordError> {
        Ok(Cell::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Cell, RecordError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Cell, RecordError> {
        Ok(Cell::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Cell, RecordError> {
        Ok(Cell::Text(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Cell, RecordError> {
        let Some(decimals) = FIXED.iter().position(|&n| n == name) else {
            return value.serialize(self);
        };
        match value.serialize(self)? {
            Cell::Float(x) => Ok(Cell::Fixed(x, decimals as u8)),
            other => Ok(other),
        }
    }

    refuse_cell! {
        serialize_bytes(&[u8]) -> Cell, "bytes";
        serialize_unit_struct(&'static str) -> Cell, "a unit struct";
        serialize_seq(Option<usize>) -> Self::SerializeSeq, "a list";
        serialize_tuple(usize) -> Self::SerializeTuple, "a tuple";
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct, "a tuple";
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant, "an enum";
        serialize_map(Option<usize>) -> Self::SerializeMap, "a table";
        serialize_struct(&'static str, usize) -> Self::SerializeStruct, "a table";
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant, "an enum";
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Cell, RecordError> {
        Err(not_a_cell("an enum"))
    }
}

/// A record seen as a map from column name to cell.
struct RowDeserializer<'a, I> {
    entries: I,
    value: Option<&'a Cell>,
}

impl<'de, 'a: 'de, I> Deserializer<'de> for RowDeserializer<'a, I>
where
    I: Iterator<Item = (&'a String, &'a Cell)>,
{
    type Error = RecordError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

impl<'de, 'a: 'de, I> MapAccess<'de> for RowDeserializer<'a, I>
where
    I: Iterator<Item = (&'a String, &'a Cell)>,
{
    type Error = RecordError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, RecordError> {
        match self.entries.next() {
            Some((name, cell)) => {
                self.value = Some(cell);
                seed.deserialize(name.as_str().into_deserializer())
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, RecordError> {
        match self.value.take() {
            Some(cell) => seed.deserialize(CellDeserializer(cell)),
            None => Err(RecordError("a value without a column".into())),
        }
    }
}

/// One cell, read as whatever the row struct's field asks for.
struct CellDeserializer<'a>(&'a Cell);

impl CellDeserializer<'_> {
    fn mismatch(&self, expected: &str) -> RecordError {
        RecordError(format!("expected {expected}, found {}", shown(self.0)))
    }

    /// The cell as a number, if it is one (an undefined cell is `NaN`).
    fn number(&self) -> Option<f64> {
        match self.0 {
            Cell::Null => Some(f64::NAN),
            Cell::Int(v) => Some(*v as f64),
            Cell::UInt(v) => Some(*v as f64),
            Cell::Float(v) | Cell::Fixed(v, _) => Some(*v),
            Cell::Text(t) | Cell::Untyped(t) if t.is_empty() => Some(f64::NAN),
            Cell::Text(t) | Cell::Untyped(t) => t.trim().parse().ok(),
            Cell::Bool(_) => None,
        }
    }

    fn integer<T: TryFrom<i128>>(&self, expected: &str) -> Result<T, RecordError> {
        let value: Option<i128> = match self.0 {
            Cell::Int(v) => Some((*v).into()),
            Cell::UInt(v) => Some((*v).into()),
            Cell::Float(v) | Cell::Fixed(v, _) if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                Some(*v as i128)
            }
            Cell::Text(t) | Cell::Untyped(t) => t.trim().parse().ok(),
            _ => None,
        };
        value
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| self.mismatch(expected))
    }
}

/// A cell as an error message shows it.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Null => "nothing".into(),
        Cell::Bool(b) => b.to_string(),
        Cell::Int(v) => v.to_string(),
        Cell::UInt(v) => v.to_string(),
        Cell::Float(v) | Cell::Fixed(v, _) => v.to_string(),
        Cell::Text(t) | Cell::Untyped(t) if t.is_empty() => "an empty field".into(),
        Cell::Text(t) | Cell::Untyped(t) => format!("`{t}`"),
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $ty:ty,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
            visitor.$visit(self.integer::<$ty>(concat!("a whole number (", stringify!($ty), ")"))?)
        })*
    };
}

impl<'de> Deserializer<'de> for CellDeserializer<'_> {
    type Error = RecordError;

    /// Without a type to go by (a flattened field, a map of cells): what the cell is,
    /// and for a CSV field a guess (nothing, a whole number, a number, a bool, text).
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        match self.0 {
            Cell::Null => visitor.visit_none(),
            Cell::Bool(b) => visitor.visit_bool(*b),
            Cell::Int(v) => visitor.visit_i64(*v),
            Cell::UInt(v) => visitor.visit_u64(*v),
            Cell::Float(v) | Cell::Fixed(v, _) => visitor.visit_f64(*v),
            Cell::Text(t) => visitor.visit_str(t),
            Cell::Untyped(t) => {
                let t = t.trim();
                if t.is_empty() {
                    visitor.visit_none()
                } else if let Ok(v) = t.parse::<u64>() {
                    visitor.visit_u64(v)
                } else if let Ok(v) = t.parse::<i64>() {
                    visitor.visit_i64(v)
                } else if let Ok(v) = t.parse::<f64>() {
                    visitor.visit_f64(v)
                } else if let Ok(b) = t.parse::<bool>() {
                    visitor.visit_bool(b)
                } else {
                    visitor.visit_str(t)
                }
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        match self.0 {
            Cell::Bool(b) => visitor.visit_bool(*b),
            Cell::Text(t) | Cell::Untyped(t) => match t.trim().parse() {
                Ok(b) => visitor.visit_bool(b),
                Err(_) => Err(self.mismatch("true or false")),
            },
            _ => Err(self.mismatch("true or false")),
        }
    }

    integers! {
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        match self.number() {
            Some(v) => visitor.visit_f64(v),
            None => Err(self.mismatch("a number")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        match self.0 {
            Cell::Text(t) | Cell::Untyped(t) => visitor.visit_str(t),
            Cell::Null => visitor.visit_str(""),
            Cell::Bool(b) => visitor.visit_string(b.to_string()),
            Cell::Int(v) => visitor.visit_string(v.to_string()),
            Cell::UInt(v) => visitor.visit_string(v.to_string()),
            Cell::Float(v) | Cell::Fixed(v, _) => visitor.visit_string(v.to_string()),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, RecordError> {
        match self.0 {
            Cell::Null => visitor.visit_none(),
            Cell::Text(t) | Cell::Untyped(t) if t.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, RecordError> {
        match self.0 {
            Cell::Text(t) | Cell::Untyped(t) => visitor.visit_enum(t.as_str().into_deserializer()),
            _ => Err(self.mismatch("a name")),
        }
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Inner {
        #[serde(deserialize_with = "nan_if_null")]
        a: f64,
        #[serde(deserialize_with = "nan_if_null")]
        b: f64,
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Row {
        id: u32,
        name: String,
        sponsor: Option<u32>,
        pay: Money,
        hours: Tenths,
        #[serde(flatten)]
        inner: Inner,
    }

    fn row() -> Row {
        Row {
            id: 7,
            name: "1".into(),
            sponsor: None,
            pay: Money(12.304),
            hours: Tenths(21.86),
            inner: Inner {
                a: f64::NAN,
                b: f64::INFINITY,
            },
        }
    }

    #[test]
    fn a_row_becomes_named_cells_with_flattened_fields_in_place() {
        let record = to_record(&row(), true).expect("a record");
        assert_eq!(
            record.columns,
            ["id", "name", "sponsor", "pay", "hours", "a", "b"]
        );
        assert_eq!(
            record.cells,
            [
                Cell::UInt(7),
                Cell::Text("1".into()),
                Cell::Null,
                Cell::Fixed(12.3, 2),
                Cell::Fixed(21.86, 1),
                Cell::Null,
                Cell::Float(f64::INFINITY),
            ]
        );
        assert!(to_record(&row(), false).expect("cells").columns.is_empty());
    }

    #[test]
    fn a_record_reads_back_from_typed_and_untyped_cells() {
        let record = to_record(&row(), true).expect("a record");
        let back: Row = from_record(&record.columns, &record.cells).expect("reads back");
        assert_eq!(back.id, 7);
        assert_eq!(back.name, "1");
        assert_eq!(back.sponsor, None);
        assert_eq!(back.pay, Money(12.3));
        assert!(back.inner.a.is_nan());
        assert_eq!(back.inner.b, f64::INFINITY);
        // The same row as CSV fields: every cell text, the number-looking name still text.
        let untyped: Vec<Cell> = ["7", "1", "", "12.30", "21.9", "", "inf"]
            .map(|t| Cell::Untyped(t.into()))
            .to_vec();
        let back: Row = from_record(&record.columns, &untyped).expect("reads back");
        assert_eq!((back.id, back.name.as_str(), back.sponsor), (7, "1", None));
        assert_eq!((back.pay, back.hours), (Money(12.3), Tenths(21.9)));
        assert!(back.inner.a.is_nan());
        assert_eq!(back.inner.b, f64::INFINITY);
    }

    #[test]
    fn a_cell_of_the_wrong_kind_is_named_in_the_error() {
        let columns: Vec<String> = ["id", "name", "sponsor", "pay", "hours", "a", "b"]
            .map(String::from)
            .to_vec();
        let mut cells: Vec<Cell> = ["x", "n", "", "1", "1", "1", "1"]
            .map(|t| Cell::Untyped(t.into()))
            .to_vec();
        let err = from_record::<Row>(&columns, &cells).expect_err("not a number");
        assert!(err.0.contains("`x`"), "{err}");
        cells.pop();
        let err = from_record::<Row>(&columns, &cells).expect_err("short");
        assert!(err.0.contains("6 fields"), "{err}");
    }
}
