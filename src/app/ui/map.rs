//! The map of a scenario, for an author: nodes in columns by decisions from the start, each
//! with the customer's first line and the range of mood, trust and patience any route
//! arrives with; endings coloured by their verdict; every reply an arrow, the best route in
//! blue. The map pans and zooms (egui `Scene`). Clicking a node opens the preview panel:
//! set mood, trust, patience, the rung and what has already happened, and preview from
//! there.

use egui::{Color32, Pos2, Rect, RichText, Stroke, Vec2};

use super::super::model::{Model, Screen};
use super::{gloss, tx};
use crate::course::Level;
use crate::sim::map::To;
use crate::sim::span;

/// A node's box, and the gaps between columns and rows.
const BOX: Vec2 = Vec2::new(230.0, 96.0);
const COLUMN_GAP: f32 = 90.0;
const ROW_GAP: f32 = 26.0;
/// The smallest zoom at which the first view shows the whole map.
const MIN_READABLE: f32 = 0.7;
/// Characters of the customer's first line shown in a box.
const LINE_CHARS: usize = 30;

const BEST: Color32 = Color32::from_rgb(30, 100, 220);
const EDGE: Color32 = Color32::from_rgb(150, 156, 168);

/// Draws the map screen.
pub fn show(ui: &mut egui::Ui, m: &mut Model) {
    let Some(card) = m.map_view.as_ref().map(|v| v.card) else {
        m.go(Screen::Library);
        return;
    };
    let Some(engine) = m.cards.get(card).and_then(|c| c.engine.clone()) else {
        m.go(Screen::Library);
        return;
    };
    let title = tx(m, &engine.scenario().title).to_string();
    egui::Panel::top("map-top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button(m.t("map-back")).clicked() {
                m.go(Screen::Briefing);
            }
            ui.heading(
                m.i18n
                    .t_args(m.settings.lang, "map-heading", &[("title", title.into())]),
            );
            if ui.button(m.t("map-fit")).clicked()
                && let Some(v) = m.map_view.as_mut()
            {
                v.fit = true;
            }
        });
        ui.label(RichText::new(m.t("map-help")).small());
        ui.add_space(2.0);
    });
    if m.map_view.as_ref().is_some_and(|v| v.node.is_some()) {
        egui::Panel::right("map-preview")
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("map-preview-scroll")
                    .show(ui, |ui| preview_panel(ui, m, &engine));
            });
    }
    egui::CentralPanel::default().show(ui, |ui| scene(ui, m, &engine));
}

/// The top-left corner of the box at (column, row).
fn corner(column: usize, row: usize) -> Pos2 {
    Pos2::new(
        column as f32 * (BOX.x + COLUMN_GAP),
        row as f32 * (BOX.y + ROW_GAP),
    )
}

fn scene(ui: &mut egui::Ui, m: &mut Model, engine: &crate::sim::Engine) {
    let Some(v) = m.map_view.clone() else { return };
    let lang = m.settings.lang;
    let cat = m.catalogue.clone();
    let analysis = engine.analysis();
    let node_rect = |i: usize| {
        let (c, r) = v.layout.nodes[i];
        Rect::from_min_size(corner(c, r), BOX)
    };
    let ending_rect = |i: usize| {
        let (c, r) = v.layout.endings[i];
        Rect::from_min_size(corner(c, r), BOX)
    };
    let whole = Rect::from_min_size(
        Pos2::ZERO,
        Vec2::new(
            v.layout.columns as f32 * (BOX.x + COLUMN_GAP) - COLUMN_GAP,
            v.layout.rows.max(1) as f32 * (BOX.y + ROW_GAP) - ROW_GAP,
        ),
    );
    // First the start at a readable size; "fit" shows it all; a focus centres a node.
    let room = ui.available_size();
    let mut view = if v.fit {
        whole.expand(24.0)
    } else if let Some(n) = v.focus {
        Rect::from_center_size(node_rect(n).center(), room)
    } else if v.view == Rect::ZERO {
        // The whole map when it is still readable that small, else the start at full size.
        let zoom = (room.x / whole.width()).min(room.y / whole.height());
        if zoom >= MIN_READABLE {
            whole.expand(24.0)
        } else {
            Rect::from_min_size(Pos2::new(-24.0, -24.0), room)
        }
    } else {
        v.view
    };
    let mut picked = None;
    egui::Scene::new()
        .zoom_range(0.1..=2.0)
        .show(ui, &mut view, |ui| {
            let painter = ui.painter().clone();
            ui.allocate_rect(whole, egui::Sense::hover());
            // Arrows first, under the boxes; the best route last, on top.
            let mut edges: Vec<_> = v.map.edges.iter().filter(|e| e.from.is_some()).collect();
            edges.sort_by_key(|e| e.best);
            for e in edges {
                let Some(from) = e.from else { continue };
                let a = node_rect(from);
                let b = match e.to {
                    To::Node(n) => node_rect(n),
                    To::Ending(n) => ending_rect(n),
                };
                let (colour, width) = if e.best { (BEST, 3.0) } else { (EDGE, 1.2) };
                arrow(&painter, a, b, Stroke::new(width, colour));
            }
            for (i, (id, line)) in v.map.nodes.iter().enumerate() {
                let range = analysis.nodes.iter().find(|r| &r.id == id);
                let reach = match range {
                    Some(r) => {
                        let heat = if engine.has_opinion() {
                            format!(" · {} {}", m.t("play-heat"), span(r.heat))
                        } else {
                            String::new()
                        };
                        format!(
                            "{} {} · {} {} · {} {}{heat}",
                            m.t("play-mood"),
                            span(r.mood),
                            m.t("play-trust"),
                            span(r.trust),
                            m.t("play-patience"),
                            span(r.patience)
                        )
                    }
                    None => m.t("map-unreached"),
                };
                let start = if i == v.map.start { "▶ " } else { "" };
                let text = format!(
                    "{start}{}\n{}\n{reach}",
                    crate::source::escape(id),
                    short(line.get(lang))
                );
                let fill = if v.node == Some(i) {
                    Color32::from_rgb(214, 228, 255)
                } else if range.is_none() {
                    Color32::from_rgb(236, 236, 236)
                } else {
                    Color32::WHITE
                };
                let button = egui::Button::new(RichText::new(text).size(13.0))
                    .fill(fill)
                    .min_size(BOX)
                    .corner_radius(6.0);
                if ui.put(node_rect(i), button).clicked() {
                    picked = Some(i);
                }
                if let Some(r) = range {
                    mood_bar(&painter, node_rect(i), r.mood);
                }
            }
            for (i, (id, _, title)) in v.map.endings.iter().enumerate() {
                let ending = engine.scenario().endings.iter().find(|e| &e.id == id);
                let verdict = ending.map(|e| crate::sim::verdict::verdict_of(&cat, e));
                let fill = match verdict {
                    Some(crate::course::Verdict::Good) => Color32::from_rgb(200, 240, 200),
                    Some(v) if v.passes() => Color32::from_rgb(245, 236, 180),
                    _ => Color32::from_rgb(250, 208, 214),
                };
                let verdict_name = verdict
                    .map(|v| gloss(m, &cat.glossary.verdict, v))
                    .unwrap_or_default();
                let reached = analysis.reached_endings.contains(id);
                let text = format!(
                    "■ {}\n{}\n{}{}",
                    short(title.get(lang)),
                    crate::source::escape(id),
                    verdict_name,
                    if reached {
                        String::new()
                    } else {
                        format!(" · {}", m.t("map-unreached"))
                    }
                );
                let rect = ending_rect(i);
                painter.rect_filled(rect, 6.0, fill);
                painter.rect_stroke(
                    rect,
                    6.0,
                    Stroke::new(1.0, Color32::from_gray(120)),
                    egui::StrokeKind::Inside,
                );
                ui.put(
                    rect.shrink(6.0),
                    egui::Label::new(RichText::new(text).size(13.0).color(Color32::BLACK)),
                );
            }
        });
    if let Some(v) = m.map_view.as_mut() {
        v.view = view;
        v.fit = false;
        v.focus = None;
    }
    if let Some(i) = picked {
        m.pick_map_node(i);
    }
}

/// An arrow from the right of `a` to the left of `b` (a curve; back to an earlier column it
/// loops below).
fn arrow(painter: &egui::Painter, a: Rect, b: Rect, stroke: Stroke) {
    let from = a.right_center();
    let to = b.left_center();
    let reach = ((to.x - from.x).abs() * 0.4).max(60.0);
    let points = [
        from,
        from + Vec2::new(reach, 0.0),
        to - Vec2::new(reach, 0.0),
        to,
    ];
    painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
        points,
        false,
        Color32::TRANSPARENT,
        stroke,
    ));
    let tip = to;
    let back = Vec2::new(-9.0, 0.0);
    let side = Vec2::new(0.0, 5.0);
    painter.add(egui::Shape::convex_polygon(
        vec![tip, tip + back + side, tip + back - side],
        stroke.color,
        Stroke::NONE,
    ));
}

/// Along the bottom of a node's box, the moods any route arrives with, on a scale of 0
/// (furious, red) to 100 (delighted, green).
fn mood_bar(painter: &egui::Painter, node: Rect, (lo, hi): (u8, u8)) {
    let track = Rect::from_min_max(
        Pos2::new(node.left() + 12.0, node.bottom() - 9.0),
        Pos2::new(node.right() - 12.0, node.bottom() - 5.0),
    );
    painter.rect_filled(track, 2.0, Color32::from_gray(225));
    let x = |v: u8| track.left() + track.width() * f32::from(v) / 100.0;
    let colour = |v: u8| {
        let t = f32::from(v) / 100.0;
        Color32::from_rgb((220.0 - 160.0 * t) as u8, (70.0 + 120.0 * t) as u8, 70)
    };
    let filled = Rect::from_min_max(
        Pos2::new(x(lo), track.top()),
        Pos2::new(x(hi).max(x(lo) + 3.0), track.bottom()),
    );
    let mid = ((u16::from(lo) + u16::from(hi)) / 2) as u8;
    painter.rect_filled(filled, 2.0, colour(mid));
}

/// A line cut to fit a box, on one line, safe to show.
fn short(text: &str) -> String {
    crate::source::diagnostic::escape_prose(&crate::source::one_line(text, LINE_CHARS)).into_owned()
}

/// The preview panel: the node, its reachable range, the state to start in, and the button.
fn preview_panel(ui: &mut egui::Ui, m: &mut Model, engine: &crate::sim::Engine) {
    let Some(v) = m.map_view.clone() else { return };
    let Some(n) = v.node else { return };
    let lang = m.settings.lang;
    let cat = m.catalogue.clone();
    let (id, line) = &v.map.nodes[n];
    ui.add_space(6.0);
    ui.heading(
        m.i18n
            .t_args(lang, "map-preview-title", &[("node", id.clone().into())]),
    );
    ui.label(RichText::new(tx(m, line)).italics());
    ui.add_space(4.0);
    match engine.analysis().nodes.iter().find(|r| &r.id == id) {
        Some(r) => ui.label(m.i18n.t_args(
            lang,
            "map-reached",
            &[
                ("mood", span(r.mood).into()),
                ("trust", span(r.trust).into()),
                ("patience", span(r.patience).into()),
                ("states", r.states.into()),
            ],
        )),
        None => ui.label(m.t("map-unreached")),
    };
    ui.separator();
    let flags = engine.flag_names();
    let levels: Vec<(Level, String)> = Level::ALL
        .iter()
        .map(|l| (*l, gloss(m, &cat.glossary.level, *l)))
        .collect();
    let (mood, trust, patience) = (m.t("play-mood"), m.t("play-trust"), m.t("play-patience"));
    let heat = m.t("play-heat");
    let rung = m.t("map-preview-level");
    let happened = m.t("map-preview-flags");
    let Some(v) = m.map_view.as_mut() else { return };
    let p = &mut v.preset;
    for (name, value) in [
        (mood, &mut p.mood),
        (trust, &mut p.trust),
        (patience, &mut p.patience),
    ] {
        let mut x = value.unwrap_or(50);
        ui.add(egui::Slider::new(&mut x, 0..=100).text(name));
        *value = Some(x);
    }
    if let Some(h) = p.heat.as_mut() {
        ui.add(egui::Slider::new(h, 0..=100).text(heat));
    }
    let level = p.level.unwrap_or(Level::FrontLine);
    let shown = levels
        .iter()
        .find(|(l, _)| *l == level)
        .map_or(String::new(), |(_, s)| s.clone());
    ui.horizontal(|ui| {
        ui.label(rung);
        egui::ComboBox::from_id_salt("map-level")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (l, name) in &levels {
                    if ui.selectable_label(level == *l, name.as_str()).clicked() {
                        p.level = Some(*l);
                    }
                }
            });
    });
    if !flags.is_empty() {
        ui.label(happened);
        for f in &flags {
            let mut on = p.flags.contains(f);
            if ui.checkbox(&mut on, crate::source::escape(f)).changed() {
                if on {
                    p.flags.push(f.clone());
                } else {
                    p.flags.retain(|x| x != f);
                }
            }
        }
    }
    ui.add_space(8.0);
    let start = ui.button(RichText::new(m.t("map-preview-start")).size(18.0));
    ui.label(RichText::new(m.t("map-preview-note")).small());
    if let Some(e) = m.map_view.as_ref().and_then(|v| v.error.clone()) {
        ui.label(RichText::new(e).color(Color32::from_rgb(170, 30, 30)));
    }
    if start.clicked() {
        m.start_preview();
    }
}
