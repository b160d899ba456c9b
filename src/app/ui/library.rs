//! The library: every scenario as a card, with filters by DISC type, archetype and
//! difficulty and a text search. A file that fails validation is a card listing its errors.

use egui::{Color32, RichText};

use super::super::model::{Model, Screen};
use super::{gloss, tx};
use crate::catalogue::Catalogue;
use crate::course::{Archetype, Disc};

const CARD_WIDTH: f32 = 380.0;

/// Draws the library.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    egui::Panel::top("library-top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.heading(m.t("library-heading"));
            ui.add_space(20.0);
            ui.label(m.t("library-search"));
            let hint = m.t("library-search-hint");
            ui.add(
                egui::TextEdit::singleline(&mut m.filter.text)
                    .hint_text(hint)
                    .desired_width(180.0),
            );
            filters(ui, m);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(m.t("library-back")).clicked() {
                    m.screen = Screen::Title;
                }
            });
        });
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
            .id_salt("library-cards")
            .show(ui, |ui| {
                // As many fixed-width columns as fit; a card never runs off the edge.
                let columns = ((ui.available_width() + 12.0) / (CARD_WIDTH + 40.0))
                    .floor()
                    .max(1.0) as usize;
                egui::Grid::new("library-grid")
                    .spacing([12.0, 12.0])
                    .show(ui, |ui| {
                        for (k, i) in visible.into_iter().enumerate() {
                            card(ui, m, i);
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
    let archetypes: Vec<(Archetype, String)> = Archetype::ALL
        .iter()
        .map(|a| (*a, gloss(m, &cat.glossary.archetype, *a)))
        .collect();
    let stars: Vec<(u8, String)> = (1..=5u8).map(|d| (d, "★".repeat(usize::from(d)))).collect();
    ui.label(m.i18n.t(lang, "library-filter-disc"));
    combo(ui, "disc", &mut m.filter.disc, &any, &disc);
    ui.label(m.i18n.t(lang, "library-filter-archetype"));
    combo(ui, "archetype", &mut m.filter.archetype, &any, &archetypes);
    ui.label(m.i18n.t(lang, "library-filter-difficulty"));
    combo(ui, "difficulty", &mut m.filter.difficulty, &any, &stars);
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

fn card(ui: &mut egui::Ui, m: &mut Model, i: usize) {
    let cat = m.catalogue.clone();
    let mut open = false;
    egui::Frame::group(ui.style())
        .fill(Color32::from_rgb(250, 251, 253))
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(CARD_WIDTH);
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
        ui.label(format!("· {}", "★".repeat(usize::from(s.difficulty))));
        ui.label(m.i18n.t_args(
            m.settings.lang,
            "library-minutes",
            &[("minutes", s.minutes.into())],
        ));
    });
    if ui.button(m.t("library-start")).clicked() {
        *open = true;
    }
}
