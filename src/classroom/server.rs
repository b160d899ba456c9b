//! The LAN host: phones join a room with a short code and vote from their browsers; the
//! instructor drives the class from the window or from the host page.
//!
//! axum serves three pages and one WebSocket on a tokio current-thread runtime on its own
//! thread. One task (the room) owns the [`Class`]; every connection and the window talk to it
//! through channels, so there are no locks around the class. The window (or a test) gets a
//! fresh [`Snapshot`] through a `watch` channel after every change.
//!
//! A LAN service trusts no client:
//! * the `Host` header must be one of the addresses the server is bound to (DNS rebinding);
//! * a WebSocket's `Origin`, when sent (browsers always send it), must match its `Host`;
//! * no CORS headers are ever sent;
//! * messages over [`MAX_MESSAGE`] bytes close the connection (axum's default is 64 MiB);
//! * each phone may send about [`RATE_PER_SEC`] messages a second (a burst of
//!   [`RATE_BURST`]; the host twenty times that); beyond that messages are dropped, and a
//!   flood closes the connection;
//! * at most [`super::class::MAX_PEOPLE`] people join ("room full") and at most
//!   [`MAX_CONNECTIONS`] sockets are open;
//! * only a connection that presents the host token (drawn from the OS random source) can
//!   drive the class; resume tokens come from the same source;
//! * phones get no score, tally or best reply before the reveal; the phone page inserts every
//!   text with `textContent`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use super::class::{Class, ClassError, PersonId, Phase};
use super::protocol::{self, ClientMsg, ServerMsg};
use crate::course::Lang;
use crate::locale::I18n;

/// The largest message a client may send, in bytes.
pub const MAX_MESSAGE: usize = 1024;
/// Messages per second a connection may send on average.
pub const RATE_PER_SEC: f64 = 5.0;
/// Messages a connection may send at once.
pub const RATE_BURST: f64 = 10.0;
/// Messages dropped for speed before the connection is closed.
pub const FLOOD_LIMIT: u32 = 50;
/// Open sockets at most (phones that reload briefly hold two).
pub const MAX_CONNECTIONS: usize = 100;
/// Messages queued for one slow connection before it is dropped.
const OUTBOX: usize = 256;

/// How to run the host.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// Address to bind (default all interfaces, so that phones on the LAN reach it).
    pub bind: IpAddr,
    /// Port (0 picks a free one).
    pub port: u16,
    /// The room's language (phone page, texts).
    pub lang: Lang,
    /// Seconds each vote stays open before it locks by itself (none: the instructor locks).
    pub vote_secs: Option<u32>,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 0,
            lang: Lang::Zh,
            vote_secs: None,
        }
    }
}

/// The class as it stands, for the window and tests.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The class.
    pub class: Class,
    /// Participants with a phone connected now.
    pub online: Vec<PersonId>,
    /// Seconds left on the vote timer.
    pub seconds_left: Option<u64>,
    /// The last refusal of a host command.
    pub error: Option<String>,
    /// Counts changes.
    pub version: u64,
}

/// A running host. Dropping it stops the server.
pub struct Host {
    /// The room code.
    pub room: String,
    /// What phones open (`…/?room=CODE`).
    pub join_url: String,
    /// The instructor's page (`…/host?room=CODE&token=…`).
    pub host_url: String,
    /// The host token.
    pub token: String,
    /// The address actually bound.
    pub addr: SocketAddr,
    events: mpsc::UnboundedSender<Event>,
    /// The class after every change.
    pub view: watch::Receiver<Arc<Snapshot>>,
    thread: Option<std::thread::JoinHandle<()>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    waker: Waker,
}

/// Called after every change, from the server's thread (the window wakes itself with it).
type Waker = Arc<std::sync::Mutex<Option<Box<dyn Fn() + Send + Sync>>>>;

impl Host {
    /// Calls `f` (on the server's thread) after every change, so that a window can wake up
    /// instead of polling.
    pub fn on_change(&self, f: impl Fn() + Send + Sync + 'static) {
        if let Ok(mut w) = self.waker.lock() {
            *w = Some(Box::new(f));
        }
    }

    /// Sends a host command, as the host page would (the result shows in the next snapshot).
    pub fn command(&self, msg: ClientMsg) {
        let _ = self.events.send(Event::Window(msg));
    }

    /// The latest snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.view.borrow().clone()
    }

    /// Stops the server and waits for its thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("room", &self.room)
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Why the host could not start.
#[derive(Debug)]
pub enum HostError {
    /// Binding the port failed.
    Bind(std::io::Error),
    /// The OS random source failed.
    Random,
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::Bind(e) => write!(f, "cannot listen: {e}"),
            HostError::Random => f.write_str("the system's random source failed"),
        }
    }
}

impl std::error::Error for HostError {}

/// Hex of `n` random bytes from the OS.
fn random_hex(n: usize) -> Result<String, HostError> {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b).map_err(|_| HostError::Random)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// A room code: four characters without look-alikes (no 0/O, 1/I).
fn room_code() -> Result<String, HostError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).map_err(|_| HostError::Random)?;
    Ok(b.iter()
        .map(|x| ALPHABET[usize::from(*x) % ALPHABET.len()] as char)
        .collect())
}

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authority(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("{v4}:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    }
}

/// The `Host` values accepted: every address the server is reachable at, with the port.
fn allowed_hosts(bind: IpAddr, port: u16) -> (Vec<String>, IpAddr) {
    let mut ips: Vec<IpAddr> = Vec::new();
    if bind.is_unspecified() {
        if let Ok(ifaces) = if_addrs::get_if_addrs() {
            ips.extend(
                ifaces
                    .iter()
                    .map(|i| i.ip())
                    .filter(|ip| bind.is_ipv6() || ip.is_ipv4()),
            );
        }
        ips.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
    } else {
        ips.push(bind);
    }
    // The address to print for phones: the first LAN address, else the bound one.
    let lan = ips
        .iter()
        .copied()
        .find(|ip| !ip.is_loopback() && ip.is_ipv4())
        .or_else(|| ips.iter().copied().find(|ip| !ip.is_loopback()))
        .unwrap_or(ips[0]);
    let mut hosts: Vec<String> = ips.iter().map(|&ip| authority(ip, port)).collect();
    if ips.iter().any(IpAddr::is_loopback) {
        hosts.push(format!("localhost:{port}"));
    }
    if port == 80 {
        let bare: Vec<String> = hosts
            .iter()
            .filter_map(|h| h.strip_suffix(":80").map(str::to_string))
            .collect();
        hosts.extend(bare);
    }
    hosts.sort();
    hosts.dedup();
    (hosts, lan)
}

/// Starts the host for `class` and returns once it listens.
pub fn start(class: Class, config: HostConfig) -> Result<Host, HostError> {
    let listener = TcpListener::bind((config.bind, config.port)).map_err(HostError::Bind)?;
    listener.set_nonblocking(true).map_err(HostError::Bind)?;
    let addr = listener.local_addr().map_err(HostError::Bind)?;
    let (hosts, lan) = allowed_hosts(config.bind, addr.port());
    let room = room_code()?;
    let token = random_hex(16)?;
    let join_url = format!("http://{}/?room={room}", authority(lan, addr.port()));
    let host_ip = if hosts.iter().any(|h| h.starts_with("127.0.0.1:")) {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        lan
    };
    let host_url = format!(
        "http://{}/host?room={room}&token={token}",
        authority(host_ip, addr.port())
    );
    let (events, rx) = mpsc::unbounded_channel();
    let first = Arc::new(Snapshot {
        class: class.clone(),
        online: Vec::new(),
        seconds_left: None,
        error: None,
        version: 0,
    });
    let (view_tx, view) = watch::channel(first);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let i18n = I18n::default();
    let waker: Waker = Arc::default();
    let shared = Arc::new(Shared {
        room: room.clone(),
        token: token.clone(),
        hosts,
        events: events.clone(),
        conns: AtomicUsize::new(0),
        next_conn: AtomicU64::new(1),
        phone_page: super::pages::phone(&i18n, config.lang, &room),
        host_page: super::pages::host(&i18n, config.lang, &join_url),
    });
    let room_task = Room {
        class,
        lang: config.lang,
        room: room.clone(),
        join_url: join_url.clone(),
        conns: HashMap::new(),
        view: view_tx,
        vote_secs: config.vote_secs,
        deadline: None,
        version: 0,
        error: None,
        i18n,
        waker: waker.clone(),
    };
    let thread = std::thread::Builder::new()
        .name("classroom-host".into())
        .spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                // Small messages go out at once (Nagle's algorithm would hold a tally back
                // for a delayed ACK: 40 ms on Linux).
                let listener = listener.tap_io(|tcp| {
                    let _ = tcp.set_nodelay(true);
                });
                let app = Router::new()
                    .route("/", get(phone_page))
                    .route("/host", get(host_page))
                    .route("/ws", get(socket))
                    .layer(middleware::from_fn_with_state(shared.clone(), check_host))
                    .with_state(shared);
                tokio::spawn(room_task.run(rx));
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stop_rx.await;
                    })
                    .await;
            });
        })
        .map_err(HostError::Bind)?;
    Ok(Host {
        room,
        join_url,
        host_url,
        token,
        addr,
        events,
        view,
        thread: Some(thread),
        stop: Some(stop_tx),
        waker,
    })
}

struct Shared {
    room: String,
    token: String,
    hosts: Vec<String>,
    events: mpsc::UnboundedSender<Event>,
    conns: AtomicUsize,
    next_conn: AtomicU64,
    phone_page: String,
    host_page: String,
}

type ConnId = u64;

enum Event {
    Connected {
        conn: ConnId,
        host: bool,
        tx: mpsc::Sender<String>,
    },
    Message {
        conn: ConnId,
        msg: ClientMsg,
    },
    Closed {
        conn: ConnId,
    },
    Window(ClientMsg),
}

fn refuse(status: StatusCode, why: &'static str) -> Response {
    (status, why).into_response()
}

/// Every request: the `Host` header must name this server (no DNS rebinding).
async fn check_host(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !shared.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return refuse(StatusCode::FORBIDDEN, "unknown host\n");
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        h.insert(name, header::HeaderValue::from_static(value));
    }
    res
}

const CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
                   img-src data:; connect-src 'self'; base-uri 'none'; \
                   form-action 'none'";

fn page(html: &str) -> Response {
    let mut res = Html(html.to_string()).into_response();
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP),
    );
    res
}

async fn phone_page(State(shared): State<Arc<Shared>>) -> Response {
    page(&shared.phone_page)
}

async fn host_page(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let token = q.get("token").map(String::as_str).unwrap_or("");
    if !same_secret(token, &shared.token) {
        return refuse(StatusCode::FORBIDDEN, "wrong host token\n");
    }
    page(&shared.host_page)
}

/// `GET /ws?room=CODE[&host=TOKEN]`.
async fn socket(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    // A browser always sends Origin; it must be this server (no other site's page may drive
    // the room). Clients that are not browsers send none.
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let origin_authority = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .unwrap_or("\u{0}");
        if !origin_authority.eq_ignore_ascii_case(host) {
            return refuse(StatusCode::FORBIDDEN, "foreign origin\n");
        }
    }
    if q.get("room").map(String::as_str) != Some(shared.room.as_str()) {
        return refuse(StatusCode::NOT_FOUND, "no such room\n");
    }
    let host = match q.get("host") {
        Some(t) if same_secret(t, &shared.token) => true,
        Some(_) => return refuse(StatusCode::FORBIDDEN, "wrong host token\n"),
        None => false,
    };
    if shared.conns.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
        shared.conns.fetch_sub(1, Ordering::SeqCst);
        return refuse(StatusCode::SERVICE_UNAVAILABLE, "room full\n");
    }
    let guard = ConnGuard(shared.clone());
    let conn = shared.next_conn.fetch_add(1, Ordering::SeqCst);
    ws.max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |socket| connection(socket, conn, host, guard))
}

struct ConnGuard(Arc<Shared>);

impl Drop for ConnGuard {
    fn drop(&mut self) {
        self.0.conns.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A token bucket: [`RATE_PER_SEC`] a second, bursts of [`RATE_BURST`].
struct Bucket {
    tokens: f64,
    at: Instant,
    /// 1 for phones; more for the host.
    speed: f64,
}

impl Bucket {
    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * RATE_PER_SEC * self.speed;
        self.tokens = (self.tokens + refill).min(RATE_BURST * self.speed);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn encode(msg: &ServerMsg) -> String {
    serde_json::to_string(msg).unwrap_or_else(|_| "{}".into())
}

fn error(code: &'static str, message: impl Into<String>) -> ServerMsg {
    ServerMsg::Error {
        code,
        message: message.into(),
    }
}

async fn connection(mut socket: WebSocket, conn: ConnId, host: bool, guard: ConnGuard) {
    let shared = guard.0.clone();
    let (tx, mut rx) = mpsc::channel::<String>(OUTBOX);
    if shared
        .events
        .send(Event::Connected {
            conn,
            host,
            tx: tx.clone(),
        })
        .is_err()
    {
        return;
    }
    // The host (who holds the token) may click through a class as fast as a script can.
    let speed = if host { 20.0 } else { 1.0 };
    let mut bucket = Bucket {
        tokens: RATE_BURST * speed,
        at: Instant::now(),
        speed,
    };
    let mut dropped = 0u32;
    let mut warned: Option<Instant> = None;
    loop {
        tokio::select! {
            out = rx.recv() => {
                let Some(text) = out else { break };
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => {
                let Some(Ok(msg)) = incoming else { break };
                let text = match msg {
                    Message::Text(t) => t,
                    Message::Close(_) => break,
                    Message::Ping(_) | Message::Pong(_) => continue,
                    Message::Binary(_) => {
                        if !bucket.take() { dropped += 1; }
                        let _ = tx.try_send(encode(&error("bad_message", "send JSON text")));
                        continue;
                    }
                };
                if !bucket.take() {
                    dropped += 1;
                    if dropped > FLOOD_LIMIT {
                        break;
                    }
                    if warned.is_none_or(|w| w.elapsed() > Duration::from_secs(1)) {
                        warned = Some(Instant::now());
                        let _ = tx.try_send(encode(&error("too_fast", "too many messages: slow down")));
                    }
                    continue;
                }
                match serde_json::from_str::<ClientMsg>(text.as_str()) {
                    Ok(msg) => {
                        if shared.events.send(Event::Message { conn, msg }).is_err() {
                            break;
                        }
                    }
                    Err(_) => {
                        let _ = tx.try_send(encode(&error("bad_message", "not a message this server knows")));
                    }
                }
            }
        }
    }
    let _ = shared.events.send(Event::Closed { conn });
    drop(guard);
}

struct Conn {
    tx: mpsc::Sender<String>,
    host: bool,
    person: Option<PersonId>,
}

/// The task that owns the class.
struct Room {
    class: Class,
    lang: Lang,
    room: String,
    join_url: String,
    conns: HashMap<ConnId, Conn>,
    view: watch::Sender<Arc<Snapshot>>,
    vote_secs: Option<u32>,
    deadline: Option<Instant>,
    version: u64,
    error: Option<String>,
    i18n: I18n,
    waker: Waker,
}

impl Room {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Event>) {
        loop {
            let deadline = self.deadline;
            let event = tokio::select! {
                e = rx.recv() => match e { Some(e) => Some(e), None => return },
                _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => None,
            };
            match event {
                Some(e) => self.handle(e),
                None => {
                    // The vote timer ran out: lock (no votes → silence at the reveal).
                    self.deadline = None;
                    if self.class.phase() == Phase::Open {
                        let _ = self.class.lock();
                        self.after_phase_change();
                    }
                }
            }
        }
    }

    fn send(&mut self, conn: ConnId, msg: &ServerMsg) {
        let text = encode(msg);
        if let Some(c) = self.conns.get(&conn)
            && c.tx.try_send(text).is_err()
        {
            // A client that cannot keep up is dropped; it may reconnect and resume.
            self.conns.remove(&conn);
        }
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Connected { conn, host, tx } => {
                self.conns.insert(
                    conn,
                    Conn {
                        tx,
                        host,
                        person: None,
                    },
                );
                if host {
                    self.update_host();
                } else {
                    let scenario = self.class.session().engine().scenario().clone();
                    let welcome = ServerMsg::Welcome {
                        room: self.room.clone(),
                        title: scenario.title.get(self.lang).to_string(),
                        lang: protocol::lang_code(self.lang),
                        teams: self.class.teams().to_vec(),
                        max_name: super::names::max_chars(),
                    };
                    self.send(conn, &welcome);
                }
            }
            Event::Closed { conn } => {
                if let Some(c) = self.conns.remove(&conn)
                    && c.person.is_some()
                {
                    self.update_host();
                }
            }
            Event::Message { conn, msg } => self.message(conn, msg),
            Event::Window(msg) => self.host_command(msg),
        }
    }

    fn message(&mut self, conn: ConnId, msg: ClientMsg) {
        let Some(c) = self.conns.get(&conn) else {
            return;
        };
        let (is_host, person) = (c.host, c.person);
        if msg.is_host_only() {
            if is_host {
                self.host_command(msg);
            } else {
                self.send(conn, &error("not_host", "only the instructor can do that"));
            }
            return;
        }
        if is_host {
            self.send(conn, &error("bad_message", "the host does not vote"));
            return;
        }
        match msg {
            ClientMsg::Join { name, team } => {
                if let Some(id) = person {
                    // Already in: say so again.
                    self.joined(conn, id, None);
                    return;
                }
                let Ok(token) = random_hex(16) else {
                    self.send(conn, &error("name", "the server cannot make a token"));
                    return;
                };
                match self
                    .class
                    .join(&name, team.map(|t| t.wrapping_sub(1)), token.clone())
                {
                    Ok(id) => {
                        self.joined(conn, id, Some(token));
                        self.update_host();
                    }
                    Err(e) => {
                        let code = match e {
                            ClassError::Full => "room_full",
                            ClassError::NoSuchTeam(_) => "no_such_team",
                            _ => "name",
                        };
                        let text = self.refusal(&e);
                        self.send(conn, &error(code, text));
                    }
                }
            }
            ClientMsg::Resume { token } => match self.class.resume(&token) {
                Some(id) => {
                    self.joined(conn, id, Some(token));
                    self.update_host();
                }
                None => self.send(
                    conn,
                    &error(
                        "unknown_token",
                        "that token is not in this room: join again",
                    ),
                ),
            },
            ClientMsg::Vote { reply } => {
                let Some(id) = person else {
                    self.send(conn, &error("not_joined", "join first"));
                    return;
                };
                match self.class.vote(id, reply) {
                    Ok(()) => {
                        self.send(conn, &ServerMsg::Voted { reply });
                        self.update_host_tally();
                    }
                    Err(ClassError::NoSuchPerson(_)) => {
                        self.send(conn, &ServerMsg::Kicked {});
                    }
                    Err(e) => {
                        let code = match e {
                            ClassError::NoSuchReply(..) => "no_such_reply",
                            _ => "phase",
                        };
                        let text = self.refusal(&e);
                        self.send(conn, &error(code, text));
                    }
                }
            }
            _ => {}
        }
    }

    fn refusal(&self, e: &ClassError) -> String {
        let key = match e {
            ClassError::Full => "class-error-full",
            ClassError::Name(super::names::NameProblem::Blocked) => "class-error-name-blocked",
            ClassError::Name(super::names::NameProblem::Empty) => "class-error-name-empty",
            ClassError::Name(super::names::NameProblem::TooLong(_)) => "class-error-name-long",
            ClassError::Phase(_) => "class-error-phase",
            _ => return e.to_string(),
        };
        self.i18n.t(self.lang, key)
    }

    /// Tells a phone who it is and what to show now.
    fn joined(&mut self, conn: ConnId, id: PersonId, token: Option<String>) {
        // One phone per person: an older connection of the same person is told it was replaced.
        let older: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(k, c)| **k != conn && c.person == Some(id))
            .map(|(k, _)| *k)
            .collect();
        for k in older {
            if let Some(c) = self.conns.get_mut(&k) {
                c.person = None;
            }
        }
        if let Some(c) = self.conns.get_mut(&conn) {
            c.person = Some(id);
        }
        let p = &self.class.people()[id as usize];
        let msg = ServerMsg::Joined {
            token: token.unwrap_or_default(),
            id,
            name: p.name.clone(),
            team: p.team.map(|t| self.class.teams()[t].clone()),
        };
        self.send(conn, &msg);
        let state = protocol::phone_state(&self.class, id, self.lang);
        self.send(conn, &state);
    }

    fn host_command(&mut self, msg: ClientMsg) {
        let before = self.class.phase();
        let result = protocol::apply_host_command(&mut self.class, &msg);
        match &msg {
            ClientMsg::Kick { id } if result.is_ok() => {
                let conns: Vec<ConnId> = self
                    .conns
                    .iter()
                    .filter(|(_, c)| c.person == Some(*id))
                    .map(|(k, _)| *k)
                    .collect();
                for k in conns {
                    self.send(k, &ServerMsg::Kicked {});
                    if let Some(c) = self.conns.get_mut(&k) {
                        c.person = None;
                    }
                }
            }
            ClientMsg::Rename { id, .. } if result.is_ok() => self.resend_joined(*id),
            _ => {}
        }
        self.error = result.err().map(|e| e.to_string());
        if let Some(e) = &self.error {
            let e = e.clone();
            for k in self.host_conns() {
                self.send(k, &error("refused", e.clone()));
            }
        }
        if self.class.phase() != before {
            self.after_phase_change();
        } else {
            self.update_host();
        }
    }

    fn resend_joined(&mut self, id: PersonId) {
        let conns: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(_, c)| c.person == Some(id))
            .map(|(k, _)| *k)
            .collect();
        for k in conns {
            self.joined(k, id, None);
        }
    }

    /// Every phone gets what it should show now; the vote timer starts when a vote opens.
    fn after_phase_change(&mut self) {
        self.deadline = match (self.class.phase(), self.vote_secs) {
            (Phase::Open, Some(s)) => Some(Instant::now() + Duration::from_secs(u64::from(s))),
            _ => None,
        };
        let phones: Vec<(ConnId, PersonId)> = self
            .conns
            .iter()
            .filter_map(|(k, c)| c.person.map(|p| (*k, p)))
            .collect();
        for (k, p) in phones {
            let state = protocol::phone_state(&self.class, p, self.lang);
            self.send(k, &state);
        }
        self.update_host();
    }

    fn online(&self) -> Vec<PersonId> {
        let mut v: Vec<PersonId> = self.conns.values().filter_map(|c| c.person).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn seconds_left(&self) -> Option<u64> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs())
    }

    /// After a vote: the host connections get the tally (small, so that forty phones voting
    /// at once never back up the projector); the window a snapshot.
    fn update_host_tally(&mut self) {
        self.publish(false);
    }

    /// After any other change: the host connections get the tally and the projector view;
    /// the window a snapshot.
    fn update_host(&mut self) {
        self.publish(true);
    }

    /// The instructor's connections.
    fn host_conns(&self) -> Vec<ConnId> {
        self.conns
            .iter()
            .filter(|(_, c)| c.host)
            .map(|(k, _)| *k)
            .collect()
    }

    fn publish(&mut self, full: bool) {
        self.version += 1;
        let online = self.online();
        let seconds_left = self.seconds_left();
        let hosts = self.host_conns();
        if !hosts.is_empty() {
            let tally = protocol::tally(self.class.tally());
            let view = full.then(|| {
                ServerMsg::Host(Box::new(protocol::host_view(
                    &self.class,
                    self.lang,
                    &self.room,
                    &self.join_url,
                    &online,
                    seconds_left,
                )))
            });
            for k in hosts {
                self.send(k, &tally);
                if let Some(view) = &view {
                    self.send(k, view);
                }
            }
        }
        self.view.send_replace(Arc::new(Snapshot {
            class: self.class.clone(),
            online,
            seconds_left,
            error: self.error.clone(),
            version: self.version,
        }));
        if let Ok(w) = self.waker.lock()
            && let Some(f) = w.as_ref()
        {
            f();
        }
    }
}
