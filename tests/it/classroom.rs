//! The classroom: a class voting on one shared story (ties, silence, teams, hot-seat, names,
//! removal), and the LAN host driven over real loopback sockets by simulated phones, hostile
//! clients included.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use complaint_dojo::classroom::class::{Answer, MAX_PEOPLE};
use complaint_dojo::classroom::names::{self, NameProblem};
use complaint_dojo::classroom::server::{self, Host, HostConfig};
use complaint_dojo::classroom::{Class, ClassError, Phase, report};
use complaint_dojo::course::Lang;
use complaint_dojo::locale::I18n;
use complaint_dojo::sim::{Action, Mode, Session};
use serde_json::{Value, json};
use tungstenite::client::IntoClientRequest;
use tungstenite::http::{HeaderName, HeaderValue};
use tungstenite::{Message, WebSocket};

use crate::common::bundled;

const SCENARIO: &str = "telecom-data-charge";

fn class(teams: &[&str]) -> Class {
    let session = Session::start(bundled(SCENARIO), 7, Mode::Practice, true);
    Class::new(session, teams.iter().map(|t| t.to_string()).collect()).unwrap()
}

fn people(c: &mut Class, n: usize) -> Vec<u32> {
    (0..n)
        .map(|i| c.join(&format!("P{i}"), None, format!("token{i}")).unwrap())
        .collect()
}

// ----- the class itself -----

#[test]
fn a_class_takes_up_to_eight_teams_each_with_its_own_name() {
    let try_teams = |teams: &[&str]| {
        let session = Session::start(bundled(SCENARIO), 7, Mode::Practice, true);
        Class::new(session, teams.iter().map(|t| t.to_string()).collect())
    };
    let nine: Vec<String> = (1..=9).map(|k| format!("T{k}")).collect();
    let nine: Vec<&str> = nine.iter().map(String::as_str).collect();
    assert_eq!(try_teams(&nine).err(), Some(ClassError::Teams));
    assert_eq!(try_teams(&nine[..8]).map(|c| c.teams().len()).ok(), Some(8));
    assert_eq!(try_teams(&["Red", "Red"]).err(), Some(ClassError::Teams));
    // A name that is only control characters cleans to nothing.
    assert_eq!(try_teams(&["Red", "\u{7}"]).err(), Some(ClassError::Teams));
    // One team is the whole room answering as one (hot-seat without teams): the instructor
    // records its reply and it is the room's.
    let mut room = try_teams(&["The room"]).unwrap();
    let best = room.session().best_choice().unwrap();
    room.record(0, Some(best + 1)).unwrap();
    room.lock().unwrap();
    assert_eq!(room.answer(), Answer::Reply(best));
}

#[test]
fn the_room_answer_is_the_plurality_and_a_tie_waits_for_the_instructor() {
    let mut c = class(&[]);
    let p = people(&mut c, 3);
    assert!(matches!(
        c.vote(p[0], 1),
        Err(ClassError::Phase(Phase::Ready))
    ));
    c.open_vote().unwrap();
    c.vote(p[0], 2).unwrap();
    c.vote(p[1], 1).unwrap();
    assert_eq!(c.answer(), Answer::Tie(vec![0, 1]));
    // A vote changes until the lock.
    c.vote(p[2], 1).unwrap();
    c.vote(p[0], 1).unwrap();
    c.vote(p[0], 2).unwrap();
    assert_eq!(c.tally().counts[..2], [2, 1]);
    assert_eq!(c.tally().voters, 3);
    c.lock().unwrap();
    assert!(matches!(
        c.vote(p[1], 2),
        Err(ClassError::Phase(Phase::Locked))
    ));
    let offered = c.replies();
    let round = c.reveal().unwrap().clone();
    assert_eq!(round.chosen, Some(0));
    assert_eq!(round.counts[..2], [2, 1]);
    // What followed starts with the room's reply, in the words shown.
    assert_eq!(round.followed[0].text, offered[0]);
    assert_eq!(c.session().actions(), &[Action::Choose(0)]);

    // A tie: nothing is revealed until the instructor settles it among the tied replies.
    c.advance().unwrap();
    c.open_vote().unwrap();
    c.vote(p[0], 1).unwrap();
    c.vote(p[1], 2).unwrap();
    c.lock().unwrap();
    assert!(matches!(c.reveal(), Err(ClassError::Tied(t)) if t == vec![1, 2]));
    assert!(matches!(c.decide(3), Err(ClassError::NotTied(3))));
    c.decide(2).unwrap();
    let r = c.reveal().unwrap();
    assert_eq!(r.chosen, Some(1));
    assert!(r.tie_broken);
}

#[test]
fn with_no_votes_the_customer_meets_silence() {
    let mut c = class(&[]);
    people(&mut c, 2);
    c.open_vote().unwrap();
    c.lock().unwrap();
    assert_eq!(c.answer(), Answer::Silence);
    let r = c.reveal().unwrap();
    assert_eq!(r.chosen, None);
    assert_eq!(c.session().actions(), &[Action::TimedOut]);
    // Nobody answered, so everyone is scored as silent.
    let s = &c.person_standings()[0].1;
    assert_eq!(s.answered, 0);
    assert_eq!(s.points, c.rounds()[0].silence.points);
}

#[test]
fn a_class_with_the_same_seed_and_votes_replays_exactly() {
    let run = || {
        let mut c = class(&[]);
        let p = people(&mut c, 4);
        let mut k = 0;
        while c.phase() != Phase::Over {
            c.open_vote().unwrap();
            let of = c.replies().len();
            for (i, id) in p.iter().enumerate() {
                c.vote(*id, 1 + (i + k) % of).unwrap();
            }
            c.lock().unwrap();
            if let Answer::Tie(t) = c.answer() {
                c.decide(t[0] + 1).unwrap();
            }
            c.reveal().unwrap();
            c.advance().unwrap();
            k += 1;
        }
        (
            c.session().transcript().to_vec(),
            c.person_standings(),
            c.rounds().len(),
        )
    };
    let (a, b) = (run(), run());
    assert!(a.2 >= 2, "the class played several decisions");
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
}

#[test]
fn each_team_is_scored_on_its_own_reply_and_the_room_follows_the_teams_majority() {
    let mut c = class(&["Red", "Blue", "Green"]);
    // Six people fill the three teams evenly when they name none.
    let p = people(&mut c, 6);
    let sizes: Vec<usize> = (0..3)
        .map(|t| c.people().iter().filter(|x| x.team == Some(t)).count())
        .collect();
    assert_eq!(sizes, [2, 2, 2]);
    c.open_vote().unwrap();
    let best = c.session().best_choice().unwrap();
    let worst = (0..c.replies().len()).find(|&n| n != best).unwrap();
    // Red and Blue say the best reply; Green splits, and its earliest top vote wins.
    for &id in &p {
        let team = c.people()[id as usize].team.unwrap();
        let reply = if team == 2 { worst } else { best };
        c.vote(id, reply + 1).unwrap();
    }
    let green: Vec<u32> = p
        .iter()
        .copied()
        .filter(|&id| c.people()[id as usize].team == Some(2))
        .collect();
    c.vote(green[1], best + 1).unwrap();
    assert_eq!(c.team_answer(2), Some(worst));
    assert_eq!(c.answer(), Answer::Reply(best));
    c.lock().unwrap();
    let r = c.reveal().unwrap().clone();
    assert_eq!(r.team_answers, vec![Some(best), Some(best), Some(worst)]);
    let s = c.team_standings();
    assert_eq!(s[0].points, r.what_if[best].points);
    assert_eq!(s[2].points, r.what_if[worst].points);
    assert_eq!(s[0].with_room, 1);
    assert_eq!(s[2].with_room, 0);
    let total = |x: &[i32; 3]| x.iter().sum::<i32>();
    assert!(total(&s[0].points) >= total(&s[2].points));
}

#[test]
fn hot_seat_records_each_teams_reply_and_the_scoreboard_compares_the_teams() {
    let mut c = class(&["Team A", "Team B"]);
    let mut decisions = 0;
    while c.phase() != Phase::Over {
        let best = c.session().best_choice().unwrap();
        let other = (0..c.replies().len()).find(|&n| n != best).unwrap();
        // Recording a team's reply opens the decision; no phone is involved.
        c.record(0, Some(best + 1)).unwrap();
        assert_eq!(c.phase(), Phase::Open);
        c.record(1, Some(other + 1)).unwrap();
        c.lock().unwrap();
        // One ballot each: a tie, which the instructor settles for Team A's reply.
        assert_eq!(
            c.answer(),
            Answer::Tie({
                let mut t = vec![best, other];
                t.sort();
                t
            })
        );
        c.decide(best + 1).unwrap();
        c.reveal().unwrap();
        c.advance().unwrap();
        decisions += 1;
        assert!(decisions < 50);
    }
    let s = c.team_standings();
    assert_eq!(s[0].answered, decisions);
    assert_eq!(s[0].with_room, decisions);
    assert_eq!(s[1].with_room, 0);
    // Always saying the best reply beats always saying another, on the three rubrics together.
    let sum = |p: [u8; 3]| p.iter().map(|&x| u32::from(x)).sum::<u32>();
    assert!(sum(s[0].percent) > sum(s[1].percent), "{s:#?}");
    // The report lists both teams and every decision.
    let csv = report::csv(&c, Lang::En);
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("team,Team A,"))
            .count(),
        decisions + 1
    );
    let html = report::html(&c, &I18n::default(), Lang::Zh);
    assert!(html.contains("Team B"));
    assert_eq!(html.matches("<h2>轮次").count(), decisions);
    // Saved twice under one name (two classes ending in the same second): nothing is lost.
    let dir = std::env::temp_dir().join(format!("dojo-class-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let first = report::save(&c, &I18n::default(), Lang::En, &dir, "class").unwrap();
    let second = report::save(&c, &I18n::default(), Lang::En, &dir, "class").unwrap();
    assert_eq!(first.len(), 3);
    assert!(second.iter().all(|p| !first.contains(p)), "{second:?}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 6);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&second[2]).unwrap()).unwrap();
    assert_eq!(saved["actions"].as_array().unwrap().len(), decisions);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn names_are_cleaned_filtered_and_made_unique() {
    assert_eq!(names::check("  Li \u{202E}Na\u{200B}  ").unwrap(), "Li Na");
    assert_eq!(names::check("王\n\t小明").unwrap(), "王 小明");
    assert_eq!(names::check(" \u{7} "), Err(NameProblem::Empty));
    assert_eq!(names::check("F.u.c.k"), Err(NameProblem::Blocked));
    assert_eq!(names::check("傻逼一号"), Err(NameProblem::Blocked));
    assert_eq!(names::check("Dickson"), Ok("Dickson".into()));
    assert!(matches!(
        names::check(&"x".repeat(200)),
        Err(NameProblem::TooLong(_))
    ));
    let mut c = class(&[]);
    let a = c.join("Ana", None, "a".into()).unwrap();
    let b = c.join("Ana", None, "b".into()).unwrap();
    assert_eq!(c.people()[a as usize].name, "Ana");
    assert_eq!(c.people()[b as usize].name, "Ana 2");
    c.rename(b, "Bo").unwrap();
    assert_eq!(c.people()[b as usize].name, "Bo");
}

#[test]
fn the_room_takes_sixty_and_a_removed_trainee_neither_votes_nor_comes_back() {
    let mut c = class(&[]);
    let p = people(&mut c, MAX_PEOPLE);
    assert_eq!(c.join("late", None, "late".into()), Err(ClassError::Full));
    assert_eq!(c.resume("token5"), Some(p[5]));
    c.open_vote().unwrap();
    c.vote(p[5], 1).unwrap();
    c.kick(p[5]).unwrap();
    assert_eq!(
        c.tally().voters,
        0,
        "the removed trainee's vote is withdrawn"
    );
    assert!(matches!(c.vote(p[5], 1), Err(ClassError::NoSuchPerson(_))));
    assert_eq!(c.resume("token5"), None);
    // Their place is free again.
    assert!(c.join("late", None, "late".into()).is_ok());
}

// ----- the LAN host over real sockets -----

fn start(teams: &[&str]) -> Host {
    let config = HostConfig {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        lang: Lang::En,
        vote_secs: None,
    };
    server::start(class(teams), config).unwrap()
}

struct Client {
    ws: WebSocket<TcpStream>,
}

fn handshake(
    addr: SocketAddr,
    query: &str,
    headers: &[(&str, &str)],
) -> Result<Client, tungstenite::Error> {
    let mut req = format!("ws://{addr}/ws?{query}")
        .into_client_request()
        .unwrap();
    for (k, v) in headers {
        req.headers_mut().insert(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    match tungstenite::client(req, stream) {
        Ok((ws, _)) => Ok(Client { ws }),
        Err(tungstenite::HandshakeError::Failure(e)) => Err(e),
        Err(tungstenite::HandshakeError::Interrupted(_)) => panic!("blocking handshake"),
    }
}

impl Client {
    fn phone(host: &Host) -> Client {
        let origin = format!("http://{}", host.addr);
        handshake(
            host.addr,
            &format!("room={}", host.room),
            &[("Origin", &origin)],
        )
        .unwrap()
    }

    fn host(host: &Host) -> Client {
        handshake(
            host.addr,
            &format!("room={}&host={}", host.room, host.token),
            &[],
        )
        .unwrap()
    }

    fn send(&mut self, v: Value) {
        self.ws.send(Message::text(v.to_string())).unwrap();
    }

    /// The next JSON message (panics on a timeout or a closed socket).
    fn next(&mut self) -> Value {
        loop {
            match self.ws.read().expect("a message before the timeout") {
                Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
                Message::Close(_) => panic!("closed"),
                _ => {}
            }
        }
    }

    /// Reads until a message named `kind` arrives; every message read on the way is checked
    /// by `seen`.
    fn until(&mut self, kind: &str, mut seen: impl FnMut(&Value)) -> Value {
        loop {
            let m = self.next();
            seen(&m);
            if let Some(v) = m.get(kind) {
                return v.clone();
            }
        }
    }

    fn wait(&mut self, kind: &str) -> Value {
        self.until(kind, |_| {})
    }

    /// Whether the server closed the connection (reading until it does).
    fn closed(&mut self) -> bool {
        loop {
            match self.ws.read() {
                Ok(Message::Close(_)) | Err(_) => return true,
                Ok(_) => {}
            }
        }
    }
}

/// What a phone must never see before the reveal: a tally, points or the best reply.
fn no_score_before_reveal(m: &Value) {
    let kind = m.as_object().unwrap().keys().next().unwrap().as_str();
    assert!(!matches!(kind, "tally" | "host"), "a phone was sent {kind}");
    if kind != "reveal" {
        let s = m.to_string();
        assert!(!s.contains("\"points\"") && !s.contains("\"best\""), "{s}");
    }
}

/// Waits until the host's snapshot satisfies `f`.
fn settle(host: &Host, f: impl Fn(&server::Snapshot) -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !f(&host.snapshot()) {
        assert!(Instant::now() < until, "the host never got there");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn join(host: &Host, name: &str) -> (Client, String) {
    let mut p = Client::phone(host);
    p.wait("welcome");
    p.send(json!({"join": {"name": name}}));
    let joined = p.wait("joined");
    (p, joined["token"].as_str().unwrap().to_string())
}

#[test]
fn forty_phones_join_vote_change_their_votes_reconnect_and_play_to_the_end() {
    let host = start(&[]);
    let mut hc = Client::host(&host);
    let mut phones: Vec<(Client, String)> = (0..40)
        .map(|i| join(&host, &format!("Trainee {i}")))
        .collect();
    settle(&host, |s| s.class.tally().people == 40);
    let mut decisions = 0;
    loop {
        hc.send(json!({"open_vote": {}}));
        // Skip what the host was sent before the vote opened.
        while hc.wait("host")["phase"] != "open" {}
        let mut offered = 0;
        for (p, _) in phones.iter_mut() {
            let d = p.until("decision", no_score_before_reveal);
            offered = d["replies"].as_array().unwrap().len();
            assert!(
                d["replies"][0]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
        }
        // Everyone votes; a third changes their mind.
        for (i, (p, _)) in phones.iter_mut().enumerate() {
            p.send(json!({"vote": {"reply": 1 + i % offered}}));
            assert_eq!(
                p.until("voted", no_score_before_reveal)["reply"],
                1 + i % offered
            );
            if i.is_multiple_of(3) {
                p.send(json!({"vote": {"reply": 1}}));
                p.until("voted", no_score_before_reveal);
            }
        }
        // Five phones reload: a new connection resumes with the token and sees its vote.
        let mine = |i: usize| {
            if i.is_multiple_of(3) {
                1
            } else {
                1 + i % offered
            }
        };
        for (i, (p, token)) in phones.iter_mut().enumerate().take(5) {
            let mut again = Client::phone(&host);
            again.wait("welcome");
            again.send(json!({"resume": {"token": token}}));
            again.wait("joined");
            let d = again.until("decision", no_score_before_reveal);
            assert_eq!(d["vote"], mine(i));
            *p = again;
        }
        // The host saw every change as a tally; the last one counts all forty.
        let mut voters = 0;
        while voters < 40 {
            voters = hc.wait("tally")["voters"].as_u64().unwrap();
        }
        hc.send(json!({"lock": {}}));
        settle(&host, |s| s.class.phase() == Phase::Locked);
        if let Answer::Tie(t) = host.snapshot().class.answer() {
            hc.send(json!({"decide": {"reply": t[0] + 1}}));
        }
        hc.send(json!({"reveal": {}}));
        for (i, (p, _)) in phones.iter_mut().enumerate() {
            let r = p.until("reveal", no_score_before_reveal);
            assert_eq!(r["yours"]["reply"], mine(i));
            assert_eq!(r["points"].as_array().unwrap().len(), offered);
        }
        decisions += 1;
        hc.send(json!({"advance": {}}));
        settle(&host, |s| s.class.phase() != Phase::Revealed);
        if host.snapshot().class.phase() == Phase::Over {
            for (p, _) in phones.iter_mut() {
                p.wait("over");
            }
            break;
        }
        assert!(decisions < 40);
    }
    let snap = host.snapshot();
    assert_eq!(snap.class.rounds().len(), decisions);
    assert!(snap.class.rounds().iter().all(|r| r.votes.len() == 40));
    assert_eq!(snap.online.len(), 40);
}

/// A raw HTTP request; returns the status line and the whole response.
fn http(addr: SocketAddr, request: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    (out.lines().next().unwrap_or("").to_string(), out)
}

fn status(e: tungstenite::Error) -> u16 {
    match e {
        tungstenite::Error::Http(r) => r.status().as_u16(),
        e => panic!("expected an HTTP refusal, got {e}"),
    }
}

#[test]
fn hostile_clients_are_refused_and_change_nothing() {
    let host = start(&[]);
    let addr = host.addr;
    let room = format!("room={}", host.room);
    let (mut honest, _) = join(&host, "Honest");

    // The pages: served for this server's own name, refused for any other (DNS rebinding),
    // never with CORS headers.
    let (line, page) = http(
        addr,
        &format!("GET /?{room} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert!(line.contains("200"), "{line}");
    assert!(!page.to_ascii_lowercase().contains("access-control-allow"));
    assert!(page.contains("textContent"));
    let (line, _) = http(
        addr,
        &format!(
            "GET /?{room} HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
            addr.port()
        ),
    );
    assert!(line.contains("403"), "{line}");
    let (line, _) = http(
        addr,
        "GET /host?token=guess HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(line.contains("403"), "{line}");
    let (line, _) = http(
        addr,
        &format!("GET /host?token=guess HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert!(line.contains("403"), "a wrong host token: {line}");

    // WebSocket upgrades: a foreign Origin, a foreign Host, a wrong host token, a wrong room.
    let foreign = handshake(addr, &room, &[("Origin", "http://evil.example")]);
    assert_eq!(status(foreign.err().unwrap()), 403);
    let rebinding = handshake(addr, &room, &[("Host", "evil.example")]);
    assert_eq!(status(rebinding.err().unwrap()), 403);
    let guessed = handshake(
        addr,
        &format!("{room}&host=00000000000000000000000000000000"),
        &[],
    );
    assert_eq!(status(guessed.err().unwrap()), 403);
    assert_eq!(
        status(handshake(addr, "room=NOPE", &[]).err().unwrap()),
        404
    );

    // A phone that tries to drive the class, sends nonsense, floods, or oversizes.
    let (mut rogue, _) = join(&host, "Rogue");
    for cmd in ["open_vote", "lock", "reveal", "advance"] {
        rogue.send(json!({cmd: {}}));
        assert_eq!(rogue.wait("error")["code"], "not_host");
    }
    rogue.send(json!({"kick": {"id": 0}}));
    assert_eq!(rogue.wait("error")["code"], "not_host");
    rogue.send(json!({"vote": {"reply": 1}}));
    assert_eq!(rogue.wait("error")["code"], "phase");
    rogue.ws.send(Message::text("{not json")).unwrap();
    assert_eq!(rogue.wait("error")["code"], "bad_message");
    assert_eq!(host.snapshot().class.phase(), Phase::Ready);

    let (mut flood, _) = join(&host, "Flood");
    for _ in 0..200 {
        if flood.ws.send(Message::text(r#"{"open_vote":{}}"#)).is_err() {
            break;
        }
    }
    let mut codes = Vec::new();
    while let Ok(Message::Text(t)) = flood.ws.read() {
        let v: Value = serde_json::from_str(t.as_str()).unwrap();
        codes.push(v["error"]["code"].as_str().unwrap_or("").to_string());
    }
    // Beyond the first burst the flood is dropped with a warning, then the connection is
    // closed (the loop above ended); the burst that got through was refused.
    assert!(codes.iter().any(|c| c == "too_fast"), "{codes:?}");
    assert_eq!(host.snapshot().class.phase(), Phase::Ready);
    assert!(
        codes.len() < 60,
        "most of the flood was dropped: {}",
        codes.len()
    );

    let (mut big, _) = join(&host, "Big");
    let name = "x".repeat(2000);
    let _ = big
        .ws
        .send(Message::text(json!({"join": {"name": name}}).to_string()));
    assert!(big.closed(), "an oversized message closes the connection");

    // The host removes a trainee; their phone is told, and their votes no longer count.
    let mut hc = Client::host(&host);
    hc.send(json!({"open_vote": {}}));
    rogue.wait("decision");
    rogue.send(json!({"vote": {"reply": 1}}));
    rogue.wait("voted");
    let rogue_id = host
        .snapshot()
        .class
        .people()
        .iter()
        .find(|p| p.name == "Rogue")
        .unwrap()
        .id;
    hc.send(json!({"kick": {"id": rogue_id}}));
    rogue.wait("kicked");
    rogue.send(json!({"vote": {"reply": 2}}));
    assert_eq!(rogue.wait("error")["code"], "not_joined");
    settle(&host, |s| s.class.tally().voters == 0);

    // The honest phone was never disturbed: it votes and the host counts it.
    honest.until("decision", no_score_before_reveal);
    honest.send(json!({"vote": {"reply": 2}}));
    honest.wait("voted");
    settle(&host, |s| s.class.tally().voters == 1);
    let snap = host.snapshot();
    let names: Vec<&str> = snap
        .class
        .people()
        .iter()
        .filter(|p| !p.kicked)
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        names.contains(&"Honest") && !names.contains(&"Rogue"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.starts_with("xxx")));
}

#[test]
fn the_sixty_first_phone_is_told_the_room_is_full() {
    let host = start(&["Red", "Blue"]);
    let phones: Vec<(Client, String)> = (0..MAX_PEOPLE)
        .map(|i| join(&host, &format!("P{i}")))
        .collect();
    let mut late = Client::phone(&host);
    late.wait("welcome");
    late.send(json!({"join": {"name": "Late"}}));
    assert_eq!(late.wait("error")["code"], "room_full");
    // Team choice is honoured and teams are in the host's view.
    let snap = host.snapshot();
    let red = snap
        .class
        .people()
        .iter()
        .filter(|p| p.team == Some(0))
        .count();
    assert_eq!(red, MAX_PEOPLE / 2);
    drop(phones);
}

/// A simulated phone that joins and, at every decision, votes (reply `(k + decision) % n + 1`)
/// until the scenario ends; returns how many decisions it voted on.
fn autonomous_phone(host: &Host, k: usize) -> std::thread::JoinHandle<usize> {
    let (mut p, _) = join(host, &format!("Sim {k}"));
    p.ws.get_mut()
        .set_read_timeout(Some(Duration::from_secs(300)))
        .unwrap();
    std::thread::spawn(move || {
        let mut voted = 0;
        loop {
            let m = p.next();
            no_score_before_reveal(&m);
            if let Some(d) = m.get("decision") {
                let n = d["replies"].as_array().unwrap().len();
                let decision = d["decision"].as_u64().unwrap() as usize;
                p.send(json!({"vote": {"reply": (k + decision) % n + 1}}));
                voted += 1;
            }
            if m.get("over").is_some() {
                return voted;
            }
        }
    })
}

/// The whole class in a real browser: Debian's chromium (through Playwright, see
/// `scripts/browser-class.py`) is the instructor's host page and one phone, beside forty
/// simulated phones, from the lobby to the ending, in both languages (English in team mode,
/// the browser's phone choosing the second team). Needs `chromium`,
/// `zbar-tools` and Python's `playwright` (CI installs them); the screenshots land in
/// `target/classroom-screenshots/`.
#[test]
#[ignore = "needs chromium, zbarimg and Python playwright (run by CI with --include-ignored)"]
fn a_real_browser_and_forty_simulated_phones_run_a_class_end_to_end() {
    let out = crate::common::root().join("target/classroom-screenshots");
    for lang in [Lang::Zh, Lang::En] {
        let config = HostConfig {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            lang,
            vote_secs: None,
        };
        let teams: &[&str] = if lang == Lang::En {
            &["Red", "Blue"]
        } else {
            &[]
        };
        let host = server::start(class(teams), config).unwrap();
        let phones: Vec<_> = (0..40).map(|k| autonomous_phone(&host, k)).collect();
        let code = if lang == Lang::Zh { "zh" } else { "en" };
        let mut script = std::process::Command::new("python3");
        script
            .arg(crate::common::root().join("scripts/browser-class.py"))
            .args([&host.join_url, &host.host_url])
            .arg(&out)
            .args([code, "40"]);
        if !teams.is_empty() {
            script.arg("2");
        }
        let status = script.status().expect("python3 runs");
        assert!(status.success(), "the browser run failed ({lang:?})");
        let decisions = host.snapshot().class.rounds().len();
        for p in phones {
            assert_eq!(p.join().unwrap(), decisions);
        }
        let snap = host.snapshot();
        assert_eq!(snap.class.phase(), Phase::Over);
        assert!(snap.class.rounds().iter().all(|r| r.votes.len() == 41));
        if !teams.is_empty() {
            let browser = snap
                .class
                .people()
                .iter()
                .find(|p| p.name == "Browser phone");
            assert_eq!(
                browser.and_then(|p| p.team),
                Some(1),
                "the browser chose Blue"
            );
            assert_eq!(snap.class.team_standings().len(), 2);
        }
    }
}
