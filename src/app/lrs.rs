//! The window's link to an organisation's Learning Record Store: the endpoint and
//! credentials as typed on the History screen (saved with `sync --save`'s file, mode 0600),
//! and syncs and connection tests run on a background thread so the window never waits on
//! the network. After each recorded session the window syncs by itself when an endpoint is
//! saved; the status line says how many records wait, or that they are synced.
//!
//! Plain Rust: the thread opens its own connection to the records file (SQLite in WAL mode
//! takes a reader and a writer at once) and reports through a shared [`SyncStatus`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::records::Records;
use crate::records::lrs::{self, Backoff, Endpoint, Stopped, SyncReport};

/// What the last sync or test said.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A sync ended: what it did.
    Synced(SyncReport),
    /// A connection test: the LRS's xAPI version, or why it failed.
    Tested(Result<String, Stopped>),
    /// The records could not be read or written.
    Failed(String),
}

/// How the link stands, shared with the background thread.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    /// A sync or a test is running.
    pub busy: bool,
    /// Statements waiting in the outbox, as last counted.
    pub waiting: Option<usize>,
    /// The last outcome.
    pub last: Option<Outcome>,
}

/// The LRS link of the window.
#[derive(Debug)]
pub struct LrsLink {
    /// The endpoint as typed (saved on "Save").
    pub endpoint: Endpoint,
    /// The endpoint as saved: background syncs use this one.
    pub saved: Option<Endpoint>,
    /// Shared with the background thread.
    pub status: Arc<Mutex<SyncStatus>>,
    /// The records file the thread opens.
    records: Option<PathBuf>,
}

impl LrsLink {
    /// The link for the records at `records` (None: no records, nothing to sync), with the
    /// saved endpoint, if any.
    pub fn new(records: Option<PathBuf>, saved: Option<Endpoint>) -> LrsLink {
        LrsLink {
            endpoint: saved.clone().unwrap_or_default(),
            saved,
            status: Arc::new(Mutex::new(SyncStatus::default())),
            records,
        }
    }

    /// A copy of the status now.
    pub fn status(&self) -> SyncStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Whether a sync or test is running.
    pub fn busy(&self) -> bool {
        self.status().busy
    }

    /// Counts what waits in `records` (the window's own connection).
    pub fn count(&self, records: &Records) {
        if let (Ok(o), Ok(mut s)) = (records.outbox(), self.status.lock()) {
            s.waiting = Some(o.waiting);
        }
    }

    /// Sends what waits to the saved endpoint, in the background. Nothing happens without a
    /// saved endpoint or records, or while a sync runs.
    pub fn sync(&self) {
        let (Some(endpoint), Some(path)) = (self.saved.clone(), self.records.clone()) else {
            return;
        };
        if !endpoint.is_set() {
            return;
        }
        self.run(move || {
            let mut records = match Records::open(&path) {
                Ok(o) => o.records,
                Err(e) => return (Outcome::Failed(e.to_string()), None),
            };
            match lrs::sync(&mut records, &endpoint, &Backoff::default()) {
                Ok(report) => {
                    let waiting = report.waiting;
                    (Outcome::Synced(report), Some(waiting))
                }
                Err(e) => (Outcome::Failed(e.to_string()), None),
            }
        });
    }

    /// Tries the endpoint as typed, in the background.
    pub fn test(&self) {
        let endpoint = self.endpoint.clone();
        self.run(move || {
            (
                Outcome::Tested(lrs::test_connection(&endpoint, &Backoff::default())),
                None,
            )
        });
    }

    fn run(&self, work: impl FnOnce() -> (Outcome, Option<usize>) + Send + 'static) {
        {
            let Ok(mut s) = self.status.lock() else {
                return;
            };
            if s.busy {
                return;
            }
            s.busy = true;
        }
        let status = self.status.clone();
        std::thread::spawn(move || {
            let (outcome, waiting) = work();
            if let Ok(mut s) = status.lock() {
                s.busy = false;
                s.last = Some(outcome);
                if waiting.is_some() {
                    s.waiting = waiting;
                }
            }
        });
    }
}
