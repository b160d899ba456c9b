//! The title screen: name, language, UI scale, and the way into the library.

use egui::RichText;

use super::super::model::{Model, Screen};
use crate::course::Lang;

/// Draws the title screen.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(60.0);
            ui.label(RichText::new(m.t("app-title")).size(44.0).strong());
            ui.add_space(8.0);
            ui.label(RichText::new(m.t("app-tagline")).size(18.0));
            ui.add_space(40.0);
            let form_width = 420.0;
            ui.horizontal(|ui| {
                ui.add_space(((ui.available_width() - form_width) / 2.0).max(0.0));
                ui.vertical(|ui| form(ui, m));
            });
            ui.add_space(30.0);
            if ui
                .add(egui::Button::new(
                    RichText::new(m.t("title-continue")).size(20.0),
                ))
                .clicked()
            {
                m.screen = Screen::Library;
            }
        });
    });
}

fn form(ui: &mut egui::Ui, m: &mut Model) {
    egui::Grid::new("title-form")
        .num_columns(2)
        .spacing([16.0, 14.0])
        .show(ui, |ui| {
            ui.label(m.t("title-name"));
            let hint = m.t("title-name-hint");
            ui.add(
                egui::TextEdit::singleline(&mut m.settings.name)
                    .hint_text(hint)
                    .desired_width(260.0),
            );
            ui.end_row();
            ui.label(m.t("title-language"));
            ui.horizontal(|ui| {
                ui.selectable_value(&mut m.settings.lang, Lang::Zh, "中文");
                ui.selectable_value(&mut m.settings.lang, Lang::En, "English");
            });
            ui.end_row();
            ui.label(m.t("title-scale"));
            ui.add(egui::Slider::new(&mut m.settings.scale, 0.8..=2.0).step_by(0.1));
            ui.end_row();
        });
}
