//! Sending the outbox to an organisation's Learning Record Store (xAPI 1.0.3), with the
//! manners of a good LRS client: the `X-Experience-API-Version: 1.0.3` header, Basic
//! credentials, batches of at most [`BATCH`] statements per POST, and for each answer the
//! right move —
//!
//! - 200/204: delivered;
//! - 409: a statement with that id is stored already: delivered if the stored one is ours
//!   (fetched by id and compared), else refused with the LRS's words;
//! - 413: the batch was too large: it is split in two and each half sent;
//! - 400: the batch is split until the statement the LRS refuses is alone, and that one goes
//!   to the dead-letter list with the LRS's message (the rest are delivered);
//! - 401/403: stop at once, everything stays queued ("check the credentials");
//! - 5xx or a network error: tried again after 0.5, 1, 2 … s (exponential backoff), and if
//!   it still fails, kept for the next sync.
//!
//! HTTP is `ureq` (blocking, rustls): a sync is a loop of small requests, no async runtime.
//! The credentials are never printed or logged; errors name the endpoint, not the key.

use std::time::Duration;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::store::{Queued, Records, RecordsError};

/// Most statements sent in one POST.
pub const BATCH: usize = 50;

/// Where the statements go and who sends them.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Endpoint {
    /// The LRS's xAPI base URL, e.g. `https://lrs.example.com/xAPI/` (the `statements`
    /// resource is under it).
    pub url: String,
    /// The Basic-auth key (user name).
    pub key: String,
    /// The Basic-auth secret.
    pub secret: String,
}

impl std::fmt::Debug for Endpoint {
    /// The secret is never shown, even in a debug print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &self.url)
            .field("key", &self.key)
            .field("secret", &"…")
            .finish()
    }
}

impl Endpoint {
    /// Whether there is somewhere to send to.
    pub fn is_set(&self) -> bool {
        !self.url.trim().is_empty()
    }

    /// The `statements` resource.
    fn statements_url(&self) -> String {
        let base = self.url.trim().trim_end_matches('/');
        format!("{base}/statements")
    }

    fn authorization(&self) -> String {
        let token = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.key, self.secret));
        format!("Basic {token}")
    }
}

/// How long to wait between tries of a request that failed on the network or with a 5xx.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// The first wait; each next one is twice as long.
    pub first: Duration,
    /// Tries of one request in all (the first included).
    pub tries: u32,
    /// Longest a request may take.
    pub timeout: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            first: Duration::from_millis(500),
            tries: 4,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Why a sync stopped before the outbox was empty (everything not sent stays queued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Stopped {
    /// 401 or 403: the LRS refused the credentials.
    Credentials(u16),
    /// The LRS could not be reached, or kept answering with a server error, after every try.
    Unreachable(String),
    /// An answer no LRS should give (a 404 for the statements resource, a redirect …).
    Unexpected(u16, String),
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stopped::Credentials(code) => write!(
                f,
                "the LRS refused the credentials ({code}): check the key and the secret"
            ),
            Stopped::Unreachable(why) => write!(f, "the LRS could not be reached: {why}"),
            Stopped::Unexpected(code, body) => {
                write!(f, "the LRS answered {code}, which no LRS should: {body}")
            }
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// Statements the LRS took now.
    pub sent: usize,
    /// Statements it had already (a 409 with an identical statement stored).
    pub already: usize,
    /// Statements it refused now (400, a different statement under the same id, or too large
    /// alone), with its message.
    pub refused: Vec<(String, String)>,
    /// POSTs made.
    pub requests: usize,
    /// Tries that failed and were made again.
    pub retries: usize,
    /// Statements still waiting afterwards.
    pub waiting: usize,
    /// Why it stopped early, if it did.
    pub stopped: Option<Stopped>,
}

/// The answer to one request.
enum Answer {
    Status(u16, String),
    Network(String),
}

/// The HTTP side, so that a sync can be tried without one (tests of the decisions use the
/// real LRS; this only keeps `ureq` in one place).
struct Client {
    agent: ureq::Agent,
    endpoint: Endpoint,
}

impl Client {
    fn new(endpoint: &Endpoint, backoff: &Backoff) -> Client {
        // No redirects: a redirected POST comes back as a GET without its body or its
        // credentials, and an answer to that must never pass for a delivery.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(backoff.timeout))
            .user_agent(concat!("complaint-dojo/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            endpoint: endpoint.clone(),
        }
    }

    /// An answer's body as text, at most 1 MiB of it.
    fn text(body: ureq::Body) -> String {
        body.into_with_config()
            .limit(1 << 20)
            .read_to_string()
            .unwrap_or_default()
    }

    fn read(resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        match resp {
            Ok(r) => {
                let code = r.status().as_u16();
                Answer::Status(code, Client::text(r.into_body()))
            }
            Err(e) => Answer::Network(e.to_string()),
        }
    }

    /// A GET of the statements resource with `name=value`, the version and credentials.
    fn get_statements(
        &self,
        name: &str,
        value: &str,
    ) -> ureq::RequestBuilder<ureq::typestate::WithoutBody> {
        self.agent
            .get(&self.endpoint.statements_url())
            .query(name, value)
            .header("X-Experience-API-Version", "1.0.3")
            .header("Authorization", &self.endpoint.authorization())
    }

    fn post(&self, body: &str) -> Answer {
        Client::read(
            self.agent
                .post(&self.endpoint.statements_url())
                .header("X-Experience-API-Version", "1.0.3")
                .header("Authorization", &self.endpoint.authorization())
                .header("Content-Type", "application/json")
                .send(body),
        )
    }

    fn get(&self, id: &str) -> Answer {
        Client::read(self.get_statements("statementId", id).call())
    }

    /// A request tried again on a network error or a 5xx, with exponential backoff.
    fn with_retries(
        &self,
        backoff: &Backoff,
        report: &mut SyncReport,
        send: impl Fn(&Client) -> Answer,
    ) -> Answer {
        let mut wait = backoff.first;
        let mut tries = 0;
        loop {
            tries += 1;
            let answer = send(self);
            let transient = match &answer {
                Answer::Network(_) => true,
                Answer::Status(code, _) => *code >= 500,
            };
            if !transient || tries >= backoff.tries.max(1) {
                return answer;
            }
            report.retries += 1;
            std::thread::sleep(wait);
            wait = wait.saturating_mul(2);
        }
    }
}

/// The LRS's own words from an error body (its `message`, or its `warnings`), cut short.
fn lrs_message(code: u16, body: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let said = parsed
        .as_ref()
        .and_then(|v| {
            v.get("message")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    v.get("warnings").and_then(Value::as_array).map(|w| {
                        w.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                })
        })
        .unwrap_or_else(|| body.trim().to_string());
    let said: String = said.chars().take(400).collect();
    format!("{code}: {said}")
}

/// Whether the statement the LRS has stored is the one we sent: every field we sent is
/// there with the same value (the LRS adds `stored`, `authority`, `version` and fills in
/// defaults such as `objectType`, which do not make it another statement).
pub fn same_statement(ours: &Value, stored: &Value) -> bool {
    match (ours, stored) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| same_statement(v, w))),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_statement(x, y))
        }
        (Value::String(a), Value::String(b)) if a != b => {
            // Timestamps may come back in another, equal, form.
            match (a.parse::<jiff::Timestamp>(), b.parse::<jiff::Timestamp>()) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => ours == stored,
    }
}

/// How many statements in a row, each refused alone with the same words, show that the LRS
/// refuses the request rather than them (a version it does not speak, a proxy in the way):
/// then the sync stops and they go back in the queue.
const SAME_REFUSAL: usize = 3;

/// JSON text with every character outside ASCII written as a `\uXXXX` escape: the same
/// JSON, in bytes no server can cut in the middle of a character. (Learning Locker's
/// statement server was seen storing `�` where a Chinese character fell across two network
/// reads.) Outside strings JSON is ASCII already, so escaping every such character is safe.
pub fn ascii_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// Whether a 200's body is what an LRS answers a POST with: the ids of the statements sent.
fn acknowledges(body: &str, part: &[Queued]) -> bool {
    let Ok(Value::Array(ids)) = serde_json::from_str::<Value>(body) else {
        return false;
    };
    ids.len() == part.len()
        && part
            .iter()
            .all(|q| ids.iter().any(|i| i.as_str() == Some(q.id.as_str())))
}

/// Sends every waiting statement in `records`' outbox to `endpoint`. Stops early (keeping
/// the rest queued) on refused credentials or an LRS that stays unreachable.
pub fn sync(
    records: &mut Records,
    endpoint: &Endpoint,
    backoff: &Backoff,
) -> Result<SyncReport, RecordsError> {
    sync_with(records, endpoint, backoff, &mut |_| {})
}

/// [`sync`], calling `progress` after each request the LRS took (a window's status line).
pub fn sync_with(
    records: &mut Records,
    endpoint: &Endpoint,
    backoff: &Backoff,
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<SyncReport, RecordsError> {
    let client = Client::new(endpoint, backoff);
    let mut report = SyncReport::default();
    // Statements set aside in this sync (refused, or failed with a server error after every
    // try) are not fetched again until the next one.
    let mut skip: std::collections::HashSet<String> = std::collections::HashSet::new();
    // The last statements refused alone, if all with the same words.
    let mut same: (String, Vec<String>) = (String::new(), Vec::new());
    'outer: loop {
        let batch: Vec<Queued> = records
            .waiting(BATCH + skip.len())?
            .into_iter()
            .filter(|q| !skip.contains(&q.id))
            .take(BATCH)
            .collect();
        if batch.is_empty() {
            break;
        }
        // A batch is split when the LRS says it is too large (413) or refuses something in
        // it (400); the halves wait here, smallest last.
        let mut pending = vec![batch];
        while let Some(part) = pending.pop() {
            let body = ascii_json(&format!(
                "[{}]",
                part.iter()
                    .map(|q| q.body.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ));
            let ids: Vec<String> = part.iter().map(|q| q.id.clone()).collect();
            report.requests += 1;
            match client.with_retries(backoff, &mut report, |c| c.post(&body)) {
                Answer::Status(200, text) if acknowledges(&text, &part) => {
                    records.mark_delivered(&part)?;
                    report.sent += ids.len();
                    same.1.clear();
                    progress(&report);
                }
                Answer::Status(204, _) => {
                    records.mark_delivered(&part)?;
                    report.sent += ids.len();
                    same.1.clear();
                    progress(&report);
                }
                Answer::Status(200, text) => {
                    let why = format!(
                        "200 without the ids of the statements sent: {}",
                        text.chars().take(200).collect::<String>()
                    );
                    records.mark_attempt(&ids, &why)?;
                    report.stopped = Some(Stopped::Unexpected(200, why));
                    break 'outer;
                }
                Answer::Status(code @ (401 | 403), _) => {
                    report.stopped = Some(Stopped::Credentials(code));
                    break 'outer;
                }
                Answer::Status(code @ (400 | 409 | 413), text) if part.len() > 1 => {
                    // Find the statement it is about by halves; the others go through.
                    let _ = (code, text);
                    let mut part = part;
                    let second = part.split_off(part.len() / 2);
                    pending.push(second);
                    pending.push(part);
                }
                Answer::Status(409, text) => {
                    let q = &part[0];
                    let ours: Value = serde_json::from_str(&q.body).unwrap_or(Value::Null);
                    match client.with_retries(backoff, &mut report, |c| c.get(&q.id)) {
                        Answer::Status(200, stored) => {
                            let stored: Value =
                                serde_json::from_str(&stored).unwrap_or(Value::Null);
                            if same_statement(&ours, &stored) {
                                records.mark_delivered(&part)?;
                                report.already += 1;
                            } else {
                                let why = format!(
                                    "{} (the LRS holds a different statement with this id)",
                                    lrs_message(409, &text)
                                );
                                records.mark_dead(&q.id, &why)?;
                                report.refused.push((q.id.clone(), why));
                                skip.insert(q.id.clone());
                            }
                        }
                        Answer::Status(code @ (401 | 403), _) => {
                            report.stopped = Some(Stopped::Credentials(code));
                            break 'outer;
                        }
                        Answer::Status(code, body) => {
                            let why = lrs_message(code, &body);
                            records.mark_attempt(&ids, &why)?;
                            skip.insert(q.id.clone());
                        }
                        Answer::Network(why) => {
                            records.mark_attempt(&ids, &why)?;
                            report.stopped = Some(Stopped::Unreachable(why));
                            break 'outer;
                        }
                    }
                }
                Answer::Status(code @ (400 | 413), text) => {
                    let q = &part[0];
                    let why = if code == 413 {
                        format!(
                            "{} (too large even alone: {} bytes)",
                            lrs_message(code, &text),
                            q.body.len()
                        )
                    } else {
                        lrs_message(code, &text)
                    };
                    records.mark_dead(&q.id, &why)?;
                    report.refused.push((q.id.clone(), why.clone()));
                    skip.insert(q.id.clone());
                    if same.0 != why {
                        same = (why, Vec::new());
                    }
                    same.1.push(q.id.clone());
                    if same.1.len() >= SAME_REFUSAL {
                        // Refused alike one after another: it is the request, not them.
                        records.revive(&same.1)?;
                        report.refused.retain(|(id, _)| !same.1.contains(id));
                        report.stopped = Some(Stopped::Unexpected(code, same.0.clone()));
                        break 'outer;
                    }
                }
                Answer::Status(code, text) if code >= 500 => {
                    let why = lrs_message(code, &text);
                    records.mark_attempt(&ids, &why)?;
                    report.stopped = Some(Stopped::Unreachable(why));
                    break 'outer;
                }
                Answer::Status(code, text) => {
                    let why = lrs_message(code, &text);
                    records.mark_attempt(&ids, &why)?;
                    report.stopped = Some(Stopped::Unexpected(code, why));
                    break 'outer;
                }
                Answer::Network(why) => {
                    records.mark_attempt(&ids, &why)?;
                    report.stopped = Some(Stopped::Unreachable(why));
                    break 'outer;
                }
            }
        }
    }
    report.waiting = records.outbox()?.waiting;
    Ok(report)
}

/// Tries the endpoint and the credentials without sending anything: GET the statements
/// resource with `limit=1`. Ok with the LRS's version header when it answers 200.
pub fn test_connection(endpoint: &Endpoint, backoff: &Backoff) -> Result<String, Stopped> {
    let client = Client::new(endpoint, backoff);
    match client.get_statements("limit", "1").call() {
        Ok(r) => {
            let code = r.status().as_u16();
            let version = r
                .headers()
                .get("X-Experience-API-Version")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            match code {
                200 => Ok(version),
                401 | 403 => Err(Stopped::Credentials(code)),
                c if c >= 500 => Err(Stopped::Unreachable(format!("{c}"))),
                c => Err(Stopped::Unexpected(
                    c,
                    lrs_message(c, &Client::text(r.into_body())),
                )),
            }
        }
        Err(e) => Err(Stopped::Unreachable(e.to_string())),
    }
}
