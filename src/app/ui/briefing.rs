//! The briefing: what happened, the customer, policy, remedies, legal points, objectives,
//! and the choice of practice or assessment mode.

use egui::RichText;

use super::super::model::{Model, Screen};
use super::{gloss, section, tx};
use crate::sim::Mode;

/// Draws the briefing of the selected scenario.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    let Some(engine) = m.selected.and_then(|i| m.cards[i].engine.clone()) else {
        m.go(Screen::Library);
        return;
    };
    let s = engine.scenario().clone();
    let cat = m.catalogue.clone();
    egui::Panel::bottom("briefing-actions").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(m.t("briefing-mode")).strong());
            let practice = m.t("mode-practice");
            let assessment = m.t("mode-assessment");
            ui.radio_value(&mut m.mode, Mode::Practice, practice);
            ui.radio_value(&mut m.mode, Mode::Assessment, assessment);
            if m.mode == Mode::Practice {
                let label = m.t("free-option");
                ui.checkbox(&mut m.settings.free_reply, label)
                    .on_hover_text(m.t("free-option-hover"));
            }
        });
        if engine.analysis().truncated {
            super::partial_analysis_note(ui, m);
        }
        if let (Mode::Assessment, Some(secs)) = (m.mode, s.timer_secs) {
            ui.label(
                m.i18n
                    .t_args(m.settings.lang, "briefing-timer", &[("secs", secs.into())]),
            );
        }
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(m.t("briefing-start")).size(20.0))
                .clicked()
            {
                let seed = m.next_seed;
                m.start(seed);
            }
            if ui.button(m.t("briefing-back")).clicked() {
                m.go(Screen::Library);
            }
            if let Some(i) = m.selected
                && ui
                    .button(m.t("briefing-map"))
                    .on_hover_text(m.t("briefing-map-hover"))
                    .clicked()
            {
                m.open_map(i);
            }
        });
        // The same scenario for a whole class: teams on this laptop, or phones on the LAN.
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(m.t("class-window-teams")).strong());
            let hint = m.t("class-window-teams-hint");
            ui.add(
                egui::TextEdit::singleline(&mut m.class_teams)
                    .hint_text(hint)
                    .desired_width(220.0),
            );
            if ui.button(m.t("class-window-start-hot-seat")).clicked() {
                m.start_class_here(false);
            }
            if ui.button(m.t("class-window-start-live")).clicked() {
                m.start_class_here(true);
            }
        });
        if let Some(e) = &m.class_error {
            ui.label(RichText::new(e).color(super::tone(false)));
        }
        ui.add_space(6.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(("briefing-scroll", m.visit))
            .show(ui, |ui| {
                ui.heading(format!("{} · {}", m.t("briefing-heading"), tx(m, &s.title)));
                section(ui, m.t("briefing-situation"));
                ui.label(tx(m, &s.briefing.situation));
                section(ui, m.t("briefing-customer"));
                let c = &s.customer;
                let mut who = format!(
                    "{} · {} · {}",
                    tx(m, &c.name),
                    gloss(m, &cat.glossary.disc, c.disc),
                    gloss(m, &cat.glossary.need, c.need)
                );
                for a in &c.archetypes {
                    who.push_str(&format!(" · {}", gloss(m, &cat.glossary.archetype, *a)));
                }
                ui.label(RichText::new(who).strong());
                if let Some(p) = &c.profile {
                    ui.label(tx(m, p));
                }
                // The trainee's own style against this customer, once they have reflected.
                for line in m.style_advice(c.disc) {
                    ui.label(RichText::new(line).italics().color(super::tone(true)));
                }
                section(ui, m.t("briefing-known"));
                ui.label(tx(m, &s.briefing.known));
                section(ui, m.t("briefing-policy"));
                ui.label(tx(m, &s.briefing.policy));
                if !s.briefing.remedies.is_empty() {
                    section(ui, m.t("briefing-remedies"));
                    for r in &s.briefing.remedies {
                        ui.label(format!("• {}", tx(m, r)));
                    }
                }
                if !s.briefing.legal_notes.is_empty() {
                    section(ui, m.t("briefing-legal"));
                    for r in &s.briefing.legal_notes {
                        ui.label(format!("• {}", tx(m, r)));
                    }
                }
                if !s.objectives.is_empty() {
                    section(ui, m.t("briefing-objectives"));
                    for (n, o) in s.objectives.iter().enumerate() {
                        ui.label(format!("{}. {}", n + 1, tx(m, o)));
                    }
                }
            });
    });
}
