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
    /// A sync was asked for while busy: the thread syncs again when it is done, so a session
    /// recorded meanwhile is not left waiting.
    pub again: bool,
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
        let status = self.status.clone();
        self.run(true, move || {
            // Its own connection to the store the window opened: never checked, migrated or
            // moved aside from here.
            let mut records = match Records::attach(&path) {
                Ok(r) => r,
                Err(e) => return (Outcome::Failed(e.to_string()), None),
            };
            let mut progress = |r: &SyncReport| {
                if let Ok(mut s) = status.lock() {
                    s.waiting = s.waiting.map(|w| w.saturating_sub(r.sent));
                }
            };
            match lrs::sync_with(&mut records, &endpoint, &Backoff::default(), &mut progress) {
                Ok(report) => {
                    let waiting = report.waiting;
                    (Outcome::Synced(report), Some(waiting))
                }
                Err(e) => (Outcome::Failed(e.to_string()), None),
            }
        });
    }

    /// Runs a sync that was asked for while a connection test was running (call it every
    /// frame; it costs a lock).
    pub fn poll(&self) {
        let pending = self
            .status
            .lock()
            .is_ok_and(|mut s| !s.busy && std::mem::take(&mut s.again));
        if pending {
            self.sync();
        }
    }

    /// Tries the endpoint as typed, in the background.
    pub fn test(&self) {
        let endpoint = self.endpoint.clone();
        self.run(false, move || {
            (
                Outcome::Tested(lrs::test_connection(&endpoint, &Backoff::default())),
                None,
            )
        });
    }

    /// Runs `work` on a thread unless something runs already; then a sync (`is_sync`) is
    /// remembered and run again once the running work is done.
    fn run(&self, is_sync: bool, work: impl Fn() -> (Outcome, Option<usize>) + Send + 'static) {
        {
            let Ok(mut s) = self.status.lock() else {
                return;
            };
            if s.busy {
                s.again |= is_sync;
                return;
            }
            s.busy = true;
        }
        let status = self.status.clone();
        std::thread::spawn(move || {
            // However the work ends (a panic included), the link is not left busy.
            let _idle = Idle(status.clone());
            loop {
                let (outcome, waiting) = work();
                let Ok(mut s) = status.lock() else { return };
                s.last = Some(outcome);
                if waiting.is_some() {
                    s.waiting = waiting;
                }
                if !(is_sync && std::mem::take(&mut s.again)) {
                    return;
                }
            }
        });
    }
}

/// Clears `busy` when the background work ends.
struct Idle(Arc<Mutex<SyncStatus>>);

impl Drop for Idle {
    fn drop(&mut self) {
        let mut s = match self.0.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        s.busy = false;
    }
}
