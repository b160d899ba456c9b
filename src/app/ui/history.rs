//! The trainee's history: how their three rubric scores have moved over their finished
//! sessions, and every recorded session, newest first (date, scenario, mode, outcome,
//! 情/理/法). A session opens in the debrief, replayed from its seed and actions, with every
//! decision's feedback and the best reply there. Below, the organisation's Learning Record
//! Store: where the records are synced, and how that stands.

use egui::RichText;
use egui_plot::{Legend, Line, Plot, PlotPoints};

use super::super::model::{Model, Screen};
use super::section;
use crate::app::lrs::Outcome;
use crate::course::Lang;
use crate::records::lrs::{Endpoint, Stopped};
use crate::records::progress::habit_id;

/// Draws the history.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    egui::Panel::top("history-top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button(m.t("library-back-to")).clicked() {
                m.go(Screen::Library);
            }
            let who = m.trainee();
            ui.heading(
                m.i18n
                    .t_args(m.settings.lang, "history-heading", &[("name", who.into())]),
            );
        });
        ui.add_space(4.0);
    });
    let rows = match &m.history {
        Ok(rows) => rows.clone(),
        Err(why) => {
            let why = why.clone();
            egui::CentralPanel::default().show(ui, |ui| {
                ui.label(RichText::new(why).color(super::tone(false)));
            });
            return;
        }
    };
    let mut open = None;
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(("history", m.visit))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if rows.is_empty() {
                    ui.label(m.t("history-empty"));
                } else {
                    progress(ui, m);
                    trend(ui, m, &rows);
                    section(ui, m.t("history-sessions"));
                    open = table(ui, m, &rows);
                    if let Some(e) = &m.history_error {
                        ui.label(RichText::new(e).color(super::tone(false)));
                    }
                }
                lrs_panel(ui, m);
            });
    });
    if let Some(id) = open {
        m.history_error = m.open_recorded(id).err();
    }
}

/// The status of the link to the LRS in one line: busy, waiting, synced, or what went wrong.
pub fn lrs_status_line(m: &Model) -> Option<(String, bool)> {
    let status = m.lrs.status();
    let lang = m.settings.lang;
    if status.busy {
        return Some((m.t("lrs-busy"), true));
    }
    let waiting = status.waiting.unwrap_or(0);
    let line = match &status.last {
        Some(Outcome::Synced(r)) => match &r.stopped {
            None if r.refused.is_empty() => (
                m.i18n.t_args(lang, "lrs-synced", &[("n", waiting.into())]),
                waiting == 0,
            ),
            None => (
                m.i18n.t_args(
                    lang,
                    "lrs-refused",
                    &[("n", r.refused.len().into()), ("waiting", waiting.into())],
                ),
                false,
            ),
            Some(stop) => (stopped(m, stop, waiting), false),
        },
        Some(Outcome::Tested(Ok(version))) => (
            m.i18n
                .t_args(lang, "lrs-test-ok", &[("version", version.clone().into())]),
            true,
        ),
        Some(Outcome::Tested(Err(stop))) => (stopped(m, stop, waiting), false),
        Some(Outcome::Failed(why)) => (why.clone(), false),
        None if m.lrs.saved.is_some() || waiting > 0 => (
            m.i18n.t_args(lang, "lrs-waiting", &[("n", waiting.into())]),
            waiting == 0,
        ),
        None => return None,
    };
    Some(line)
}

fn stopped(m: &Model, stop: &Stopped, waiting: usize) -> String {
    let lang = m.settings.lang;
    match stop {
        Stopped::Credentials(code) => m.i18n.t_args(
            lang,
            "lrs-credentials",
            &[("code", (*code).into()), ("n", waiting.into())],
        ),
        Stopped::Unreachable(why) | Stopped::Unexpected(_, why) => m.i18n.t_args(
            lang,
            "lrs-unreachable",
            &[("why", why.clone().into()), ("n", waiting.into())],
        ),
    }
}

/// Where the records go besides this computer: the organisation's LRS, its credentials
/// (the secret masked), save, test, sync now, and how it stands.
fn lrs_panel(ui: &mut egui::Ui, m: &mut Model) {
    if m.store.is_none() {
        return;
    }
    let busy = m.lrs.busy();
    if busy {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(300));
    }
    egui::CollapsingHeader::new(RichText::new(m.t("lrs-heading")).strong())
        .id_salt("lrs")
        .default_open(m.lrs.saved.is_some())
        .show(ui, |ui| {
            ui.label(RichText::new(m.t("lrs-explain")).small());
            let (url, key, secret) = (m.t("lrs-url"), m.t("lrs-key"), m.t("lrs-secret"));
            egui::Grid::new("lrs-fields").num_columns(2).show(ui, |ui| {
                ui.label(url);
                ui.add(
                    egui::TextEdit::singleline(&mut m.lrs.endpoint.url)
                        .hint_text("https://lrs.example.com/xAPI/")
                        .desired_width(360.0),
                );
                ui.end_row();
                ui.label(key);
                ui.add(egui::TextEdit::singleline(&mut m.lrs.endpoint.key).desired_width(360.0));
                ui.end_row();
                ui.label(secret);
                ui.add(
                    egui::TextEdit::singleline(&mut m.lrs.endpoint.secret)
                        .password(true)
                        .desired_width(360.0),
                );
                ui.end_row();
            });
            ui.horizontal_wrapped(|ui| {
                let typed = m.lrs.endpoint.is_set();
                if ui
                    .add_enabled(typed && !busy, egui::Button::new(m.t("lrs-test")))
                    .clicked()
                {
                    m.lrs.test();
                }
                if ui
                    .add_enabled(typed && !busy, egui::Button::new(m.t("lrs-save")))
                    .clicked()
                {
                    m.save_lrs();
                }
                let saved = m.lrs.saved.as_ref().is_some_and(Endpoint::is_set);
                if ui
                    .add_enabled(saved && !busy, egui::Button::new(m.t("lrs-sync-now")))
                    .clicked()
                {
                    m.lrs.sync();
                }
            });
            if let Some((line, good)) = lrs_status_line(m) {
                ui.label(RichText::new(line).color(super::tone(good)));
            }
            if let Some(note) = &m.lrs_note {
                ui.label(RichText::new(note).color(super::tone(false)));
            }
        });
}

/// Proficiency per rubric, habits, and the scenario to play next (one click starts it).
fn progress(ui: &mut egui::Ui, m: &mut Model) {
    let view = m.progress_view.clone();
    let lang = m.settings.lang;
    if let Some(belt) = &view.belt {
        section(ui, m.t("progress-belt"));
        ui.label(RichText::new(belt.name.get(lang)).strong().size(18.0));
    }
    if let Some(next) = &view.next_belt {
        let asks = belt_asks(m, &view.standing, next);
        ui.label(m.i18n.t_args(
            lang,
            "progress-next-belt",
            &[
                ("belt", next.name.get(lang).to_string().into()),
                ("asks", asks.join(m.t("progress-and").as_str()).into()),
            ],
        ));
    }
    if let Some(p) = view.proficiency {
        section(ui, m.t("progress-proficiency"));
        ui.horizontal_wrapped(|ui| {
            for (k, name) in ["情", "理", "法"].iter().enumerate() {
                ui.label(RichText::new(*name).strong());
                super::share_bar(ui, egui::vec2(120.0, 14.0), p[k], super::RUBRIC_COLOURS[k]);
                ui.label(format!("{}", p[k]));
                ui.add_space(16.0);
            }
        });
    }
    if !view.habits.is_empty() {
        section(ui, m.t("progress-habits"));
        for h in &view.habits {
            let name = crate::records::progress::habit_name(&m.catalogue, &h.note).map_or_else(
                || habit_id(&h.note).to_string(),
                |t| t.get(lang).to_string(),
            );
            let disc = crate::catalogue::Catalogue::name_of(&m.catalogue.glossary.disc, h.disc);
            let good = crate::records::progress::habit_kind(&h.note) == Some(true);
            let key = if good {
                "progress-habit-other"
            } else {
                "progress-habit-mistake"
            };
            let line = m.i18n.t_args(
                lang,
                key,
                &[
                    ("name", name.into()),
                    ("disc", disc.get(lang).to_string().into()),
                    ("n", h.sessions.into()),
                    ("of", h.of.into()),
                ],
            );
            ui.label(RichText::new(line).color(super::tone(good)));
        }
    }
    if let Some((r, card)) = &view.next {
        section(ui, m.t("progress-next"));
        let title = m.cards[*card]
            .scenario
            .as_ref()
            .map(|s| s.title.get(lang).to_string())
            .unwrap_or_default();
        let disc = crate::catalogue::Catalogue::name_of(&m.catalogue.glossary.disc, r.disc);
        let why = m.i18n.t_args(
            lang,
            "progress-next-why",
            &[
                ("rubric", ["情", "理", "法"][r.rubric.min(2)].into()),
                ("disc", disc.get(lang).to_string().into()),
            ],
        );
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "{title}  {}",
                    "★".repeat(usize::from(r.difficulty))
                ))
                .strong(),
            );
            if ui.button(m.t("progress-next-go")).clicked() {
                m.selected = Some(*card);
                m.open_briefing(*card);
            }
        });
        ui.label(why);
        for a in &view.next_advice {
            ui.label(RichText::new(m.advice_line(a)).color(super::tone(true)));
        }
    }
    style(ui, m);
}

/// The style self-reflection in one line, and the way to it.
fn style(ui: &mut egui::Ui, m: &mut Model) {
    if m.records.is_none() {
        return;
    }
    section(ui, m.t("style-blend"));
    ui.horizontal_wrapped(|ui| {
        match m.style() {
            Some(kept) => {
                ui.label(kept.blend.summary());
            }
            None => {
                ui.label(m.t("style-invite"));
            }
        }
        if ui.button(m.t("style-open")).clicked() {
            m.open_style(Screen::History);
        }
    });
}

/// What `next` asks that the trainee does not have yet, in words.
pub fn belt_asks(
    m: &Model,
    have: &crate::records::progress::Standing,
    next: &crate::records::progress::Belt,
) -> Vec<String> {
    let lang = m.settings.lang;
    let mut asks = Vec::new();
    let mut ask = |key: &str, need: usize, now: usize| {
        if now < need {
            asks.push(
                m.i18n
                    .t_args(lang, key, &[("need", need.into()), ("have", now.into())]),
            );
        }
    };
    ask("belt-need-scenarios", next.scenarios, have.scenarios);
    ask("belt-need-disc", next.disc, have.disc);
    ask("belt-need-rubric", next.rubric.into(), have.rubric.into());
    ask(
        "belt-need-difficulty",
        next.difficulty.into(),
        have.difficulty.into(),
    );
    asks
}

/// 情, 理 and 法 over the finished sessions, oldest to newest.
fn trend(ui: &mut egui::Ui, m: &Model, rows: &[crate::records::SessionRow]) {
    let finished: Vec<[u8; 3]> = rows.iter().rev().filter_map(|r| r.scores).collect();
    if finished.len() < 2 {
        return;
    }
    section(ui, m.t("history-trend"));
    let names = ["情", "理", "法"];
    Plot::new("history-trend")
        .height(160.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(100.0)
        .legend(Legend::default().follow_insertion_order(true))
        .x_axis_formatter(|mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 1.0 {
                format!("{i}")
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for (k, name) in names.iter().enumerate() {
                let points: PlotPoints = finished
                    .iter()
                    .enumerate()
                    .map(|(i, s)| [i as f64 + 1.0, f64::from(s[k])])
                    .collect();
                plot.line(
                    Line::new(*name, points)
                        .color(super::RUBRIC_COLOURS[k])
                        .width(2.5),
                );
            }
        });
}

/// The sessions, one row each; returns the one whose "Open" was clicked.
fn table(ui: &mut egui::Ui, m: &Model, rows: &[crate::records::SessionRow]) -> Option<i64> {
    let mut open = None;
    let lang = m.settings.lang;
    egui::Grid::new("history-table")
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for head in [
                "cli-history-date",
                "history-scenario",
                "cli-history-mode",
                "history-outcome",
            ] {
                ui.label(RichText::new(m.t(head)).strong());
            }
            for r in ["情", "理", "法"] {
                ui.label(RichText::new(r).strong());
            }
            ui.label("");
            ui.end_row();
            for row in rows {
                ui.label(crate::records::local_time(row.started_ms));
                ui.label(if lang == Lang::Zh {
                    &row.title_zh
                } else {
                    &row.title_en
                });
                ui.label(m.t(if row.mode == "assessment" {
                    "cli-assessment"
                } else {
                    "cli-practice"
                }));
                let outcome =
                    crate::locale::recorded_outcome(&m.i18n, lang, &m.catalogue, row, |t| {
                        t.get(lang).to_string()
                    });
                ui.label(RichText::new(outcome).color(super::tone(row.passed == Some(true))));
                for k in 0..3 {
                    ui.label(row.scores.map_or("-".to_string(), |s| s[k].to_string()));
                }
                if ui.button(m.t("history-view")).clicked() {
                    open = Some(row.id);
                }
                ui.end_row();
            }
        });
    open
}
