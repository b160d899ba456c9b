//! A trainee's records: sessions kept across runs, replayable, safe from a crash and from a
//! damaged file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use complaint_dojo::library;
use complaint_dojo::records::{Context, Records, SessionRecord, Status};
use complaint_dojo::sim::{Action, Engine, Mode, Session};

use crate::common::{catalogue, root};

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dojo-records-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A bundled scenario loaded as the library loads it (so it carries its file's revision).
fn scenario(id: &str) -> Arc<Engine> {
    let entry = library::load_file(
        &root().join(format!("scenarios/{id}.ron")),
        &Arc::new(catalogue()),
    );
    entry.engine.expect("bundled scenario loads")
}

/// Plays `engine` with the best reply `best` times (all the way with `usize::MAX`).
fn played(engine: &Arc<Engine>, seed: u64, mode: Mode, best: usize) -> Session {
    let mut s = Session::start(engine.clone(), seed, mode, true);
    for _ in 0..best {
        let Some(n) = s.best_choice() else { break };
        s.act(Action::Choose(n)).unwrap();
    }
    s
}

fn record_of(s: &Session, trainee: &str, started_ms: i64) -> SessionRecord {
    let cx = Context {
        trainee: trainee.into(),
        started_ms,
        duration_ms: 90_000,
        hints: 1,
        seconds: vec![4.5; s.turns().len()],
        ..Default::default()
    };
    SessionRecord::of(s, complaint_dojo::records::new_uuid(), &cx)
}

#[test]
fn sessions_are_kept_across_runs_newest_first_and_replay_exactly() {
    let dir = scratch("keep");
    let path = dir.join("records.sqlite");
    let telecom = scenario("telecom-data-charge");
    let delay = scenario("airport-flight-delay");
    let finished = played(&telecom, 3, Mode::Practice, usize::MAX);
    let assessed = played(&delay, 4, Mode::Assessment, usize::MAX);
    let left = played(&telecom, 5, Mode::Practice, 2);
    let first = record_of(&finished, "Li Na", 1_000);
    {
        let mut r = Records::open(&path).unwrap();
        assert!(r.set_aside.is_none());
        r.records.record(&first, None).unwrap();
        r.records
            .record(&record_of(&assessed, "Li Na", 2_000), None)
            .unwrap();
        r.records
            .record(&record_of(&left, "王伟", 3_000), None)
            .unwrap();
    }
    // A new run: the store is opened afresh.
    let r = Records::open(&path).unwrap().records;
    let all = r.history(None).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].trainee, "王伟");
    assert_eq!(all[0].status, "abandoned");
    assert_eq!(all[0].scores, None);
    assert_eq!(all[0].decisions, 2);
    assert_eq!(all[2].scenario, "telecom-data-charge");
    assert_eq!(all[2].status, "completed");
    assert_eq!(all[2].passed, Some(true));
    let li = r.history(Some("Li Na")).unwrap();
    assert_eq!(li.len(), 2);
    assert_eq!(li[0].mode, "assessment");
    let trainees = r.trainees().unwrap();
    assert_eq!(trainees.len(), 2);
    // The whole record comes back, and its seed and actions replay the same session.
    let back = r.session(all[2].id).unwrap().unwrap();
    assert_eq!(back, first);
    assert_eq!(back.revision.len(), 64);
    assert_eq!(back.status, Status::Completed);
    let again = Session::replay_with(
        telecom.clone(),
        back.seed,
        back.mode,
        back.shuffled,
        &back.actions,
    )
    .unwrap();
    let three = again.scores().iter().map(|s| s.score).collect::<Vec<_>>();
    assert_eq!(three, back.scores.unwrap().to_vec());
    assert_eq!(again.transcript(), finished.transcript());
    // Every decision's assessment is there, in order.
    assert_eq!(back.decisions.len(), finished.turns().len());
    assert!(
        back.decisions[0]
            .notes
            .iter()
            .any(|n| n.starts_with("Technique:"))
    );
    // Recording the same play-through again replaces it: never two copies.
    let mut r = r;
    r.record(&first, None).unwrap();
    assert_eq!(r.history(None).unwrap().len(), 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn trainees_are_renamed_and_deleted_with_their_sessions() {
    let dir = scratch("trainees");
    let mut r = Records::open(&dir.join("records.sqlite")).unwrap().records;
    let telecom = scenario("telecom-data-charge");
    r.record(
        &record_of(&played(&telecom, 1, Mode::Practice, 3), "Sam", 1),
        None,
    )
    .unwrap();
    r.add_trainee("Ana").unwrap();
    assert!(
        r.rename_trainee("Sam", "Ana").is_err(),
        "a name already taken"
    );
    r.rename_trainee("Sam", "Samuel").unwrap();
    assert_eq!(r.history(Some("Samuel")).unwrap().len(), 1);
    assert!(r.history(Some("Sam")).is_err());
    r.delete_trainee("Samuel").unwrap();
    assert!(r.history(None).unwrap().is_empty());
    assert!(r.add_trainee("  ").is_err());
    assert!(r.add_trainee("a\u{7}b").is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Opens `path` and expects it to have been moved aside, its bytes kept.
fn expect_set_aside(path: &Path, bytes_before: &[u8], why_contains: &str) {
    let opened = Records::open(path).unwrap();
    let (aside, why) = opened.set_aside.expect("the unusable store is moved aside");
    assert!(why.contains(why_contains), "{why}");
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("records.sqlite.unreadable-"),
        "{}",
        aside.display()
    );
    // (Not assert_eq: a failure would print megabytes.)
    assert!(
        std::fs::read(&aside).unwrap() == bytes_before,
        "kept exactly as it was"
    );
    // And a fresh store works.
    let mut r = opened.records;
    let s = played(&scenario("telecom-data-charge"), 1, Mode::Practice, 2);
    r.record(&record_of(&s, "After", 1), None).unwrap();
    assert_eq!(r.history(None).unwrap().len(), 1);
}

#[test]
fn a_damaged_foreign_or_newer_store_is_moved_aside_and_kept() {
    let dir = scratch("aside");
    // Not SQLite at all.
    let path = dir.join("records.sqlite");
    let junk = b"this is not a database, it is a shopping list\n".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    expect_set_aside(&path, &junk, "");
    // Somebody else's database.
    let dir2 = scratch("aside-foreign");
    let path2 = dir2.join("records.sqlite");
    {
        let c = rusqlite::Connection::open(&path2).unwrap();
        c.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('noodles');",
        )
        .unwrap();
    }
    let before = std::fs::read(&path2).unwrap();
    expect_set_aside(&path2, &before, "another program");
    // A store from a newer version of the product.
    let dir3 = scratch("aside-newer");
    let path3 = dir3.join("records.sqlite");
    {
        let c = rusqlite::Connection::open(&path3).unwrap();
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let before = std::fs::read(&path3).unwrap();
    expect_set_aside(&path3, &before, "newer");
    // A store damaged in the middle: its pages overwritten.
    let dir4 = scratch("aside-damaged");
    let path4 = dir4.join("records.sqlite");
    {
        let mut r = Records::open(&path4).unwrap().records;
        let telecom = scenario("telecom-data-charge");
        for k in 0..20 {
            r.record(
                &record_of(&played(&telecom, k, Mode::Practice, usize::MAX), "Li", 1),
                None,
            )
            .unwrap();
        }
    }
    // Fold the write-ahead log in so that the damage lands in the main file.
    {
        let c = rusqlite::Connection::open(&path4).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let mut bytes = std::fs::read(&path4).unwrap();
    assert!(bytes.len() > 8192, "{} bytes", bytes.len());
    for b in &mut bytes[4096..8192] {
        *b = 0xA5;
    }
    std::fs::write(&path4, &bytes).unwrap();
    let _ = std::fs::remove_file(dir4.join("records.sqlite-wal"));
    let _ = std::fs::remove_file(dir4.join("records.sqlite-shm"));
    expect_set_aside(&path4, &bytes, "");
    for d in [dir, dir2, dir3, dir4] {
        std::fs::remove_dir_all(&d).unwrap();
    }
}

fn dojo(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn play_records_under_a_trainee_and_history_lists_it() {
    let dir = scratch("cli");
    let out = dojo(
        &dir,
        &[
            "play",
            "telecom-data-charge",
            "--choices",
            "3",
            "--trainee",
            "李娜",
        ],
    );
    // One reply only: the session is left before the end (exit 3) and kept as abandoned.
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("records.sqlite"));
    let out = dojo(
        &dir,
        &[
            "play",
            "airport-flight-delay",
            "--seed",
            "2",
            "--trainee",
            "李娜",
            "--json",
        ],
    );
    // Standing input is empty: nothing was decided, nothing recorded.
    assert_eq!(out.status.code(), Some(3));
    let json = dojo(&dir, &["history", "--trainee", "李娜", "--json"]);
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status"], "abandoned");
    assert_eq!(rows[0]["decisions"], 1);
    let text = dojo(&dir, &["history", "--lang", "en"]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("李娜"), "{text}");
    assert!(text.contains("left before the end"), "{text}");
    let none = dojo(&dir, &["history", "--trainee", "Nobody"]);
    assert_eq!(none.status.code(), Some(2));
    // Progress: nothing finished yet, so no proficiency, but a first scenario to play.
    let p = dojo(&dir, &["progress", "--trainee", "李娜", "--json"]);
    assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
    let p: serde_json::Value = serde_json::from_slice(&p.stdout).unwrap();
    assert_eq!(p["finished"], 0);
    assert!(p["proficiency"].is_null());
    let next = p["next"]["scenario"].as_str().unwrap();
    assert!(
        root().join(format!("scenarios/{next}.ron")).exists(),
        "{next}"
    );
    assert_eq!(
        dojo(&dir, &["progress", "--trainee", "Nobody"])
            .status
            .code(),
        Some(2)
    );
    // Exports: a trainee whose name is markup, a finished session, then CSV and HTML.
    let evil = "<script>alert('x')</script>";
    dojo(
        &dir,
        &[
            "play",
            "telecom-data-charge",
            "--choices",
            "1,1",
            "--trainee",
            evil,
        ],
    );
    let route = "3,2,1,1,1,1,1,1,1,1,1,1";
    dojo(
        &dir,
        &[
            "play",
            "telecom-data-charge",
            "--choices",
            route,
            "--trainee",
            "李娜",
        ],
    );
    let csv = dojo(&dir, &["export", "--format", "csv"]);
    assert!(csv.status.success());
    assert!(
        csv.stdout.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark for Excel"
    );
    let text = String::from_utf8(csv.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter().any(|r| &r[1] == evil),
        "names are kept as they are in CSV"
    );
    let per = dojo(
        &dir,
        &[
            "export",
            "--format",
            "csv",
            "--per-decision",
            "--trainee",
            "李娜",
        ],
    );
    let per = String::from_utf8(per.stdout).unwrap();
    let decisions: usize = rows
        .iter()
        .filter(|r| &r[1] == "李娜")
        .map(|r| r[12].parse::<usize>().unwrap())
        .sum();
    assert_eq!(per.lines().count(), decisions + 1);
    let page = dir.join("report.html");
    let out = dojo(
        &dir,
        &[
            "export",
            "--format",
            "html",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("<script>"),
        "markup in a name is shown as text"
    );
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("<svg"));
    // xAPI: well-formed statements, the same ids on a second export.
    let xapi = dojo(&dir, &["export", "--format", "xapi"]);
    assert!(
        xapi.status.success(),
        "{}",
        String::from_utf8_lossy(&xapi.stderr)
    );
    let statements: Vec<serde_json::Value> = serde_json::from_slice(&xapi.stdout).unwrap();
    check_xapi(&statements);
    let again: Vec<serde_json::Value> =
        serde_json::from_slice(&dojo(&dir, &["export", "--format", "xapi"]).stdout).unwrap();
    assert_eq!(statements, again, "a re-export is the same statements");
    let verbs: Vec<&str> = statements
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
        })
        .collect();
    // Three sessions: each starts with initialized and ends with terminated.
    assert_eq!(verbs.iter().filter(|v| **v == "initialized").count(), 3);
    assert_eq!(verbs.iter().filter(|v| **v == "terminated").count(), 3);
    assert_eq!(
        verbs.iter().filter(|v| **v == "answered").count(),
        rows.iter()
            .map(|r| r[12].parse::<usize>().unwrap())
            .sum::<usize>()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_kill_at_any_moment_loses_at_most_the_session_in_progress() {
    let dir = scratch("kill");
    let route: Vec<String> = {
        // `play` keeps file order (no --shuffle): the route is found in file order too.
        let engine = scenario("telecom-data-charge");
        let mut s = Session::start(engine, 1, Mode::Practice, false);
        while let Some(n) = s.best_choice() {
            s.act(Action::Choose(n)).unwrap();
        }
        s.actions()
            .iter()
            .map(|a| match a {
                Action::Choose(n) => (n + 1).to_string(),
                Action::TimedOut => "0".into(),
            })
            .collect()
    };
    let choices = route.join(",");
    let mut finished = 0;
    for k in 0..24u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
            .arg("--data-dir")
            .arg(&dir)
            .args([
                "play",
                "telecom-data-charge",
                "--seed",
                "1",
                "--choices",
                &choices,
            ])
            .args(["--trainee", "Kill", "--json"])
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Killed at a different moment each time: before, during or after the write.
        std::thread::sleep(Duration::from_millis(5 + (k * 37) % 220));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        }
    }
    // The store opens as it is (nothing moved aside), passes SQLite's integrity check, and
    // every session in it is whole.
    let opened = Records::open(&dir.join("records.sqlite")).unwrap();
    assert!(opened.set_aside.is_none(), "{:?}", opened.set_aside);
    let r = opened.records;
    let rows = r.history(None).unwrap();
    assert!(
        rows.len() >= finished,
        "{} rows, {finished} finished",
        rows.len()
    );
    for row in &rows {
        let s = r.session(row.id).unwrap().unwrap();
        assert_eq!(s.decisions.len(), s.actions.len());
        assert_eq!(s.decisions.len(), route.len());
        assert_eq!(s.status, Status::Completed);
    }
    let c = rusqlite::Connection::open(dir.join("records.sqlite")).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    println!(
        "{finished} of 24 runs finished before the kill; {} recorded",
        rows.len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

mod progress {
    use std::collections::BTreeSet;

    use complaint_dojo::course::Disc;
    use complaint_dojo::records::progress::{
        Offered, Played, habits, mastered, proficiency, recommend,
    };

    fn played(id: &str, disc: Disc, scores: Option<[u8; 3]>, notes: &[&str]) -> Played {
        Played {
            scenario: id.into(),
            disc: Some(disc),
            scores,
            passed: scores.map(|s| s.iter().all(|&x| x >= 40)),
            notes: notes.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>(),
        }
    }

    fn offered(id: &str, disc: Disc, difficulty: u8, par: [i32; 3]) -> Offered {
        Offered {
            id: id.into(),
            disc,
            difficulty,
            par,
        }
    }

    #[test]
    fn belts_are_earned_by_breadth_and_skill_not_by_repeating_one_scenario() {
        use complaint_dojo::records::progress::{Standing, belts, rank};
        let all = belts();
        assert_eq!(all.len(), 6, "assets/ranks.ron loads");
        assert_eq!(all[0].id, "white");
        assert_eq!(all[5].id, "black");
        for w in all.windows(2) {
            assert!(w[0].scenarios <= w[1].scenarios && w[0].rubric <= w[1].rubric);
        }
        let library = [
            offered("a", Disc::Dominant, 1, [10, 10, 10]),
            offered("b", Disc::Steady, 2, [10, 10, 10]),
        ];
        // The same easy scenario passed ten times with top scores is still one scenario.
        let same: Vec<Played> = (0..10)
            .map(|_| played("a", Disc::Dominant, Some([95, 95, 95]), &[]))
            .collect();
        let s = Standing::of(&same, &library);
        assert_eq!((s.scenarios, s.disc, s.rubric, s.difficulty), (1, 1, 95, 1));
        let (held, next) = rank(&s);
        assert_eq!(held.unwrap().id, "white");
        assert_eq!(next.unwrap().id, "yellow");
        // Two different scenarios passed at 40+: yellow.
        let two = [
            played("b", Disc::Steady, Some([60, 50, 45]), &[]),
            played("a", Disc::Dominant, Some([60, 50, 45]), &[]),
        ];
        assert_eq!(rank(&Standing::of(&two, &library)).0.unwrap().id, "yellow");
        // Nothing yet: white, with yellow next.
        assert_eq!(rank(&Standing::default()).0.unwrap().id, "white");
    }

    #[test]
    fn recent_sessions_count_most_and_abandoned_ones_not_at_all() {
        assert_eq!(proficiency(&[]), None);
        // Newest first: 90 now, 40 before: (90 + 0.7 × 40) / 1.7 = 69.4.
        let p = [
            played("a", Disc::Dominant, Some([90, 90, 90]), &[]),
            played("b", Disc::Dominant, None, &[]),
            played("c", Disc::Dominant, Some([40, 40, 40]), &[]),
        ];
        assert_eq!(proficiency(&p), Some([69, 69, 69]));
    }

    #[test]
    fn a_mistake_repeated_with_one_customer_type_is_a_habit() {
        let p = [
            played(
                "a",
                Disc::Influence,
                Some([50, 50, 50]),
                &["Mistake:interrupting"],
            ),
            played(
                "b",
                Disc::Influence,
                Some([50, 50, 50]),
                &["Mistake:interrupting", "Technique:label"],
            ),
            played(
                "c",
                Disc::Influence,
                Some([50, 50, 50]),
                &["Technique:label"],
            ),
            played(
                "d",
                Disc::Conscientious,
                Some([50, 50, 50]),
                &["Mistake:interrupting"],
            ),
        ];
        let h = habits(&p);
        assert_eq!(h[0].note, "Mistake:interrupting");
        assert_eq!((h[0].disc, h[0].sessions, h[0].of), (Disc::Influence, 2, 3));
        assert_eq!(h[1].note, "Technique:label");
        // How a reply read the expectation is not a habit; once with a C customer is not one
        // either.
        let p = [
            played("a", Disc::Influence, None, &["ExpectationMatched:Mistaken"]),
            played("b", Disc::Influence, None, &["ExpectationMatched:Mistaken"]),
        ];
        assert!(habits(&p).is_empty());
        assert!(!h.iter().any(|x| x.disc == Disc::Conscientious));
    }

    #[test]
    fn the_next_scenario_works_the_weakest_rubric_with_a_type_not_yet_mastered() {
        let library = [
            offered("d-easy", Disc::Dominant, 1, [10, 10, 10]),
            offered("s-legal", Disc::Steady, 2, [5, 5, 30]),
            offered("s-feel", Disc::Steady, 2, [30, 5, 5]),
            offered("c-legal-hard", Disc::Conscientious, 5, [5, 5, 40]),
            offered("d-legal", Disc::Dominant, 2, [5, 5, 40]),
        ];
        // Nothing played: the easiest first.
        assert_eq!(recommend(&[], &library).unwrap().scenario, "d-easy");
        // D mastered, weak on 法: an S scenario that leans on 法, not the D one, and not the
        // difficulty-5 one.
        let p = [played("d-easy", Disc::Dominant, Some([90, 85, 72]), &[])];
        assert_eq!(mastered(&p), BTreeSet::from([Disc::Dominant]));
        let r = recommend(&p, &library).unwrap();
        assert_eq!(
            (r.scenario.as_str(), r.rubric, r.disc),
            ("s-legal", 2, Disc::Steady)
        );
        // Weak on 情 instead: the S scenario that leans on 情.
        let p = [played("d-easy", Disc::Dominant, Some([71, 95, 95]), &[])];
        assert_eq!(recommend(&p, &library).unwrap().scenario, "s-feel");
    }
}

/// The rules of xAPI 1.0.3 that an LRS checks first, on every statement.
fn check_xapi(statements: &[serde_json::Value]) {
    let uuid = |v: &serde_json::Value| uuid::Uuid::parse_str(v.as_str().unwrap_or("")).is_ok();
    let iri = |v: &serde_json::Value| v.as_str().is_some_and(|s| s.starts_with("http"));
    let duration = |v: &serde_json::Value| {
        v.as_str()
            .is_some_and(|s| s.starts_with("PT") && s.parse::<jiff::SignedDuration>().is_ok())
    };
    let mut ids = std::collections::BTreeSet::new();
    for st in statements {
        assert!(uuid(&st["id"]), "{st}");
        assert!(
            ids.insert(st["id"].as_str().unwrap().to_string()),
            "unique ids"
        );
        let account = &st["actor"]["account"];
        assert!(
            iri(&account["homePage"]) && account["name"].is_string(),
            "{st}"
        );
        assert!(st["actor"].get("mbox").is_none(), "no e-mail address");
        assert!(iri(&st["verb"]["id"]) && st["verb"]["display"]["en-US"].is_string());
        assert!(
            st["verb"]["id"]
                .as_str()
                .unwrap()
                .starts_with("http://adlnet.gov/expapi/verbs/")
        );
        assert!(iri(&st["object"]["id"]), "{st}");
        assert!(
            st["timestamp"]
                .as_str()
                .unwrap()
                .parse::<jiff::Timestamp>()
                .is_ok()
        );
        assert!(uuid(&st["context"]["registration"]), "{st}");
        let result = &st["result"];
        if let Some(scaled) = result["score"]["scaled"].as_f64() {
            assert!((-1.0..=1.0).contains(&scaled), "{st}");
        }
        if let Some(d) = result.get("duration") {
            assert!(duration(d), "{d}");
        }
        if st["verb"]["id"].as_str().unwrap().ends_with("/answered") {
            let def = &st["object"]["definition"];
            assert_eq!(
                def["type"],
                "http://adlnet.gov/expapi/activities/cmi.interaction"
            );
            assert_eq!(def["interactionType"], "choice");
            assert!(result["response"].is_string());
            if let Some(choices) = def["choices"].as_array() {
                let r = result["response"].as_str().unwrap();
                assert!(
                    r == "timed-out" || choices.iter().any(|c| c["id"] == r),
                    "{st}"
                );
            }
        }
    }
}

#[test]
fn a_game_typed_in_the_terminal_records_how_long_each_decision_took() {
    let dir = scratch("typed");
    let d = dir.to_str().unwrap();
    let out = crate::common::dojo_with_input(
        &[
            "--data-dir",
            d,
            "play",
            "telecom-data-charge",
            "--seed",
            "1",
            "--trainee",
            "Tao",
        ],
        &"1\n".repeat(20),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = dojo(&dir, &["export", "--format", "csv", "--per-decision"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "seconds")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        let secs: f64 = r[column].parse().expect("every typed decision is timed");
        assert!(secs >= 0.0);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The style self-reflection: kept in the profile, carried through an upgrade of the store,
/// taken in the terminal, and turned into advice with the next scenario.
mod style {
    use super::*;
    use complaint_dojo::course::Disc;
    use complaint_dojo::records::style::{self, Answer, Blend, Style, reflection};

    fn leaning(most: Disc, least: Disc) -> Style {
        let answers = vec![Answer { most, least }; reflection().blocks.len()];
        Style {
            blend: Blend::of(reflection(), &answers).unwrap(),
            answers: style::encode(&answers),
            taken_ms: 1_700_000_000_000,
        }
    }

    #[test]
    fn a_style_is_kept_renamed_with_the_trainee_forgotten_and_deleted_with_them() {
        let dir = scratch("style-keep");
        let path = dir.join("records.sqlite");
        let r = Records::open(&path).unwrap().records;
        assert_eq!(r.style("Mei").unwrap(), None);
        let s = leaning(Disc::Influence, Disc::Conscientious);
        // Keeping a style makes the trainee.
        r.set_style("Mei", &s).unwrap();
        assert_eq!(r.trainees().unwrap()[0].name, "Mei");
        drop(r);
        let r = Records::open(&path).unwrap().records;
        assert_eq!(r.style("Mei").unwrap(), Some(s.clone()));
        // Taking it again replaces it.
        let again = leaning(Disc::Steady, Disc::Dominant);
        r.set_style("Mei", &again).unwrap();
        assert_eq!(r.style("Mei").unwrap().unwrap().blend, again.blend);
        r.rename_trainee("Mei", "Mei Lin").unwrap();
        assert_eq!(r.style("Mei Lin").unwrap(), Some(again));
        r.clear_style("Mei Lin").unwrap();
        assert_eq!(r.style("Mei Lin").unwrap(), None);
        assert_eq!(
            r.trainees().unwrap().len(),
            1,
            "forgetting keeps the trainee"
        );
        r.set_style("Mei Lin", &s).unwrap();
        r.delete_trainee("Mei Lin").unwrap();
        r.add_trainee("Mei Lin").unwrap();
        assert_eq!(
            r.style("Mei Lin").unwrap(),
            None,
            "deleted with the trainee"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_store_from_before_the_style_table_is_upgraded_and_keeps_its_sessions() {
        let dir = scratch("style-upgrade");
        let path = dir.join("records.sqlite");
        {
            // A version-1 store, as the release before this one wrote it.
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(complaint_dojo::records::store::MIGRATIONS[0])
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
        }
        let mut r = Records::open(&path).unwrap();
        assert!(
            r.set_aside.is_none(),
            "an older store is upgraded, not moved"
        );
        let telecom = scenario("telecom-data-charge");
        r.records
            .record(
                &record_of(&played(&telecom, 1, Mode::Practice, usize::MAX), "Old", 5),
                None,
            )
            .unwrap();
        assert_eq!(
            r.records.version().unwrap(),
            complaint_dojo::records::store::MIGRATIONS.len() as i64
        );
        drop(r);
        // The same, with a session written by version 1 before the upgrade.
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        let mut r = Records::open(&path).unwrap().records;
        r.record(
            &record_of(&played(&telecom, 2, Mode::Practice, usize::MAX), "Old", 6),
            None,
        )
        .unwrap();
        drop(r);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "DROP TABLE outbox; DROP TABLE style; ALTER TABLE decision DROP COLUMN typed;
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let r = Records::open(&path).unwrap();
        assert!(r.set_aside.is_none());
        let r = r.records;
        assert_eq!(
            r.history(Some("Old")).unwrap().len(),
            1,
            "the session stays"
        );
        r.set_style("Old", &leaning(Disc::Dominant, Disc::Steady))
            .unwrap();
        assert!(r.style("Old").unwrap().is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Runs `style` with `input` on standard input.
    fn style_with_input(data: &Path, trainee: &str, input: &str) -> Output {
        let mut args: Vec<std::ffi::OsString> = vec!["--data-dir".into(), data.into()];
        args.extend(["--lang", "en", "style", "--trainee"].map(Into::into));
        args.extend(trainee.split(' ').map(Into::into));
        crate::common::dojo_with_input(&args, input)
    }

    #[test]
    fn the_terminal_asks_every_block_and_the_advice_follows_the_next_customer() {
        let dir = scratch("style-cli");
        let blocks = reflection().blocks.len();
        // In every block: the I word most like me, the C word least; the first time, a
        // word out of range and the same word twice are asked again.
        let mut input = String::from("9\n");
        for (k, b) in reflection().blocks.iter().enumerate() {
            let i = b
                .words
                .iter()
                .position(|w| w.disc == Disc::Influence)
                .unwrap()
                + 1;
            let c = b
                .words
                .iter()
                .position(|w| w.disc == Disc::Conscientious)
                .unwrap()
                + 1;
            if k == 0 {
                input.push_str(&format!("{i}\n{i}\n"));
            } else {
                input.push_str(&format!("{i}\n"));
            }
            input.push_str(&format!("{c}\n"));
        }
        // With --json the questions go to standard error and the answer is pure JSON.
        let json = style_with_input(&dir, "Ivy --json", &input);
        assert!(json.status.success());
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(v["leading"], serde_json::json!(["I"]));
        assert!(String::from_utf8_lossy(&json.stderr).contains("Group 1 of"));
        let out = style_with_input(&dir, "Ivy", &input);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("not a validated psychometric test"),
            "{stdout}"
        );
        assert!(stdout.contains(&format!("Group {blocks} of {blocks}")));
        assert!(stdout.contains("Please type one of the listed numbers."));
        assert!(stdout.contains("Pick a different word from the one most like you."));
        assert!(
            stdout.contains("I · Influence style, C · Conscientious customer: Lead with facts, keep the warmth short."),
            "{stdout}"
        );
        // --show --json reads back what was kept.
        let out = dojo(&dir, &["style", "--trainee", "Ivy", "--show", "--json"]);
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let blend = &v["blend"];
        let sum: u64 = ["D", "I", "S", "C"]
            .iter()
            .map(|k| blend[k].as_u64().unwrap())
            .sum();
        assert_eq!(sum, 100);
        assert_eq!(blend["C"], 0);
        assert_eq!(v["leading"], serde_json::json!(["I"]));
        assert_eq!(v["advice"].as_array().unwrap().len(), 4);
        // Progress gives the advice for the recommended scenario's customer.
        let out = dojo(
            &dir,
            &["--lang", "en", "progress", "--trainee", "Ivy", "--json"],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(p["style"], *blend);
        let next_disc = p["next"]["disc"].as_str().unwrap().to_string();
        assert_eq!(p["next_advice"][0]["customer"], next_disc.as_str());
        assert_eq!(p["next_advice"][0]["trainee"], "Influence");
        let out = dojo(&dir, &["--lang", "en", "progress", "--trainee", "Ivy"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("I · Influence style, "), "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stopping_or_bad_answers_keep_nothing() {
        let dir = scratch("style-stop");
        // End of input half-way: nothing kept, exit 1.
        let out = style_with_input(&dir, "Sol", "1\n2\n1\n");
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was kept"));
        let out = dojo(&dir, &["style", "--trainee", "Sol", "--show"]);
        assert_eq!(out.status.code(), Some(2), "nothing to show");
        // Paper answers: the wrong number of blocks, or a block with one letter twice.
        let out = dojo(
            &dir,
            &[
                "--lang",
                "en",
                "style",
                "--trainee",
                "Sol",
                "--answers",
                "DS,IC",
            ],
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("answer every group"));
        let twice = vec!["DD"; reflection().blocks.len()].join(",");
        let out = dojo(
            &dir,
            &[
                "--lang",
                "en",
                "style",
                "--trainee",
                "Sol",
                "--answers",
                &twice,
            ],
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("Group 1"));
        // Good paper answers are kept, and --clear forgets them.
        let paper = vec!["SD"; reflection().blocks.len()].join(",");
        let out = dojo(&dir, &["style", "--trainee", "Sol", "--answers", &paper]);
        assert!(out.status.success());
        let out = dojo(&dir, &["style", "--trainee", "Sol", "--show", "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["leading"], serde_json::json!(["S"]));
        let out = dojo(&dir, &["style", "--trainee", " Sol ", "--show"]);
        assert!(out.status.success(), "a name is read trimmed everywhere");
        let out = dojo(&dir, &["style", "--trainee", "Sol", "--clear"]);
        assert!(out.status.success());
        let out = dojo(&dir, &["style", "--trainee", "Sol", "--show"]);
        assert_eq!(out.status.code(), Some(2));
        // A mistyped name is said, not quietly "forgotten".
        let out = dojo(
            &dir,
            &["--lang", "en", "style", "--trainee", "Soll", "--clear"],
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("Soll"));
        // Paper answers typed with a Chinese keyboard are read too.
        let paper = vec!["ＤＳ"; reflection().blocks.len()].join("，");
        let out = dojo(&dir, &["style", "--trainee", "Sol", "--answers", &paper]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// A session played by typing keeps the words: read back from the store, replayed with
/// them, and sent to the LRS beside the reply they were matched to.
#[test]
fn typed_replies_are_kept_with_the_session_and_replayed_with_it() {
    use complaint_dojo::sim::{Spotted, Typed};
    let dir = scratch("typed");
    let telecom = scenario("telecom-data-charge");
    let mut s = Session::start(telecom.clone(), 9, Mode::Practice, true);
    let typed = Typed {
        text: "您先冷静一下，难道系统还会冤枉您吗？".into(),
        moves: vec![Spotted {
            id: "rhetorical_question".into(),
            name: complaint_dojo::course::Text::new("反问", "Rhetorical question"),
            evidence: "难道系统还会冤枉您吗？".into(),
        }],
    };
    s.choose_typed(0, Some(typed.clone())).unwrap();
    let n = s.best_choice().unwrap();
    s.choose(n).unwrap();
    let record = record_of(&s, "Typist", 5_000);
    let mut r = Records::open(&dir.join("records.sqlite")).unwrap().records;
    let id = r.record(&record, Some(&telecom)).unwrap();
    let back = r.session(id).unwrap().unwrap();
    assert_eq!(back.decisions[0].typed.as_ref(), Some(&typed));
    assert_eq!(back.decisions[1].typed, None);
    let words: Vec<Option<Typed>> = back.decisions.iter().map(|d| d.typed.clone()).collect();
    let again = Session::replay_typed(
        telecom.clone(),
        back.seed,
        back.mode,
        back.shuffled,
        &back.actions,
        &words,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(again.transcript()).unwrap(),
        serde_json::to_string(s.transcript()).unwrap()
    );
    let statements = complaint_dojo::records::xapi::statements(&back, Some(&telecom));
    let answered = statements
        .iter()
        .find(|st| {
            st["verb"]["id"]
                .as_str()
                .is_some_and(|v| v.ends_with("answered"))
        })
        .unwrap();
    let ext = answered["result"]["extensions"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.ends_with("/typed-reply"))
        .map(|(_, v)| v.clone())
        .unwrap();
    assert_eq!(ext["text"], "您先冷静一下，难道系统还会冤枉您吗？");
    assert_eq!(ext["moves"][0]["id"], "rhetorical_question");
    std::fs::remove_dir_all(&dir).unwrap();
}
