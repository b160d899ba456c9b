//! How long a phone's vote takes to reach the instructor's tally: forty simulated phones and
//! a host connection on loopback, the LAN host running as in class. Run by
//! `scripts/measure-classroom.sh`; prints figures, asserts nothing.
//!
//! For every decision of a scenario (played three times): each phone in turn votes and the
//! time until the host receives a tally that counts it is taken; then each phone in turn
//! changes its vote (the same measurement); then all forty change at once and the time until
//! the tally shows every change is taken. Goal: p99 under 100 ms.

use std::net::{IpAddr, Ipv4Addr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use complaint_dojo::catalogue::check;
use complaint_dojo::classroom::Class;
use complaint_dojo::classroom::server::{self, Host, HostConfig};
use complaint_dojo::course::Lang;
use complaint_dojo::library;
use complaint_dojo::sim::{Mode, Session};
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

const PHONES: usize = 40;
const PLAYS: u64 = 3;
/// Between one phone's messages (the server takes about five a second from each).
const PAUSE: Duration = Duration::from_millis(700);

struct Ws(WebSocket<TcpStream>);

impl Ws {
    fn connect(host: &Host, query: &str) -> Ws {
        let stream = TcpStream::connect(host.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.set_nodelay(true).unwrap();
        let url = format!("ws://{}/ws?room={}{query}", host.addr, host.room);
        let (ws, _) = tungstenite::client(url, stream).expect("handshake");
        Ws(ws)
    }

    fn send(&mut self, v: Value) {
        self.0.send(Message::text(v.to_string())).expect("send");
    }

    fn until(&mut self, kind: &str) -> Value {
        loop {
            if let Message::Text(t) = self.0.read().expect("read") {
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                if let Some(x) = v.get(kind) {
                    return x.clone();
                }
            }
        }
    }

    /// Reads host messages until a tally satisfies `done`.
    fn tally_until(&mut self, done: impl Fn(&Value) -> bool) {
        loop {
            let t = self.until("tally");
            if done(&t) {
                return;
            }
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let catalogue =
        Arc::new(check::load_file(&root.join("scenarios/catalogue.ron")).expect("catalogue"));
    let entry = library::load_file(&root.join("scenarios/telecom-data-charge.ron"), &catalogue);
    let engine = entry.engine.expect("the scenario loads");
    let mut single = Vec::new();
    let mut bursts = Vec::new();
    let mut decisions = 0;
    for play in 0..PLAYS {
        let class = Class::new(
            Session::start(engine.clone(), play + 1, Mode::Practice, true),
            Vec::new(),
        )
        .unwrap();
        let config = HostConfig {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            lang: Lang::En,
            vote_secs: None,
        };
        let host = server::start(class, config).expect("the host starts");
        let mut hc = Ws::connect(&host, &format!("&host={}", host.token));
        let mut phones: Vec<Ws> = (0..PHONES)
            .map(|k| {
                let mut p = Ws::connect(&host, "");
                p.until("welcome");
                p.send(json!({"join": {"name": format!("Phone {k}")}}));
                p.until("joined");
                p
            })
            .collect();
        loop {
            hc.send(json!({"open_vote": {}}));
            let mut n = 0;
            for p in phones.iter_mut() {
                n = p.until("decision")["replies"].as_array().unwrap().len();
            }
            decisions += 1;
            // One at a time: each vote until the host's tally counts it.
            for (k, p) in phones.iter_mut().enumerate() {
                let t0 = Instant::now();
                p.send(json!({"vote": {"reply": 1}}));
                hc.tally_until(|t| t["voters"] == k + 1);
                single.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            // Phones may send about five messages a second: pause as a person would.
            std::thread::sleep(PAUSE);
            // One at a time: each change of mind until the tally shows it.
            for (k, p) in phones.iter_mut().enumerate() {
                let t0 = Instant::now();
                p.send(json!({"vote": {"reply": 2}}));
                hc.tally_until(|t| t["counts"][1] == k + 1);
                single.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            std::thread::sleep(PAUSE);
            // All at once: every phone goes back to reply 1 (or the last reply).
            let target = if n > 2 { n } else { 1 };
            let t0 = Instant::now();
            for p in phones.iter_mut() {
                p.send(json!({"vote": {"reply": target}}));
            }
            hc.tally_until(|t| t["counts"][target - 1] == PHONES);
            bursts.push(t0.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(PAUSE);
            hc.send(json!({"lock": {}}));
            hc.send(json!({"reveal": {}}));
            hc.send(json!({"advance": {}}));
            let phase = hc.until("host")["phase"].clone();
            let mut phase = phase;
            while phase == "open" || phase == "locked" || phase == "revealed" {
                phase = hc.until("host")["phase"].clone();
            }
            if phase == "over" {
                break;
            }
        }
        host.stop();
    }
    single.sort_by(f64::total_cmp);
    bursts.sort_by(f64::total_cmp);
    println!(
        "classroom latency, vote → host tally, {PHONES} phones on loopback, {decisions} decisions"
    );
    println!(
        "  one vote at a time: {} samples  p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        single.len(),
        percentile(&single, 0.50),
        percentile(&single, 0.90),
        percentile(&single, 0.99),
        single.last().copied().unwrap_or(0.0)
    );
    println!(
        "  all {PHONES} at once, until the tally shows every vote: {} bursts  p50 {:.2} ms  max {:.2} ms",
        bursts.len(),
        percentile(&bursts, 0.50),
        bursts.last().copied().unwrap_or(0.0)
    );
    println!(
        "  goal: p99 < 100 ms — {}",
        if percentile(&single, 0.99) < 100.0 {
            "met"
        } else {
            "NOT met"
        }
    );
}
