//! The class report: for every team and trainee, what they answered at each decision and
//! what it earned, their rubric averages, and every decision's tally; as CSV (one row per
//! decision per team or trainee, plus a total row each, for a spreadsheet) and as a
//! self-contained HTML page to print or mail. [`save`] writes both, with the class as JSON,
//! into a folder the caller picks (the CLI and window use the data folder's `classes/`).

use std::path::{Path, PathBuf};

use super::class::{Class, Round, Standing, percent};
use crate::course::{Lang, Points, Rubric};
use crate::locale::I18n;
use crate::source::escape_html;

/// A report row's owner: "team" or "trainee", name, team name (trainees in team mode),
/// answers in decision order (0-based reply or none), standing.
type Row = (&'static str, String, String, Vec<Option<usize>>, Standing);

/// Every team's and trainee's row.
fn rows(class: &Class) -> Vec<Row> {
    let mut out = Vec::new();
    for (t, s) in class.team_standings().into_iter().enumerate() {
        let answers = class.rounds().iter().map(|r| r.team_answers[t]).collect();
        out.push(("team", s.name.clone(), String::new(), answers, s));
    }
    for (id, s) in class.person_standings() {
        let team = class.people()[id as usize]
            .team
            .map(|t| class.teams()[t].clone())
            .unwrap_or_default();
        let answers = class
            .rounds()
            .iter()
            .map(|r| r.votes.iter().find(|(p, _)| *p == id).map(|(_, n)| *n))
            .collect();
        out.push(("trainee", s.name.clone(), team, answers, s));
    }
    out
}

fn earned(r: &Round, a: Option<usize>) -> Points {
    a.map_or(r.silence.points, |n| r.what_if[n].points)
}

/// The report as CSV.
pub fn csv(class: &Class, lang: Lang) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "kind",
        "name",
        "team",
        "decision",
        "node",
        "reply",
        "reply_text",
        "room_reply",
        "empathy",
        "expectations",
        "rights",
        "best_empathy",
        "best_expectations",
        "best_rights",
    ]);
    for (kind, name, team, answers, standing) in rows(class) {
        for (r, a) in class.rounds().iter().zip(&answers) {
            let p = earned(r, *a);
            let _ = w.write_record([
                kind.to_string(),
                name.clone(),
                team.clone(),
                (r.decision + 1).to_string(),
                r.node.clone(),
                a.map(|n| (n + 1).to_string()).unwrap_or_default(),
                a.map(|n| r.replies[n].get(lang).to_string())
                    .unwrap_or_default(),
                r.chosen.map(|n| (n + 1).to_string()).unwrap_or_default(),
                p[0].to_string(),
                p[1].to_string(),
                p[2].to_string(),
                r.best_points[0].to_string(),
                r.best_points[1].to_string(),
                r.best_points[2].to_string(),
            ]);
        }
        let s = &standing;
        let _ = w.write_record([
            kind.to_string(),
            name.clone(),
            team.clone(),
            "total".into(),
            String::new(),
            s.answered.to_string(),
            String::new(),
            s.with_room.to_string(),
            s.points[0].to_string(),
            s.points[1].to_string(),
            s.points[2].to_string(),
            s.best[0].to_string(),
            s.best[1].to_string(),
            s.best[2].to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The report as an HTML page.
pub fn html(class: &Class, i18n: &I18n, lang: Lang) -> String {
    let e = |s: &str| escape_html(s);
    let t = |k: &str| escape_html(&i18n.t(lang, k));
    let scenario = class.session().engine().scenario();
    let rubric_heads: String = Rubric::ALL
        .iter()
        .map(|r| {
            format!(
                "<th>{}</th>",
                t(&format!("class-report-rubric-{}", r.key().to_lowercase()))
            )
        })
        .collect();
    let mut out = String::new();
    out.push_str(&format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} · {}</title>\
         <style>body{{font:15px/1.45 system-ui,sans-serif;margin:24px;color:#222}}\
         table{{border-collapse:collapse;margin:8px 0 20px}}td,th{{border:1px solid #bbb;padding:4px 8px;text-align:left}}\
         th{{background:#eef}}.chosen{{font-weight:700}}.best{{color:#1f6b45}}</style></head><body>",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        t("class-host-report"),
        e(scenario.title.get(lang)),
    ));
    out.push_str(&format!(
        "<h1>{} · {}</h1>",
        t("class-host-report"),
        e(scenario.title.get(lang))
    ));
    if let Some(o) = class.session().outcome() {
        let passed = class.session().standing().is_some_and(|s| s.passed);
        out.push_str(&format!(
            "<p><b>{}</b> — {}. {}</p>",
            e(o.title.get(lang)),
            t(if passed {
                "class-phone-passed"
            } else {
                "class-phone-not-passed"
            }),
            e(o.text.get(lang))
        ));
    }
    let table = |title: String, standings: Vec<Standing>| -> String {
        if standings.is_empty() {
            return String::new();
        }
        let mut s = format!(
            "<h2>{title}</h2><table><tr><th></th>{rubric_heads}<th>{}</th><th>{}</th></tr>",
            t("class-host-answered"),
            t("class-host-with-room")
        );
        for st in standings {
            s.push_str(&format!("<tr><td>{}</td>", e(&st.name)));
            for i in 0..3 {
                let avg = if class.rounds().is_empty() {
                    0.0
                } else {
                    f64::from(st.points[i]) / class.rounds().len() as f64
                };
                s.push_str(&format!(
                    "<td>{}% <small>({:+.1}/{})</small></td>",
                    percent(st.points[i], st.best[i]),
                    avg,
                    e(&i18n.t(lang, "class-report-per-decision"))
                ));
            }
            s.push_str(&format!(
                "<td>{}/{}</td><td>{}</td></tr>",
                st.answered,
                class.rounds().len(),
                st.with_room
            ));
        }
        s.push_str("</table>");
        s
    };
    out.push_str(&table(t("class-host-teams"), class.team_standings()));
    out.push_str(&table(
        t("class-host-people"),
        class
            .person_standings()
            .into_iter()
            .map(|(_, s)| s)
            .collect(),
    ));
    for r in class.rounds() {
        out.push_str(&format!(
            "<h2>{} {}</h2><table><tr><th>#</th><th>{}</th><th>{}</th>{rubric_heads}{}</tr>",
            t("class-phone-decision"),
            r.decision + 1,
            t("class-host-replies"),
            t("class-host-voted"),
            if class.teams().is_empty() {
                String::new()
            } else {
                format!("<th>{}</th>", t("class-host-teams"))
            }
        ));
        for (n, reply) in r.replies.iter().enumerate() {
            let teams: Vec<String> = r
                .team_answers
                .iter()
                .enumerate()
                .filter(|(_, a)| **a == Some(n))
                .map(|(i, _)| e(&class.teams()[i]))
                .collect();
            let class_attr = match (r.chosen == Some(n), r.best == Some(n)) {
                (true, true) => " class=\"chosen best\"",
                (true, false) => " class=\"chosen\"",
                (false, true) => " class=\"best\"",
                _ => "",
            };
            out.push_str(&format!(
                "<tr{class_attr}><td>{}{}</td><td>{}</td><td>{}</td>",
                n + 1,
                if r.best == Some(n) { " ★" } else { "" },
                e(reply.get(lang)),
                r.counts.get(n).copied().unwrap_or(0),
            ));
            for p in r.what_if[n].points {
                out.push_str(&format!("<td>{p:+}</td>"));
            }
            if !class.teams().is_empty() {
                out.push_str(&format!("<td>{}</td>", teams.join(", ")));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
        if r.chosen.is_none() {
            out.push_str(&format!("<p>{}</p>", t("class-phone-silence")));
        }
    }
    out.push_str("</body></html>\n");
    out
}

/// A file name for a class's report: scenario, the time in seconds since 1970, room.
pub fn stem(class: &Class, room: &str) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let room: String = room
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{}-{secs}-{room}", class.session().engine().scenario().id)
}

/// Writes `<stem>.csv`, `<stem>.html` and `<stem>.json` (the class, for the records) into
/// `dir`, each atomically. An earlier report is never overwritten: if one of those names is
/// taken (two classes ended in the same second), `<stem>-2` and so on are used instead.
/// Returns the paths written.
pub fn save(
    class: &Class,
    i18n: &I18n,
    lang: Lang,
    dir: &Path,
    stem: &str,
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let json = serde_json::json!({
        "scenario": class.session().engine().scenario().id,
        "seed": class.session().seed(),
        "actions": class.session().actions(),
        "teams": class.teams(),
        "people": class.people(),
        "rounds": class.rounds(),
        "team_standings": class.team_standings(),
        "person_standings": class.person_standings(),
    });
    let files = [
        ("csv", csv(class, lang)),
        ("html", html(class, i18n, lang)),
        (
            "json",
            serde_json::to_string_pretty(&json).unwrap_or_default(),
        ),
    ];
    let taken = |stem: &str| {
        ["csv", "html", "json"]
            .iter()
            .any(|ext| dir.join(format!("{stem}.{ext}")).exists())
    };
    let stem = std::iter::once(stem.to_string())
        .chain((2..10_000).map(|k| format!("{stem}-{k}")))
        .find(|s| !taken(s))
        .ok_or_else(|| std::io::Error::other("too many reports with this name"))?;
    let mut written = Vec::new();
    for (ext, body) in files {
        let path = dir.join(format!("{stem}.{ext}"));
        crate::source::write_atomic(&path, body.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
