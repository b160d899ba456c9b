//! The library: every scenario as a card, with filters by DISC type, archetype (or none)
//! and difficulty, a text search and a choice of order (file, difficulty, industry, last
//! played). Each card has badges: timed in assessment, done, passed, best score. A file
//! that fails validation is a card listing its errors.

use egui::{Color32, RichText};

use super::super::model::{Model, Screen, Sort};
use super::{gloss, tx};
use crate::catalogue::Catalogue;
use crate::course::{Archetype, Disc};

/// Narrowest card before a column is dropped, inner margin, and the gap between cards.
const CARD_WIDTH: f32 = 340.0;
const MARGIN: f32 = 12.0;
const GAP: f32 = 12.0;

/// Draws the library.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    egui::Panel::top("library-top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button(m.t("library-back")).clicked() {
                m.go(Screen::Title);
            }
            ui.heading(m.t("library-heading"));
            if ui.button(m.t("history-open")).clicked() {
                m.open_history();
            }
            ui.add_space(20.0);
            ui.label(m.t("library-search"));
            let hint = m.t("library-search-hint");
            ui.add(
                egui::TextEdit::singleline(&mut m.filter.text)
                    .hint_text(hint)
                    .desired_width(180.0),
            );
            filters(ui, m);
        });
        // Where the records stand with the organisation's LRS, once one is set.
        if m.lrs.saved.is_some()
            && let Some((line, good)) = super::history::lrs_status_line(m)
        {
            if m.lrs.busy() {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(300));
            }
            ui.label(RichText::new(line).small().color(if good {
                egui::Color32::GRAY
            } else {
                super::tone(false)
            }));
        }
        ui.add_space(4.0);
    });
    let visible = m.visible();
    egui::CentralPanel::default().show(ui, |ui| {
        ui.label(m.i18n.t_args(
            m.settings.lang,
            "library-count",
            &[
                ("shown", visible.len().into()),
                ("total", m.cards.len().into()),
            ],
        ));
        if visible.is_empty() {
            ui.label(m.t("library-empty"));
        }
        egui::ScrollArea::vertical()
            .id_salt(("library-cards", m.visit))
            .show(ui, |ui| {
                // As many columns as fit, sharing the width evenly; a card never runs
                // off the edge.
                let avail = ui.available_width() - 16.0;
                let columns = ((avail + GAP) / (CARD_WIDTH + 2.0 * MARGIN + GAP))
                    .floor()
                    .max(1.0) as usize;
                let width =
                    ((avail - GAP * (columns - 1) as f32) / columns as f32 - 2.0 * MARGIN - 2.0)
                        .max(160.0);
                egui::Grid::new("library-grid")
                    .spacing([GAP, GAP])
                    .show(ui, |ui| {
                        for (k, i) in visible.into_iter().enumerate() {
                            card(ui, m, i, width);
                            if (k + 1) % columns == 0 {
                                ui.end_row();
                            }
                        }
                    });
            });
    });
}

fn filters(ui: &mut egui::Ui, m: &mut Model) {
    let any = m.t("library-any");
    let cat = m.catalogue.clone();
    let lang = m.settings.lang;
    let disc: Vec<(Disc, String)> = Disc::ALL
        .iter()
        .map(|d| (*d, gloss(m, &cat.glossary.disc, *d)))
        .collect();
    let archetypes: Vec<(Option<Archetype>, String)> =
        std::iter::once((None, m.t("library-no-archetype")))
            .chain(
                Archetype::ALL
                    .iter()
                    .map(|a| (Some(*a), gloss(m, &cat.glossary.archetype, *a))),
            )
            .collect();
    let sorts: Vec<(Sort, String)> = Sort::ALL.iter().map(|s| (*s, m.t(s.key()))).collect();
    let stars: Vec<(u8, String)> = (1..=5u8).map(|d| (d, "★".repeat(usize::from(d)))).collect();
    // Each label stays with its drop-down; a group that would not fit starts a new row.
    let room = |ui: &mut egui::Ui| {
        if ui.available_size_before_wrap().x < 240.0 {
            ui.end_row();
        }
    };
    room(ui);
    ui.horizontal(|ui| {
        ui.label(m.i18n.t(lang, "library-filter-disc"));
        combo(ui, "disc", &mut m.filter.disc, &any, &disc);
    });
    room(ui);
    ui.horizontal(|ui| {
        ui.label(m.i18n.t(lang, "library-filter-archetype"));
        combo(ui, "archetype", &mut m.filter.archetype, &any, &archetypes);
    });
    room(ui);
    ui.horizontal(|ui| {
        ui.label(m.i18n.t(lang, "library-filter-difficulty"));
        combo(ui, "difficulty", &mut m.filter.difficulty, &any, &stars);
    });
    room(ui);
    ui.horizontal(|ui| {
        ui.label(m.i18n.t(lang, "library-sort"));
        let shown = sorts
            .iter()
            .find(|(s, _)| *s == m.sort)
            .map_or("", |(_, n)| n.as_str());
        egui::ComboBox::from_id_salt("sort")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (s, name) in &sorts {
                    ui.selectable_value(&mut m.sort, *s, name.as_str());
                }
            });
    });
}

/// A filter drop-down: "any", then each option by its shown name.
fn combo<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id: &str,
    value: &mut Option<T>,
    any: &str,
    options: &[(T, String)],
) {
    let shown = value
        .and_then(|v| options.iter().find(|(o, _)| *o == v))
        .map_or(any, |(_, name)| name.as_str());
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, any);
            for (o, name) in options {
                ui.selectable_value(value, Some(*o), name.as_str());
            }
        });
}

fn card(ui: &mut egui::Ui, m: &mut Model, i: usize, width: f32) {
    let cat = m.catalogue.clone();
    let mut open = false;
    egui::Frame::group(ui.style())
        .fill(Color32::from_rgb(250, 251, 253))
        .inner_margin(MARGIN)
        .show(ui, |ui| {
            ui.set_width(width);
            ui.set_min_height(170.0);
            ui.vertical(|ui| card_body(ui, m, i, &cat, &mut open));
        });
    if open {
        m.open_briefing(i);
    }
}

fn card_body(ui: &mut egui::Ui, m: &Model, i: usize, cat: &Catalogue, open: &mut bool) {
    let c = &m.cards[i];
    let Some(s) = c.scenario.as_ref().filter(|_| c.engine.is_some()) else {
        ui.label(
            RichText::new(c.path.display().to_string())
                .strong()
                .color(Color32::from_rgb(180, 40, 40)),
        );
        ui.label(m.t("library-broken"));
        for d in c.diagnostics.iter().filter(|d| d.is_error()).take(6) {
            ui.label(RichText::new(d.to_string()).small().monospace());
        }
        return;
    };
    ui.label(RichText::new(tx(m, &s.title)).size(19.0).strong());
    if c.has_errors() {
        // Saved with errors: the last good version still plays (live reload).
        ui.label(
            RichText::new(m.t("live-kept-card"))
                .small()
                .color(Color32::from_rgb(180, 40, 40)),
        );
    }
    badges(ui, m, s);
    ui.label(RichText::new(tx(m, &s.summary)).small());
    ui.add_space(4.0);
    let customer = &s.customer;
    let arch = if customer.archetypes.is_empty() {
        m.t("library-no-archetype")
    } else {
        customer
            .archetypes
            .iter()
            .map(|a| gloss(m, &cat.glossary.archetype, *a))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "{} · {}",
                tx(m, &customer.name),
                gloss(m, &cat.glossary.disc, customer.disc)
            ))
            .color(Color32::from_rgb(40, 70, 120)),
        );
        ui.label(RichText::new(arch).color(Color32::from_rgb(140, 80, 20)));
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(gloss(m, &cat.glossary.industry, s.industry));
        for case in &s.cases {
            ui.label(format!("· {}", gloss(m, &cat.glossary.case, *case)));
        }
        // Whole pieces: "12 分钟" never breaks between number and unit.
        ui.add(egui::Label::new(format!("· {}", "★".repeat(usize::from(s.difficulty)))).extend());
        ui.add(
            egui::Label::new(m.i18n.t_args(
                m.settings.lang,
                "library-minutes",
                &[("minutes", s.minutes.into())],
            ))
            .extend(),
        );
    });
    if ui.button(m.t("library-start")).clicked() {
        *open = true;
    }
}

/// Small coloured tags: timed (assessment has a clock), done N times, passed, best score.
fn badges(ui: &mut egui::Ui, m: &Model, s: &crate::scenario::Scenario) {
    let record = m.progress.of(&s.id);
    if s.timer_secs.is_none() && record.is_none() {
        return;
    }
    let badge = |ui: &mut egui::Ui, text: String, fill: Color32| {
        egui::Frame::new()
            .fill(fill)
            .corner_radius(6.0)
            .inner_margin(egui::Margin::symmetric(6, 1))
            .show(ui, |ui| {
                ui.label(RichText::new(text).small().color(Color32::WHITE));
            });
    };
    ui.horizontal_wrapped(|ui| {
        if let Some(secs) = s.timer_secs {
            badge(
                ui,
                m.i18n.t_args(
                    m.settings.lang,
                    "library-badge-timed",
                    &[("secs", secs.into())],
                ),
                Color32::from_rgb(110, 90, 160),
            );
        }
        if let Some(p) = record {
            badge(
                ui,
                m.i18n.t_args(
                    m.settings.lang,
                    "library-badge-done",
                    &[("plays", p.plays.into())],
                ),
                Color32::from_rgb(90, 110, 130),
            );
            if p.passed {
                badge(
                    ui,
                    m.t("library-badge-passed"),
                    Color32::from_rgb(40, 130, 70),
                );
            }
            if let Some(b) = p.best {
                badge(
                    ui,
                    m.i18n.t_args(
                        m.settings.lang,
                        "library-badge-best",
                        &[
                            ("empathy", b.scores[0].into()),
                            ("expectation", b.scores[1].into()),
                            ("legal", b.scores[2].into()),
                        ],
                    ),
                    Color32::from_rgb(40, 90, 150),
                );
            }
        }
    });
}
