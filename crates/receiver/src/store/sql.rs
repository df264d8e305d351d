//! One way to speak SQL to either database, so each query is written once.
//!
//! Queries are written with PostgreSQL's numbered parameters (`$1`, `$2`, …), which
//! SQLite receives as `?1`, `?2`, … (SQLite would read `$1` as a named parameter and
//! bind by first appearance). Values travel as [`Value`]s: an integer is written to a
//! PostgreSQL `integer`, `bigint`, `smallint` or `boolean` column as that column needs,
//! and every column reads back as one of the four kinds, so the two schemas may keep
//! their own column types. Where the dialects differ, the query module asks
//! [`Sql::dialect`] and forks, explicitly.

use std::borrow::Cow;

use super::{Error, Result};
use crate::keys::DataKeys;

/// Which database a connection speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (rusqlite, bundled).
    Sqlite,
    /// PostgreSQL (the `postgres` client).
    Postgres,
}

/// A parameter or a column's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (also a boolean, 0 or 1).
    Int(i64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<u16> for Value {
    fn from(v: u16) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Blob(v.to_vec())
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Blob(v)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Self {
        v.as_deref().map_or(Value::Null, Value::from)
    }
}

/// The parameters of a query: `params![a, b, c]`.
#[macro_export]
macro_rules! sql_params {
    ($($value:expr),* $(,)?) => {
        &[$($crate::store::sql::Value::from($value)),*][..]
    };
}
pub use crate::sql_params as params;

/// A row read back: its columns in the order the query selected them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value> {
        self.0
            .get(i)
            .ok_or_else(|| Error::new(format!("no column {i} in the row")))
    }

    /// Column `i` as text.
    pub fn text(&self, i: usize) -> Result<String> {
        self.opt_text(i)?
            .ok_or_else(|| Error::new(format!("column {i} is NULL where text was expected")))
    }

    /// Column `i` as text, or `None` for NULL.
    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Text(t) => Ok(Some(t.clone())),
            other => Err(Error::new(format!("column {i} is {other:?}, not text"))),
        }
    }

    /// Column `i` as an integer.
    pub fn int(&self, i: usize) -> Result<i64> {
        self.opt_int(i)?
            .ok_or_else(|| Error::new(format!("column {i} is NULL where a number was expected")))
    }

    /// Column `i` as an integer, or `None` for NULL.
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Int(n) => Ok(Some(*n)),
            other => Err(Error::new(format!("column {i} is {other:?}, not a number"))),
        }
    }

    /// Column `i` as a boolean (an integer other than 0 is true).
    pub fn flag(&self, i: usize) -> Result<bool> {
        Ok(self.int(i)? != 0)
    }

    /// Column `i` as bytes.
    pub fn blob(&self, i: usize) -> Result<Vec<u8>> {
        match self.at(i)? {
            Value::Blob(b) => Ok(b.clone()),
            other => Err(Error::new(format!("column {i} is {other:?}, not bytes"))),
        }
    }

    /// Column `i` as bytes, or `None` for NULL.
    pub fn opt_blob(&self, i: usize) -> Result<Option<Vec<u8>>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            _ => self.blob(i).map(Some),
        }
    }
}

/// A connection or a transaction on either database.
pub trait Sql {
    /// Which database this is.
    fn dialect(&self) -> Dialect;

    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;

    /// Runs a query; every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;

    /// Runs a query; its first row, if any.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Runs a query that returns exactly one row.
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row> {
        self.query_opt(sql, params)?
            .ok_or_else(|| Error::new("the query returned no row"))
    }

    /// The data keys health data is sealed with (`None`: the store was opened without
    /// its key, for what needs none, such as `audit verify`).
    fn keys(&self) -> Option<&DataKeys> {
        None
    }

    /// `plain` sealed for `place` ([`crate::keys::data_keys::place`]).
    fn seal(&self, place: &str, plain: &str) -> Result<String> {
        without_key(self.keys())?
            .seal(place, plain)
            .map_err(|e| Error::new(e.0))
    }

    /// `plain` sealed for `place`, when there is one.
    fn seal_opt(&self, place: &str, plain: Option<&str>) -> Result<Option<String>> {
        plain.map(|p| self.seal(place, p)).transpose()
    }

    /// What the value `stored` for `place` holds.
    fn open(&self, place: &str, stored: &str) -> Result<String> {
        without_key(self.keys())?
            .open(place, stored)
            .map_err(|e| Error::new(e.0))
    }

    /// The blind index's entry for `text` as `kind` (`keys::blind_index`).
    fn index_entry(&self, kind: &str, text: &str) -> Result<String> {
        Ok(without_key(self.keys())?.index_entry(kind, text))
    }

    /// What the value `stored` for `place` holds, when there is one.
    fn open_opt(&self, place: &str, stored: Option<&str>) -> Result<Option<String>> {
        stored.map(|s| self.open(place, s)).transpose()
    }
}

fn without_key(keys: Option<&DataKeys>) -> Result<&DataKeys> {
    keys.ok_or_else(|| Error::new("the database was opened without its key: health data is sealed"))
}

/// A connection or transaction with the data keys: what [`Store`](super::Store)
/// hands every query.
pub struct Keyed<'a> {
    /// The connection or transaction.
    pub inner: &'a mut dyn Sql,
    /// The keys.
    pub keys: &'a DataKeys,
}

impl Sql for Keyed<'_> {
    fn dialect(&self) -> Dialect {
        self.inner.dialect()
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.inner.execute(sql, params)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        super::query_log::note(sql, params);
        self.inner.query(sql, params)
    }

    fn keys(&self) -> Option<&DataKeys> {
        Some(self.keys)
    }
}

/// `$N` placeholders written as SQLite's `?N` (outside quoted strings).
pub fn sqlite_placeholders(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '$' && !quoted && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

mod sqlite {
    use rusqlite::types::{ToSqlOutput, ValueRef};

    use super::{Dialect, Row, Sql, Value, sqlite_placeholders};
    use crate::store::Result;

    impl rusqlite::ToSql for Value {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(ToSqlOutput::Borrowed(match self {
                Value::Null => ValueRef::Null,
                Value::Int(n) => ValueRef::Integer(*n),
                Value::Text(t) => ValueRef::Text(t.as_bytes()),
                Value::Blob(b) => ValueRef::Blob(b),
            }))
        }
    }

    fn read(row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<Row> {
        let mut values = Vec::with_capacity(columns);
        for i in 0..columns {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(r) => Value::Int(r as i64),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            });
        }
        Ok(Row(values))
    }

    impl Sql for rusqlite::Connection {
        fn dialect(&self) -> Dialect {
            Dialect::Sqlite
        }

        fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
            let mut statement = self.prepare_cached(&sqlite_placeholders(sql))?;
            Ok(statement.execute(rusqlite::params_from_iter(params))? as u64)
        }

        fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
            let mut statement = self.prepare_cached(&sqlite_placeholders(sql))?;
            let columns = statement.column_count();
            let rows =
                statement.query_map(rusqlite::params_from_iter(params), |r| read(r, columns))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        }
    }

    impl Sql for rusqlite::Transaction<'_> {
        fn dialect(&self) -> Dialect {
            Dialect::Sqlite
        }

        fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
            let mut statement = self.prepare_cached(&sqlite_placeholders(sql))?;
            Ok(statement.execute(rusqlite::params_from_iter(params))? as u64)
        }

        fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
            let mut statement = self.prepare_cached(&sqlite_placeholders(sql))?;
            let columns = statement.column_count();
            let rows =
                statement.query_map(rusqlite::params_from_iter(params), |r| read(r, columns))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        }
    }
}

pub(super) mod postgres {
    use std::error::Error as StdError;

    use bytes::BytesMut;
    use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

    use super::{Dialect, Row, Sql, Value};
    use crate::store::Result;

    type BoxError = Box<dyn StdError + Sync + Send>;

    impl ToSql for Value {
        fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
            match self {
                Value::Null => Ok(IsNull::Yes),
                Value::Int(n) => match *ty {
                    Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                    Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                    Type::BOOL => (*n != 0).to_sql(ty, out),
                    _ => n.to_sql(ty, out),
                },
                Value::Text(t) => t.to_sql(ty, out),
                Value::Blob(b) => b.to_sql(ty, out),
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        to_sql_checked!();
    }

    impl<'a> FromSql<'a> for Value {
        fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Value, BoxError> {
            Ok(match *ty {
                Type::INT2 => Value::Int(i64::from(i16::from_sql(ty, raw)?)),
                Type::INT4 => Value::Int(i64::from(i32::from_sql(ty, raw)?)),
                Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
                Type::BOOL => Value::Int(i64::from(bool::from_sql(ty, raw)?)),
                Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?),
                _ => Value::Text(String::from_sql(ty, raw)?),
            })
        }

        fn from_sql_null(_: &Type) -> std::result::Result<Value, BoxError> {
            Ok(Value::Null)
        }

        fn accepts(_: &Type) -> bool {
            true
        }
    }

    /// `params` as the `postgres` client takes them.
    pub(in crate::store) fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
        params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
    }

    /// The rows the `postgres` client read, as [`Row`]s.
    pub(in crate::store) fn rows(found: Vec<postgres::Row>) -> Result<Vec<Row>> {
        found
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get::<_, Value>(i).map_err(Into::into))
                    .collect::<Result<Vec<_>>>()
                    .map(Row)
            })
            .collect()
    }

    impl Sql for postgres::Client {
        fn dialect(&self) -> Dialect {
            Dialect::Postgres
        }

        fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
            Ok(postgres::Client::execute(self, sql, &refs(params))?)
        }

        fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
            rows(postgres::Client::query(self, sql, &refs(params))?)
        }
    }

    impl Sql for postgres::Transaction<'_> {
        fn dialect(&self) -> Dialect {
            Dialect::Postgres
        }

        fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
            Ok(postgres::Transaction::execute(self, sql, &refs(params))?)
        }

        fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
            rows(postgres::Transaction::query(self, sql, &refs(params))?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sqlite_placeholders;

    #[test]
    fn numbered_parameters_become_sqlite_numbered_parameters_outside_strings() {
        assert_eq!(
            sqlite_placeholders("SELECT $2, $1, '$1' FROM t WHERE a = $10"),
            "SELECT ?2, ?1, '$1' FROM t WHERE a = ?10"
        );
        assert_eq!(sqlite_placeholders("SELECT 1"), "SELECT 1");
    }
}
