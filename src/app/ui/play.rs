//! The conversation: the customer's face and meters, the escalation ladder, the transcript
//! with a typing effect, the replies (buttons or keys 1–6), practice feedback, hints and
//! rewind, and the assessment timer. Every decision goes through `Model::act` → the engine.

use std::time::Duration;

use egui::{Color32, RichText, Sense, vec2};

use super::super::model::Model;
use super::{face, gloss, notes, section, tx};
use crate::course::Level;
use crate::sim::{Action, Mode, Speaker};

/// Side of the face drawing, in points.
pub const FACE_SIZE: f32 = 200.0;

/// Keys 1–6 choose the replies shown first to sixth.
pub const KEYS: [egui::Key; 6] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
];

/// Draws the play screen.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    if m.game.is_none() {
        m.screen = super::super::model::Screen::Library;
        return;
    }
    let (_, typing_done) = m.typing_progress();
    if !typing_done {
        ui.ctx().request_repaint_after(Duration::from_millis(50));
        if ui.input(|i| i.key_pressed(egui::Key::Space) || i.key_pressed(egui::Key::Enter)) {
            m.skip_typing();
        }
    }
    if let Some(left) = m.time_left() {
        if left <= 0.0 {
            m.act(Action::TimedOut);
        } else {
            let to_next = left.fract().max(0.05);
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(to_next));
        }
    }
    let pressed = ui.input(|i| KEYS.iter().position(|k| i.key_pressed(*k)));

    egui::Panel::left("customer")
        .resizable(false)
        .exact_size(250.0)
        .show(ui, |ui| customer_panel(ui, m));
    let practice = m
        .game
        .as_ref()
        .is_some_and(|g| g.session.mode() == Mode::Practice);
    if practice {
        egui::Panel::right("feedback")
            .resizable(false)
            .exact_size(300.0)
            .show(ui, |ui| feedback_panel(ui, m));
    }
    egui::Panel::bottom("choices")
        .resizable(false)
        .show(ui, |ui| choices_panel(ui, m, pressed));
    egui::CentralPanel::default().show(ui, |ui| transcript(ui, m));
}

fn customer_panel(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else { return };
    let s = g.session.engine().scenario().clone();
    let state = g.session.state().clone();
    let cat = m.catalogue.clone();
    ui.add_space(8.0);
    let (rect, _) = ui.allocate_exact_size(vec2(FACE_SIZE, FACE_SIZE), Sense::hover());
    face::paint(ui.painter(), rect, i32::from(state.mood));
    m.face_rect = Some(rect);
    let expression = face::Expression::from_mood(i32::from(state.mood));
    ui.label(RichText::new(tx(m, &s.customer.name)).size(20.0).strong());
    ui.label(format!(
        "{} · {}",
        gloss(m, &cat.glossary.disc, s.customer.disc),
        m.t(expression.key())
    ));
    ui.add_space(8.0);
    for (key, value, color) in [
        ("play-mood", state.mood, Color32::from_rgb(220, 120, 60)),
        ("play-trust", state.trust, Color32::from_rgb(60, 120, 200)),
        (
            "play-patience",
            state.patience,
            Color32::from_rgb(90, 160, 90),
        ),
    ] {
        ui.label(format!("{}  {value}", m.t(key)));
        ui.add(
            egui::ProgressBar::new(value as f32 / 100.0)
                .fill(color)
                .desired_height(10.0),
        );
    }
    section(ui, m.t("play-ladder"));
    for level in Level::ALL.iter().rev() {
        let lit = *level == state.level;
        let reached = *level <= state.level;
        let name = gloss(m, &cat.glossary.level, *level);
        let text = RichText::new(format!("{} {name}", if lit { "▶" } else { "  " }));
        let text = if lit {
            text.strong()
                .color(Color32::WHITE)
                .background_color(Color32::from_rgb(190, 50, 40))
        } else if reached {
            text.color(Color32::from_rgb(190, 50, 40))
        } else {
            text.color(Color32::GRAY)
        };
        ui.label(text);
    }
}

fn transcript(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else { return };
    let (mut budget, done) = m.typing_progress();
    let s = g.session.engine().scenario().clone();
    let entries = g.session.transcript().to_vec();
    let typed_from = g.typed_from;
    let lang = m.settings.lang;
    ui.heading(m.t("play-transcript"));
    let resp = egui::ScrollArea::vertical()
        .id_salt("transcript")
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, e) in entries.iter().enumerate() {
                let full = e.text.get(lang);
                let shown: String = if i < typed_from {
                    full.to_string()
                } else {
                    let n = full.chars().count();
                    let take = budget.min(n);
                    budget -= take;
                    full.chars().take(take).collect()
                };
                if shown.is_empty() && i >= typed_from {
                    break;
                }
                let (who, color, align) = match e.speaker {
                    Speaker::Customer => (
                        tx(m, &s.customer.name).to_string(),
                        Color32::from_rgb(150, 50, 30),
                        egui::Align::Min,
                    ),
                    Speaker::Trainee => (
                        m.t("play-you"),
                        Color32::from_rgb(30, 80, 150),
                        egui::Align::Max,
                    ),
                    Speaker::Narrator => (m.t("play-narrator"), Color32::GRAY, egui::Align::Center),
                };
                ui.with_layout(egui::Layout::top_down(align), |ui| {
                    ui.label(RichText::new(who).small().color(color));
                    let text = RichText::new(shown);
                    let text = if e.speaker == Speaker::Narrator {
                        text.italics()
                    } else {
                        text
                    };
                    ui.add(egui::Label::new(text).wrap());
                });
                ui.add_space(4.0);
            }
            if !done {
                ui.label(RichText::new(m.t("play-skip")).small().color(Color32::GRAY));
            }
        });
    if !done
        && resp
            .inner_rect
            .contains(ui.input(|i| i.pointer.interact_pos().unwrap_or_default()))
        && ui.input(|i| i.pointer.any_click())
    {
        m.skip_typing();
    }
}

fn choices_panel(ui: &mut egui::Ui, m: &mut Model, pressed: Option<usize>) {
    let Some(g) = &m.game else { return };
    ui.add_space(6.0);
    if g.session.is_over() {
        if let Some(o) = g.session.outcome() {
            ui.label(RichText::new(tx(m, &o.title)).size(20.0).strong());
        }
        if ui
            .button(RichText::new(m.t("play-finish")).size(18.0))
            .clicked()
            || pressed.is_some()
        {
            m.finish();
        }
        ui.add_space(6.0);
        return;
    }
    let offered: Vec<String> = g
        .session
        .offered()
        .iter()
        .map(|(_, t)| tx(m, t).to_string())
        .collect();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(m.i18n.t_args(
                m.settings.lang,
                "play-choices",
                &[("count", offered.len().into())],
            ))
            .strong(),
        );
        if let Some(left) = m.time_left() {
            ui.label(
                RichText::new(m.i18n.t_args(
                    m.settings.lang,
                    "play-timer",
                    &[("secs", (left.ceil() as i64).into())],
                ))
                .strong()
                .color(if left < 10.0 {
                    Color32::from_rgb(190, 40, 40)
                } else {
                    Color32::DARK_GRAY
                }),
            );
        }
    });
    let mut chosen = pressed.filter(|&n| n < offered.len());
    for (i, text) in offered.iter().enumerate() {
        let button = egui::Button::new(RichText::new(format!("{}. {text}", i + 1)))
            .wrap()
            .min_size(vec2(ui.available_width(), 32.0));
        if ui.add(button).clicked() {
            chosen = Some(i);
        }
    }
    ui.add_space(6.0);
    if let Some(n) = chosen {
        m.skip_typing();
        m.act(Action::Choose(n));
    }
}

fn feedback_panel(ui: &mut egui::Ui, m: &mut Model) {
    let Some(g) = &m.game else { return };
    let turns = g.session.turns().to_vec();
    let best = g.hint;
    let show_hint = g.show_hint;
    let over = g.session.is_over();
    ui.heading(m.t("play-feedback"));
    egui::ScrollArea::vertical()
        .id_salt("feedback")
        .max_height(ui.available_height() - 90.0)
        .show(ui, |ui| {
            if let Some(last) = turns.last() {
                notes(ui, m, &last.assessment.notes);
            }
        });
    ui.separator();
    if !over {
        if ui.button(m.t("play-hint")).clicked() {
            m.ask_hint();
        }
        if show_hint && let Some(b) = best {
            ui.label(
                RichText::new(m.i18n.t_args(
                    m.settings.lang,
                    "play-hint-text",
                    &[("n", (b + 1).into())],
                ))
                .color(Color32::from_rgb(30, 120, 60)),
            );
        }
    }
    if !turns.is_empty() {
        let mut rewind = None;
        ui.menu_button(m.t("play-rewind"), |ui| {
            for n in 0..turns.len() {
                let label =
                    m.i18n
                        .t_args(m.settings.lang, "play-rewind-to", &[("n", (n + 1).into())]);
                if ui.button(label).clicked() {
                    rewind = Some(n);
                    ui.close();
                }
            }
        });
        if let Some(n) = rewind {
            m.rewind(n);
        }
    }
}
