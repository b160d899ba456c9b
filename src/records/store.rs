//! The records file: SQLite through `rusqlite` (SQLite compiled in), in WAL mode with
//! `synchronous=FULL`, so that a session is on disk once [`Records::record`] returns and a
//! SIGKILL at any moment loses at most the session in progress.
//!
//! The schema is versioned by `PRAGMA user_version` and grows by [`MIGRATIONS`], each applied
//! once in its own transaction. A file that is not a usable store (not SQLite, damaged, from
//! a newer version, or somebody else's database) is moved aside as
//! `records.sqlite.unreadable-<UTC time>` with its journal files, kept, and a fresh store
//! starts; the caller is told where it went. A store that is merely busy or unwritable is an
//! error, never moved.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::session::{DecisionRecord, SessionRecord, Status, mode_from_key, mode_key};
use super::style::{Blend, Style};
use crate::course::{EndingKind, Verdict};
use crate::sim::Action;

/// The schema, one step per version: version N is reached by applying `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: &[&str] = &[
    // 1: trainees, sessions, decisions.
    "CREATE TABLE trainee (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE session (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        trainee INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
        scenario TEXT NOT NULL,
        title_zh TEXT NOT NULL,
        title_en TEXT NOT NULL,
        revision TEXT NOT NULL,
        seed INTEGER NOT NULL,
        mode TEXT NOT NULL,
        shuffled INTEGER NOT NULL,
        actions TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('completed', 'abandoned')),
        ending TEXT,
        ending_kind TEXT,
        verdict TEXT,
        passed INTEGER,
        empathy INTEGER,
        expectation INTEGER,
        legal INTEGER,
        points TEXT NOT NULL,
        hints INTEGER NOT NULL,
        rewinds INTEGER NOT NULL,
        started_ms INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL
    );
    CREATE INDEX session_by_trainee ON session (trainee, started_ms);
    CREATE TABLE decision (
        session INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        node TEXT NOT NULL,
        choice INTEGER,
        shown INTEGER,
        empathy INTEGER NOT NULL,
        expectation INTEGER NOT NULL,
        legal INTEGER NOT NULL,
        mood INTEGER NOT NULL,
        trust INTEGER NOT NULL,
        patience INTEGER NOT NULL,
        level TEXT NOT NULL,
        notes TEXT NOT NULL,
        seconds REAL,
        PRIMARY KEY (session, n)
    );",
    // 2: each trainee's style self-reflection (the blend and the answers that gave it).
    "CREATE TABLE style (
        trainee INTEGER PRIMARY KEY REFERENCES trainee(id) ON DELETE CASCADE,
        d INTEGER NOT NULL CHECK (d BETWEEN 0 AND 100),
        i INTEGER NOT NULL CHECK (i BETWEEN 0 AND 100),
        s INTEGER NOT NULL CHECK (s BETWEEN 0 AND 100),
        c INTEGER NOT NULL CHECK (c BETWEEN 0 AND 100),
        answers TEXT NOT NULL,
        taken_ms INTEGER NOT NULL
    );",
    // 3: the xAPI outbox: every statement of every recorded session, queued in the same
    // transaction that records the session, until an LRS has it (or refused it for good).
    "CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        trainee INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
        registration TEXT NOT NULL,
        body TEXT NOT NULL,
        queued_ms INTEGER NOT NULL,
        delivered_ms INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        dead INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_waiting ON outbox (delivered_ms, dead, queued_ms);
    CREATE INDEX outbox_registration ON outbox (registration);",
    // 4: in free-reply mode, what the trainee typed at each decision and the moves found in
    // it (JSON), beside the reply it was matched to.
    "ALTER TABLE decision ADD COLUMN typed TEXT;",
];

/// A statement waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    /// The statement id.
    pub id: String,
    /// The statement, as JSON text, exactly as it is sent every time.
    pub body: String,
}

/// How the outbox stands.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OutboxStatus {
    /// Statements not yet delivered (and not refused).
    pub waiting: usize,
    /// Statements an LRS has.
    pub delivered: usize,
    /// When the last one was delivered (ms since 1970).
    pub last_delivered_ms: Option<i64>,
    /// The last network or server error of a waiting statement, if any.
    pub last_error: Option<String>,
    /// Statements the LRS refused (400): the dead-letter list, with its message.
    pub dead: Vec<DeadLetter>,
}

/// A statement the LRS refused, kept with the LRS's message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadLetter {
    /// The statement id.
    pub id: String,
    /// The play-through it belongs to.
    pub registration: String,
    /// Whose it is.
    pub trainee: String,
    /// What the LRS said.
    pub message: String,
}

/// Why the records could not be used.
#[derive(Debug)]
pub enum RecordsError {
    /// The file system refused (creating the folder, moving a damaged store aside).
    Io(std::io::Error),
    /// SQLite refused (busy, read-only, disk full …).
    Sqlite(rusqlite::Error),
    /// No trainee by that name.
    NoSuchTrainee(String),
    /// A trainee name that is empty or taken.
    Name(String),
}

impl std::fmt::Display for RecordsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordsError::Io(e) => write!(f, "{e}"),
            RecordsError::Sqlite(e) => write!(f, "{e}"),
            RecordsError::NoSuchTrainee(n) => write!(f, "no trainee named `{n}`"),
            RecordsError::Name(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for RecordsError {}

impl From<rusqlite::Error> for RecordsError {
    fn from(e: rusqlite::Error) -> Self {
        RecordsError::Sqlite(e)
    }
}

impl From<std::io::Error> for RecordsError {
    fn from(e: std::io::Error) -> Self {
        RecordsError::Io(e)
    }
}

/// An open store, and where an unreadable one was moved, if one was.
#[derive(Debug)]
pub struct Opened {
    /// The store.
    pub records: Records,
    /// The unreadable store's new name, and why it could not be used.
    pub set_aside: Option<(PathBuf, String)>,
}

/// A trainee and how many sessions they have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trainee {
    /// The name.
    pub name: String,
    /// Sessions recorded.
    pub sessions: u32,
}

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRow {
    /// The row id (for [`Records::session`]).
    pub id: i64,
    /// The trainee.
    pub trainee: String,
    /// The scenario's id and titles.
    pub scenario: String,
    /// Title in Chinese.
    pub title_zh: String,
    /// Title in English.
    pub title_en: String,
    /// `practice` or `assessment`.
    pub mode: String,
    /// `completed` or `abandoned`.
    pub status: String,
    /// The ending's kind, if it ended.
    pub ending_kind: Option<String>,
    /// The verdict, if it ended.
    pub verdict: Option<String>,
    /// Passed, if it ended.
    pub passed: Option<bool>,
    /// 情, 理, 法 (0–100), if it ended.
    pub scores: Option<[u8; 3]>,
    /// When it started (ms since 1970).
    pub started_ms: i64,
    /// How long it took (ms).
    pub duration_ms: i64,
    /// Decisions taken.
    pub decisions: u32,
}

impl SessionRow {
    /// The history line of a full record (for words shared with the history).
    pub fn brief(s: &SessionRecord) -> SessionRow {
        SessionRow {
            id: 0,
            trainee: s.trainee.clone(),
            scenario: s.scenario.clone(),
            title_zh: s.title[0].clone(),
            title_en: s.title[1].clone(),
            mode: mode_key(s.mode).to_string(),
            status: s.status.key().to_string(),
            ending_kind: s.ending_kind.map(|k| k.key().to_string()),
            verdict: s.verdict.map(|v| v.key().to_string()),
            passed: s.passed,
            scores: s.scores,
            started_ms: s.started_ms,
            duration_ms: s.duration_ms,
            decisions: s.decisions.len() as u32,
        }
    }
}

/// Whether an error means the file is not a store this version can use (so it is moved
/// aside) rather than a store that is busy, read-only or on a full disk.
enum Opening {
    Unusable(String),
    Failed(RecordsError),
}

impl From<rusqlite::Error> for Opening {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Opening::Unusable(e.to_string())
            }
            _ => Opening::Failed(e.into()),
        }
    }
}

/// The records file.
#[derive(Debug)]
pub struct Records {
    conn: Connection,
    path: PathBuf,
}

impl Records {
    /// Opens (or creates) the store at `path`. A file that is not a usable store is moved
    /// aside (see the module docs) and a fresh one starts.
    pub fn open(path: &Path) -> Result<Opened, RecordsError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        match Records::try_open(path) {
            Ok(records) => Ok(Opened {
                records,
                set_aside: None,
            }),
            Err(Opening::Failed(e)) => Err(e),
            Err(Opening::Unusable(why)) => {
                let aside = set_aside(path)?;
                let records = Records::try_open(path).map_err(|e| match e {
                    Opening::Failed(e) => e,
                    Opening::Unusable(why) => RecordsError::Name(why),
                })?;
                Ok(Opened {
                    records,
                    set_aside: Some((aside, why)),
                })
            }
        }
    }

    /// A second connection to a store the window has already opened (and checked and
    /// migrated): for a background sync. It never checks, migrates or moves the file; a
    /// file that is not a current store is an error.
    pub fn attach(path: &Path) -> Result<Records, RecordsError> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version != MIGRATIONS.len() as i64 {
            return Err(RecordsError::Name(format!(
                "the records file is at schema version {version}, not {}",
                MIGRATIONS.len()
            )));
        }
        Ok(Records {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn try_open(path: &Path) -> Result<Records, Opening> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Nothing is written until the file is known to be ours: a file moved aside is
        // kept byte for byte.
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Opening::Unusable(format!("damaged: {check}")));
        }
        let mut records = Records {
            conn,
            path: path.to_path_buf(),
        };
        records.recognise()?;
        // WAL: a crash never leaves a half-written transaction; FULL: a committed session is
        // on the disk when `record` returns.
        let journal: String = records
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !journal.eq_ignore_ascii_case("wal") {
            return Err(Opening::Failed(RecordsError::Name(format!(
                "the records file cannot use a write-ahead log (journal mode {journal})"
            ))));
        }
        records.conn.pragma_update(None, "synchronous", "FULL")?;
        records.migrate()?;
        Ok(records)
    }

    /// Whether the file is a store this version can use: empty, or ours at a schema
    /// version it knows.
    fn recognise(&self) -> Result<(), Opening> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(Opening::Unusable(format!(
                "written by a newer Complaint Dojo (schema {version}; this one knows {known})"
            )));
        }
        if version == 0 {
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(Opening::Unusable(
                    "another program's database, not Complaint Dojo records".into(),
                ));
            }
        }
        Ok(())
    }

    /// Brings the schema up to date, one version per transaction. The version is read again
    /// under the lock, so that two programs opening an old store at once (the window and a
    /// command) never apply a step twice.
    fn migrate(&mut self) -> Result<(), Opening> {
        for (v, sql) in MIGRATIONS.iter().enumerate() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Exclusive)?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version > v as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", v as i64 + 1)?;
            tx.commit()?;
        }
        // The tables this version reads must be there.
        for table in ["trainee", "session", "decision", "style"] {
            let found: Option<String> = self
                .conn
                .query_row(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_none() {
                return Err(Opening::Unusable(format!("the table `{table}` is missing")));
            }
        }
        Ok(())
    }

    /// Where the store is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version.
    pub fn version(&self) -> Result<i64, RecordsError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Every trainee, by name, with their number of sessions.
    pub fn trainees(&self) -> Result<Vec<Trainee>, RecordsError> {
        let mut st = self.conn.prepare(
            "SELECT t.name, count(s.id) FROM trainee t LEFT JOIN session s ON s.trainee = t.id
             GROUP BY t.id ORDER BY t.name",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Trainee {
                name: r.get(0)?,
                sessions: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a trainee (a name already there is fine: it is the same trainee).
    pub fn add_trainee(&self, name: &str) -> Result<(), RecordsError> {
        let name = checked_name(name)?;
        self.conn.execute(
            "INSERT OR IGNORE INTO trainee (name, created_ms) VALUES (?1, ?2)",
            params![name, now_ms()],
        )?;
        Ok(())
    }

    /// Renames a trainee; their sessions follow.
    pub fn rename_trainee(&self, from: &str, to: &str) -> Result<(), RecordsError> {
        let to = checked_name(to)?;
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM trainee WHERE name = ?1", [to], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(RecordsError::Name(format!("a trainee named `{to}` exists")));
        }
        let changed = self
            .conn
            .execute("UPDATE trainee SET name = ?2 WHERE name = ?1", [from, to])?;
        if changed == 0 {
            return Err(RecordsError::NoSuchTrainee(from.into()));
        }
        Ok(())
    }

    /// Deletes a trainee and every session of theirs.
    pub fn delete_trainee(&self, name: &str) -> Result<(), RecordsError> {
        let changed = self
            .conn
            .execute("DELETE FROM trainee WHERE name = ?1", [name])?;
        if changed == 0 {
            return Err(RecordsError::NoSuchTrainee(name.into()));
        }
        Ok(())
    }

    /// Keeps `style` as the trainee's self-reflection (the trainee is created if new),
    /// replacing the one before.
    pub fn set_style(&self, name: &str, style: &Style) -> Result<(), RecordsError> {
        let name = checked_name(name)?;
        let [d, i, s, c] = style.blend.0;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO trainee (name, created_ms) VALUES (?1, ?2)",
            params![name, now_ms()],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO style (trainee, d, i, s, c, answers, taken_ms)
             SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM trainee WHERE name = ?1",
            params![name, d, i, s, c, style.answers, style.taken_ms],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The trainee's style self-reflection, if they have taken it.
    pub fn style(&self, name: &str) -> Result<Option<Style>, RecordsError> {
        let name = name.trim();
        Ok(self
            .conn
            .query_row(
                "SELECT st.d, st.i, st.s, st.c, st.answers, st.taken_ms
                 FROM style st JOIN trainee t ON t.id = st.trainee WHERE t.name = ?1",
                [name],
                |r| {
                    Ok(Style {
                        blend: Blend([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
                        answers: r.get(4)?,
                        taken_ms: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Forgets the trainee's style self-reflection (their sessions stay).
    pub fn clear_style(&self, name: &str) -> Result<(), RecordsError> {
        let id = self.known_trainee(name.trim())?;
        self.conn
            .execute("DELETE FROM style WHERE trainee = ?1", [id])?;
        Ok(())
    }

    /// The row id of the trainee called `name`, or why there is none.
    fn known_trainee(&self, name: &str) -> Result<i64, RecordsError> {
        self.conn
            .query_row("SELECT id FROM trainee WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| RecordsError::NoSuchTrainee(name.into()))
    }

    /// Stores a session, its trainee (created if new), its decisions and its xAPI
    /// statements (into the outbox), in one transaction. Recording the same play-through
    /// (`uuid`) again replaces it, so that a session abandoned and then resumed is kept once;
    /// its statements already delivered stay delivered, and only new or changed ones wait.
    /// `engine` (the scenario as played) gives the statements their reply texts and scaled
    /// scores. Returns the session's row id.
    pub fn record(
        &mut self,
        s: &SessionRecord,
        engine: Option<&std::sync::Arc<crate::sim::Engine>>,
    ) -> Result<i64, RecordsError> {
        let statements = super::xapi::statements(s, engine);
        let name = checked_name(&s.trainee)?.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR IGNORE INTO trainee (name, created_ms) VALUES (?1, ?2)",
            params![name, now_ms()],
        )?;
        let trainee: i64 =
            tx.query_row("SELECT id FROM trainee WHERE name = ?1", [&name], |r| {
                r.get(0)
            })?;
        tx.execute("DELETE FROM session WHERE uuid = ?1", [&s.uuid])?;
        tx.execute(
            "INSERT INTO session (uuid, trainee, scenario, title_zh, title_en, revision, seed,
                mode, shuffled, actions, status, ending, ending_kind, verdict, passed,
                empathy, expectation, legal, points, hints, rewinds, started_ms, duration_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
            params![
                s.uuid,
                trainee,
                s.scenario,
                s.title[0],
                s.title[1],
                s.revision,
                // SQLite integers are signed: the seed's bits are kept as they are.
                s.seed as i64,
                mode_key(s.mode),
                s.shuffled,
                json(&s.actions),
                s.status.key(),
                s.ending,
                s.ending_kind.map(EndingKind::key),
                s.verdict.map(Verdict::key),
                s.passed,
                s.scores.map(|x| x[0]),
                s.scores.map(|x| x[1]),
                s.scores.map(|x| x[2]),
                json(&s.points),
                s.hints,
                s.rewinds,
                s.started_ms,
                s.duration_ms,
            ],
        )?;
        let id = tx.last_insert_rowid();
        {
            let mut st = tx.prepare(
                "INSERT INTO decision (session, n, node, choice, shown, empathy, expectation,
                    legal, mood, trust, patience, level, notes, seconds, typed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            for (n, d) in s.decisions.iter().enumerate() {
                st.execute(params![
                    id,
                    n as i64,
                    d.node,
                    d.choice.map(|c| c as i64),
                    d.shown.map(|c| c as i64),
                    d.points[0],
                    d.points[1],
                    d.points[2],
                    d.mood,
                    d.trust,
                    d.patience,
                    d.level,
                    json(&d.notes),
                    d.seconds,
                    d.typed.as_ref().map(json),
                ])?;
            }
        }
        queue(&tx, trainee, &s.uuid, &statements)?;
        tx.commit()?;
        Ok(id)
    }

    /// Queues the statements of every recorded session that has none in the outbox yet
    /// (sessions recorded before the outbox existed), building them with the engine
    /// `engine_of` gives for a scenario id. Returns how many statements were queued.
    pub fn queue_unqueued(
        &mut self,
        engine_of: impl Fn(&str) -> Option<std::sync::Arc<crate::sim::Engine>>,
    ) -> Result<usize, RecordsError> {
        let missing: Vec<i64> = {
            let mut st = self.conn.prepare(
                "SELECT s.id FROM session s
                 WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.registration = s.uuid)
                 ORDER BY s.started_ms, s.id",
            )?;
            st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        let mut queued = 0;
        for id in missing {
            let Some(s) = self.session(id)? else { continue };
            let engine = engine_of(&s.scenario);
            let statements = super::xapi::statements(&s, engine.as_ref());
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let trainee: i64 =
                tx.query_row("SELECT trainee FROM session WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            queued += queue(&tx, trainee, &s.uuid, &statements)?;
            tx.commit()?;
        }
        Ok(queued)
    }

    /// Up to `limit` statements waiting to be sent, oldest first.
    pub fn waiting(&self, limit: usize) -> Result<Vec<Queued>, RecordsError> {
        let mut st = self.conn.prepare(
            "SELECT id, body FROM outbox WHERE delivered_ms IS NULL AND dead = 0
             ORDER BY queued_ms, rowid LIMIT ?1",
        )?;
        let rows = st
            .query_map([limit as i64], |r| {
                Ok(Queued {
                    id: r.get(0)?,
                    body: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Marks statements as delivered (one transaction): each only if its body is still the
    /// one sent (a session recorded again meanwhile replaces a waiting body, and the new one
    /// must still go).
    pub fn mark_delivered(&mut self, sent: &[Queued]) -> Result<(), RecordsError> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "UPDATE outbox SET delivered_ms = ?3, error = NULL
                 WHERE id = ?1 AND body = ?2 AND delivered_ms IS NULL",
            )?;
            let now = now_ms();
            for q in sent {
                st.execute(params![q.id, q.body, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes statements off the dead-letter list and back into the queue (a refusal that
    /// turned out to be about the request, not about them).
    pub fn revive(&mut self, ids: &[String]) -> Result<(), RecordsError> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare("UPDATE outbox SET dead = 0 WHERE id = ?1")?;
            for id in ids {
                st.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Notes a failed attempt to send statements (a network or server error): they stay
    /// queued for the next sync.
    pub fn mark_attempt(&mut self, ids: &[String], error: &str) -> Result<(), RecordsError> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "UPDATE outbox SET attempts = attempts + 1, error = ?2
                 WHERE id = ?1 AND delivered_ms IS NULL",
            )?;
            for id in ids {
                st.execute(params![id, error])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Moves a statement the LRS refused to the dead-letter list, with the LRS's message.
    pub fn mark_dead(&mut self, id: &str, message: &str) -> Result<(), RecordsError> {
        self.conn.execute(
            "UPDATE outbox SET dead = 1, error = ?2, attempts = attempts + 1 WHERE id = ?1",
            params![id, message],
        )?;
        Ok(())
    }

    /// Puts the dead-letter list back in the queue (after the cause was mended). Returns
    /// how many.
    pub fn retry_dead(&mut self) -> Result<usize, RecordsError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET dead = 0, error = NULL WHERE dead = 1",
            [],
        )?)
    }

    /// How the outbox stands: waiting, delivered, the last error and the dead letters.
    pub fn outbox(&self) -> Result<OutboxStatus, RecordsError> {
        let (waiting, delivered, last): (i64, i64, Option<i64>) = self.conn.query_row(
            "SELECT
                COALESCE(SUM(delivered_ms IS NULL AND dead = 0), 0),
                COALESCE(SUM(delivered_ms IS NOT NULL), 0),
                MAX(delivered_ms)
             FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let last_error = self
            .conn
            .query_row(
                "SELECT error FROM outbox
                 WHERE delivered_ms IS NULL AND dead = 0 AND error IS NOT NULL
                 ORDER BY attempts DESC, rowid DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let mut st = self.conn.prepare(
            "SELECT o.id, o.registration, t.name, COALESCE(o.error, '')
             FROM outbox o JOIN trainee t ON t.id = o.trainee
             WHERE o.dead = 1 ORDER BY o.queued_ms, o.rowid",
        )?;
        let dead = st
            .query_map([], |r| {
                Ok(DeadLetter {
                    id: r.get(0)?,
                    registration: r.get(1)?,
                    trainee: r.get(2)?,
                    message: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(OutboxStatus {
            waiting: waiting as usize,
            delivered: delivered as usize,
            last_delivered_ms: last,
            last_error,
            dead,
        })
    }

    /// The history, newest first: everyone's, or one trainee's.
    pub fn history(&self, trainee: Option<&str>) -> Result<Vec<SessionRow>, RecordsError> {
        if let Some(name) = trainee {
            self.known_trainee(name)?;
        }
        let mut st = self.conn.prepare(
            "SELECT s.id, t.name, s.scenario, s.title_zh, s.title_en, s.mode, s.status,
                s.ending_kind, s.verdict, s.passed, s.empathy, s.expectation, s.legal,
                s.started_ms, s.duration_ms,
                (SELECT count(*) FROM decision d WHERE d.session = s.id)
             FROM session s JOIN trainee t ON t.id = s.trainee
             WHERE ?1 IS NULL OR t.name = ?1
             ORDER BY s.started_ms DESC, s.id DESC",
        )?;
        let rows = st.query_map([trainee], |r| {
            let scores: [Option<u8>; 3] = [r.get(10)?, r.get(11)?, r.get(12)?];
            Ok(SessionRow {
                id: r.get(0)?,
                trainee: r.get(1)?,
                scenario: r.get(2)?,
                title_zh: r.get(3)?,
                title_en: r.get(4)?,
                mode: r.get(5)?,
                status: r.get(6)?,
                ending_kind: r.get(7)?,
                verdict: r.get(8)?,
                passed: r.get(9)?,
                scores: match scores {
                    [Some(a), Some(b), Some(c)] => Some([a, b, c]),
                    _ => None,
                },
                started_ms: r.get(13)?,
                duration_ms: r.get(14)?,
                decisions: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A trainee's sessions as progress reads them, newest first; `disc_of` gives a
    /// scenario's customer type (none for a scenario no longer in the library).
    pub fn played(
        &self,
        trainee: &str,
        disc_of: impl Fn(&str) -> Option<crate::course::Disc>,
    ) -> Result<Vec<super::progress::Played>, RecordsError> {
        let rows = self.history(Some(trainee))?;
        let mut st = self
            .conn
            .prepare("SELECT notes FROM decision WHERE session = ?1")?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut notes = std::collections::BTreeSet::new();
            let lists = st.query_map([row.id], |r| r.get::<_, String>(0))?;
            for list in lists {
                let list: Vec<String> = serde_json::from_str(&list?).unwrap_or_default();
                notes.extend(list);
            }
            out.push(super::progress::Played {
                disc: disc_of(&row.scenario),
                scenario: row.scenario,
                scores: row.scores,
                passed: row.passed,
                notes,
            });
        }
        Ok(out)
    }

    /// Every session in full (everyone's, or one trainee's), oldest first, for exports.
    pub fn sessions(&self, trainee: Option<&str>) -> Result<Vec<SessionRecord>, RecordsError> {
        let mut out = Vec::new();
        for row in self.history(trainee)?.iter().rev() {
            if let Some(s) = self.session(row.id)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// One session in full, with its decisions, for a replay.
    pub fn session(&self, id: i64) -> Result<Option<SessionRecord>, RecordsError> {
        let found = self
            .conn
            .query_row(
                "SELECT s.uuid, t.name, s.scenario, s.title_zh, s.title_en, s.revision, s.seed,
                    s.mode, s.shuffled, s.actions, s.status, s.ending, s.ending_kind,
                    s.verdict, s.passed, s.empathy, s.expectation, s.legal, s.points, s.hints,
                    s.rewinds, s.started_ms, s.duration_ms
                 FROM session s JOIN trainee t ON t.id = s.trainee WHERE s.id = ?1",
                [id],
                |r| {
                    let scores: [Option<u8>; 3] = [r.get(15)?, r.get(16)?, r.get(17)?];
                    let mode: String = r.get(7)?;
                    let status: String = r.get(10)?;
                    let kind: Option<String> = r.get(12)?;
                    let verdict: Option<String> = r.get(13)?;
                    let actions: String = r.get(9)?;
                    let points: String = r.get(18)?;
                    Ok(SessionRecord {
                        uuid: r.get(0)?,
                        trainee: r.get(1)?,
                        scenario: r.get(2)?,
                        title: [r.get(3)?, r.get(4)?],
                        revision: r.get(5)?,
                        seed: r.get::<_, i64>(6)? as u64,
                        mode: mode_from_key(&mode).unwrap_or_default(),
                        shuffled: r.get(8)?,
                        actions: serde_json::from_str::<Vec<Action>>(&actions).unwrap_or_default(),
                        status: Status::from_key(&status).unwrap_or(Status::Abandoned),
                        ending: r.get(11)?,
                        ending_kind: kind.and_then(|k| EndingKind::from_key(&k)),
                        verdict: verdict.and_then(|k| Verdict::from_key(&k)),
                        passed: r.get(14)?,
                        scores: match scores {
                            [Some(a), Some(b), Some(c)] => Some([a, b, c]),
                            _ => None,
                        },
                        points: serde_json::from_str(&points).unwrap_or_default(),
                        hints: r.get(19)?,
                        rewinds: r.get(20)?,
                        started_ms: r.get(21)?,
                        duration_ms: r.get(22)?,
                        decisions: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut record) = found else {
            return Ok(None);
        };
        let mut st = self.conn.prepare(
            "SELECT node, choice, shown, empathy, expectation, legal, mood, trust, patience,
                level, notes, seconds, typed
             FROM decision WHERE session = ?1 ORDER BY n",
        )?;
        let rows = st.query_map([id], |r| {
            let notes: String = r.get(10)?;
            Ok(DecisionRecord {
                node: r.get(0)?,
                choice: r.get::<_, Option<i64>>(1)?.map(|c| c as usize),
                shown: r.get::<_, Option<i64>>(2)?.map(|c| c as usize),
                points: [r.get(3)?, r.get(4)?, r.get(5)?],
                mood: r.get(6)?,
                trust: r.get(7)?,
                patience: r.get(8)?,
                level: r.get(9)?,
                notes: serde_json::from_str(&notes).unwrap_or_default(),
                seconds: r.get(11)?,
                typed: r
                    .get::<_, Option<String>>(12)?
                    .and_then(|t| serde_json::from_str(&t).ok()),
            })
        })?;
        record.decisions = rows.collect::<Result<_, _>>()?;
        Ok(Some(record))
    }
}

/// A value stored as JSON text.
/// Queues `statements` for trainee `trainee`'s play-through `registration`, inside the
/// caller's transaction. A statement already queued keeps its place; if it is not delivered
/// yet and its body changed (the session was resumed), the new body replaces the old one. A
/// delivered statement is never queued again; a waiting one the play-through no longer says
/// is dropped. Returns how many were queued or replaced.
fn queue(
    tx: &rusqlite::Transaction<'_>,
    trainee: i64,
    registration: &str,
    statements: &[serde_json::Value],
) -> Result<usize, RecordsError> {
    let mut st = tx.prepare(
        "INSERT INTO outbox (id, trainee, registration, body, queued_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, dead = 0, error = NULL
         WHERE outbox.delivered_ms IS NULL AND outbox.body <> excluded.body",
    )?;
    let now = now_ms();
    let mut new = 0;
    let mut ids = Vec::with_capacity(statements.len());
    for s in statements {
        let Some(id) = s.get("id").and_then(|v| v.as_str()) else {
            continue;
        };
        ids.push(id.to_string());
        new += st.execute(params![id, trainee, registration, s.to_string(), now])?;
    }
    // What the play-through no longer says (a session left and then finished is not
    // `terminated:abandoned` any more) is taken back, unless it was already delivered.
    let mut stale =
        tx.prepare("SELECT id FROM outbox WHERE registration = ?1 AND delivered_ms IS NULL")?;
    let waiting: Vec<String> = stale
        .query_map([registration], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in waiting.iter().filter(|id| !ids.contains(id)) {
        tx.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
    }
    Ok(new)
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Longest trainee name, in characters.
pub const MAX_NAME: usize = 40;

/// A trainee name, trimmed; empty, over-long or control-character names are refused.
fn checked_name(name: &str) -> Result<&str, RecordsError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(RecordsError::Name("a trainee needs a name".into()));
    }
    if name.chars().count() > MAX_NAME {
        return Err(RecordsError::Name(format!(
            "a trainee's name has at most {MAX_NAME} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(RecordsError::Name(
            "a trainee's name cannot hold control characters".into(),
        ));
    }
    Ok(name)
}

/// Milliseconds since 1970 now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Moves the store at `path` and its journal files aside, named with the time, and returns
/// the new name of the main file.
fn set_aside(path: &Path) -> Result<PathBuf, RecordsError> {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".unreadable-{stamp}"));
    let mut aside = path.with_file_name(&name);
    // Two in the same second: a number keeps both.
    let mut k = 2;
    while aside.exists() {
        let mut n = name.clone();
        n.push(format!("-{k}"));
        aside = path.with_file_name(n);
        k += 1;
    }
    std::fs::rename(path, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let mut from = path.as_os_str().to_os_string();
        from.push(suffix);
        let from = PathBuf::from(from);
        if from.exists() {
            let mut to = aside.as_os_str().to_os_string();
            to.push(suffix);
            std::fs::rename(&from, PathBuf::from(to))?;
        }
    }
    Ok(aside)
}
