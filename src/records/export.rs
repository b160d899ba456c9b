//! Records taken elsewhere: CSV for a spreadsheet (one row per session, or per decision;
//! UTF-8 with a byte-order mark so that Excel reads Chinese) and one self-contained HTML
//! page to print or mail (the trend per rubric and the outcomes as inline SVG, every
//! trainee-supplied text escaped).

use std::fmt::Write as _;

use super::local_time;
use super::session::{SessionRecord, Status, mode_key};
use crate::course::Lang;
use crate::source::escape_html;

/// Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
const BOM: &str = "\u{feff}";

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

fn title(s: &SessionRecord, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &s.title[0],
        Lang::En => &s.title[1],
    }
}

/// The columns every row starts with: when, who, which scenario.
const LEAD: [&str; 4] = ["started", "trainee", "scenario", "title"];

fn lead(s: &SessionRecord, lang: Lang) -> [String; 4] {
    [
        local_time(s.started_ms),
        s.trainee.clone(),
        s.scenario.clone(),
        title(s, lang).to_string(),
    ]
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// One row per session.
pub fn csv_sessions(sessions: &[SessionRecord], lang: Lang) -> String {
    let mut w = writer();
    let _ = w.write_record(LEAD.iter().copied().chain([
        "mode",
        "status",
        "ending",
        "verdict",
        "passed",
        "empathy",
        "expectation",
        "legal",
        "decisions",
        "hints",
        "rewinds",
        "seconds",
        "seed",
        "revision",
        "session",
    ]));
    for s in sessions {
        let scores = s.scores.map(|x| x.map(|v| v.to_string()));
        let [e, x, l] = scores.unwrap_or_default();
        let _ = w.write_record(lead(s, lang).into_iter().chain([
            mode_key(s.mode).to_string(),
            s.status.key().to_string(),
            s.ending.clone().unwrap_or_default(),
            opt(s.verdict.map(|v| v.key())),
            opt(s.passed),
            e,
            x,
            l,
            s.decisions.len().to_string(),
            s.hints.to_string(),
            s.rewinds.to_string(),
            format!("{:.0}", s.duration_ms as f64 / 1000.0),
            s.seed.to_string(),
            s.revision.clone(),
            s.uuid.clone(),
        ]));
    }
    finish(w)
}

/// One row per decision.
pub fn csv_decisions(sessions: &[SessionRecord], lang: Lang) -> String {
    let mut w = writer();
    let _ = w.write_record(LEAD.iter().copied().chain([
        "decision",
        "node",
        "reply",
        "timed_out",
        "empathy",
        "expectation",
        "legal",
        "mood",
        "trust",
        "patience",
        "level",
        "seconds",
        "notes",
        "session",
    ]));
    for s in sessions {
        for (n, d) in s.decisions.iter().enumerate() {
            let _ = w.write_record(lead(s, lang).into_iter().chain([
                (n + 1).to_string(),
                d.node.clone(),
                opt(d.shown.map(|x| x + 1)),
                d.choice.is_none().to_string(),
                d.points[0].to_string(),
                d.points[1].to_string(),
                d.points[2].to_string(),
                d.mood.to_string(),
                d.trust.to_string(),
                d.patience.to_string(),
                d.level.clone(),
                opt(d.seconds.map(|x| format!("{x:.1}"))),
                d.notes.join("; "),
                s.uuid.clone(),
            ]));
        }
    }
    finish(w)
}

/// The three rubric lines over the finished sessions (oldest first) as an SVG chart.
fn trend_svg(finished: &[[u8; 3]]) -> String {
    const W: f64 = 560.0;
    const H: f64 = 160.0;
    const COLOURS: [&str; 3] = ["#dc6e5a", "#5082c8", "#5aa064"];
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img">"#
    );
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
    );
    for (v, label) in [(100u8, "100"), (0, "0")] {
        let _ = write!(
            svg,
            "<text x=\"2\" y=\"{:.0}\" font-size=\"10\" fill=\"#888\">{label}</text>",
            H - 10.0 - (H - 20.0) * f64::from(v) / 100.0 + 3.0
        );
    }
    let n = finished.len();
    let x = |i: usize| {
        if n <= 1 {
            W / 2.0
        } else {
            20.0 + (W - 40.0) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: u8| H - 10.0 - (H - 20.0) * f64::from(v) / 100.0;
    for (k, colour) in COLOURS.iter().enumerate() {
        let points: Vec<String> = finished
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{:.1},{:.1}", x(i), y(s[k])))
            .collect();
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" points=\"{}\"/>",
            points.join(" ")
        );
        for p in &points {
            let (px, py) = p.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                svg,
                "<circle cx=\"{px}\" cy=\"{py}\" r=\"3\" fill=\"{colour}\"/>"
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// How many sessions ended with each outcome, as an SVG bar chart.
fn outcomes_svg(counts: &[(String, usize, Option<bool>)]) -> String {
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let h = 24.0 * counts.len() as f64 + 8.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 560 {h}" width="560" height="{h}" role="img">"#
    );
    for (i, (name, n, good)) in counts.iter().enumerate() {
        let y = 4.0 + 24.0 * i as f64;
        let w = 300.0 * *n as f64 / max as f64;
        let colour = match good {
            Some(true) => "#2f7d5b",
            Some(false) => "#b84a3a",
            None => "#999999",
        };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.0}\" font-size=\"13\">{}</text><rect x=\"200\" y=\"{y:.0}\" width=\"{w:.0}\" height=\"16\" fill=\"{colour}\"/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"13\">{n}</text>",
            y + 13.0,
            escape_html(name),
            206.0 + w,
            y + 13.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Words the HTML page needs, in the reader's language.
pub struct Words {
    /// The page's title.
    pub title: String,
    /// Column heads: date, scenario, mode, outcome.
    pub heads: [String; 4],
    /// "Trend per rubric".
    pub trend: String,
    /// "Outcomes".
    pub outcomes: String,
    /// Each session's outcome in words, in the order of `sessions`.
    pub outcome_of: Vec<String>,
    /// Each session's mode in words.
    pub mode_of: Vec<String>,
}

/// One printable page: per trainee, the trend, the outcomes and every session.
pub fn html(sessions: &[SessionRecord], lang: Lang, words: &Words) -> String {
    let mut trainees: Vec<&str> = sessions.iter().map(|s| s.trainee.as_str()).collect();
    trainees.sort_unstable();
    trainees.dedup();
    let mut body = String::new();
    for who in trainees {
        let mine: Vec<(usize, &SessionRecord)> = sessions
            .iter()
            .enumerate()
            .filter(|(_, s)| s.trainee == who)
            .collect();
        let _ = write!(body, "<section><h2>{}</h2>", escape_html(who));
        let mut finished: Vec<(i64, [u8; 3])> = mine
            .iter()
            .filter_map(|(_, s)| s.scores.map(|x| (s.started_ms, x)))
            .collect();
        finished.sort_by_key(|f| f.0);
        if finished.len() >= 2 {
            let _ = write!(
                body,
                "<h3>{}</h3><p class=\"key\"><span class=\"e\">■ 情</span> <span class=\"x\">■ 理</span> <span class=\"l\">■ 法</span></p>{}",
                escape_html(&words.trend),
                trend_svg(&finished.iter().map(|f| f.1).collect::<Vec<_>>())
            );
        }
        let mut counts: Vec<(String, usize, Option<bool>)> = Vec::new();
        for (i, s) in &mine {
            let name = words.outcome_of.get(*i).cloned().unwrap_or_default();
            // Passed green, not passed red, left before the end grey.
            let good = s.passed;
            match counts.iter_mut().find(|c| c.0 == name) {
                Some(c) => c.1 += 1,
                None => counts.push((name, 1, good)),
            }
        }
        let _ = write!(
            body,
            "<h3>{}</h3>{}",
            escape_html(&words.outcomes),
            outcomes_svg(&counts)
        );
        let _ = write!(
            body,
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>情</th><th>理</th><th>法</th></tr>",
            escape_html(&words.heads[0]),
            escape_html(&words.heads[1]),
            escape_html(&words.heads[2]),
            escape_html(&words.heads[3])
        );
        for (i, s) in &mine {
            let [e, x, l] = s
                .scores
                .map(|x| x.map(|v| v.to_string()))
                .unwrap_or_else(|| ["-".into(), "-".into(), "-".into()]);
            let class = match (s.status, s.passed) {
                (Status::Abandoned, _) => "left",
                (_, Some(true)) => "pass",
                _ => "fail",
            };
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td><td>{e}</td><td>{x}</td><td>{l}</td></tr>",
                escape_html(&local_time(s.started_ms)),
                escape_html(title(s, lang)),
                escape_html(words.mode_of.get(*i).map_or("", String::as_str)),
                escape_html(words.outcome_of.get(*i).map_or("", String::as_str)),
            );
        }
        body.push_str("</table></section>");
    }
    let lang_tag = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang_tag}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>\
body{{font-family:system-ui,sans-serif;margin:2em;color:#222}}\
h1{{font-size:1.6em}}h2{{border-bottom:2px solid #2f7d5b;margin-top:1.6em}}\
table{{border-collapse:collapse;margin:.8em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}\
th{{background:#eef3ee}}.pass{{color:#2f7d5b}}.fail{{color:#b84a3a}}.left{{color:#777}}\
.key .e{{color:#dc6e5a}}.key .x{{color:#5082c8}}.key .l{{color:#5aa064}}\
@media print{{section{{page-break-inside:avoid}}}}\
</style></head><body><h1>{title}</h1>{body}</body></html>\n",
        title = escape_html(&words.title),
    )
}
