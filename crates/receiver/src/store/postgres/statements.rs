//! A connection that keeps its prepared statements: each query's text is prepared
//! once per connection (a round trip, and PostgreSQL's parsing and analysis), then
//! only bound and executed. The `postgres` client prepares an unnamed statement for
//! every call made with text, so without this every statement cost two round trips.
//!
//! The cache is small and bounded (a query written with its values in the text would
//! otherwise grow it); a statement that fails is forgotten and prepared again next
//! time, so a schema another receiver changed (PostgreSQL's "cached plan must not
//! change result type") costs one failed statement, not a broken connection. A
//! connection opened again starts with an empty cache.

use std::collections::HashMap;

use postgres::{Client, Statement, Transaction};

use crate::store::Result;
use crate::store::sql::postgres::{refs, rows};
use crate::store::sql::{Dialect, Row, Sql, Value};

/// The most statements a connection keeps (more distinct texts empty the cache).
const MOST: usize = 256;

/// Prepared statements by their text.
#[derive(Default)]
struct Statements(HashMap<String, Statement>);

impl Statements {
    /// The statement for `sql`, prepared by `prepare` when not kept yet.
    fn get(
        &mut self,
        sql: &str,
        prepare: impl FnOnce(&str) -> std::result::Result<Statement, postgres::Error>,
    ) -> Result<Statement> {
        if let Some(statement) = self.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = prepare(sql)?;
        if self.0.len() >= MOST {
            self.0.clear();
        }
        self.0.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    /// `result`, forgetting the statement for `sql` when it failed.
    fn kept<T>(&mut self, sql: &str, result: std::result::Result<T, postgres::Error>) -> Result<T> {
        result.map_err(|e| {
            self.0.remove(sql);
            e.into()
        })
    }
}

/// A connection to the database with its prepared statements.
pub(super) struct Connection {
    client: Client,
    statements: Statements,
}

impl Connection {
    /// `client`, with no statement prepared yet.
    pub(super) fn new(client: Client) -> Connection {
        Connection {
            client,
            statements: Statements::default(),
        }
    }

    /// The client itself (for what is not a query: migrations, settings).
    pub(super) fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Whether the connection broke.
    pub(super) fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Begins a transaction that uses (and adds to) the connection's statements.
    pub(super) fn transaction(&mut self) -> Result<Tx<'_>> {
        Ok(Tx {
            tx: self.client.transaction()?,
            statements: &mut self.statements,
        })
    }
}

/// A transaction on a [`Connection`]; rolled back when dropped uncommitted.
pub(super) struct Tx<'a> {
    tx: Transaction<'a>,
    statements: &'a mut Statements,
}

impl Tx<'_> {
    /// Commits the transaction.
    pub(super) fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

impl Sql for Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let statement = self.statements.get(sql, |s| self.client.prepare(s))?;
        let done = self.client.execute(&statement, &refs(params));
        self.statements.kept(sql, done)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let statement = self.statements.get(sql, |s| self.client.prepare(s))?;
        let found = self.client.query(&statement, &refs(params));
        rows(self.statements.kept(sql, found)?)
    }
}

impl Sql for Tx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let statement = self.statements.get(sql, |s| self.tx.prepare(s))?;
        let done = self.tx.execute(&statement, &refs(params));
        self.statements.kept(sql, done)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let statement = self.statements.get(sql, |s| self.tx.prepare(s))?;
        let found = self.tx.query(&statement, &refs(params));
        rows(self.statements.kept(sql, found)?)
    }
}
