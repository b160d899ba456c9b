//! The customer's face, drawn procedurally with egui shapes: the head and hair follow the
//! scenario's `look` (age band and sex), and brows, eyes, mouth and colour follow the mood,
//! so a trainee sees the effect of a reply before reading a number. A customer who
//! withdraws rather than attacks (the catalogue's `withdraws` DISC types, or one who still
//! trusts you) looks hurt and then sad instead of angry. The face blinks, and breathes for
//! a few seconds after each reply; between those moments it asks for no frames.

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

use crate::course::{AgeBand, Look, Sex};

/// The expressions the face can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expression {
    /// Mood 75 and up.
    Pleased,
    /// 55–74.
    Calm,
    /// 40–54.
    Worried,
    /// 25–39, turned outward.
    Annoyed,
    /// 10–24, turned outward.
    Angry,
    /// Below 10, turned outward.
    Furious,
    /// 25–39, turned inward: let down.
    Hurt,
    /// Below 25, turned inward: close to giving up and leaving.
    Sad,
}

impl Expression {
    /// The expression for a mood of 0–100. `inward`: this customer shows being upset as
    /// hurt and sadness rather than anger.
    pub fn of(mood: i32, inward: bool) -> Expression {
        match mood {
            m if m >= 75 => Expression::Pleased,
            m if m >= 55 => Expression::Calm,
            m if m >= 40 => Expression::Worried,
            m if m >= 25 && inward => Expression::Hurt,
            _ if inward => Expression::Sad,
            m if m >= 25 => Expression::Annoyed,
            m if m >= 10 => Expression::Angry,
            _ => Expression::Furious,
        }
    }

    /// The expression for a mood of 0–100, turned outward (anger).
    pub fn from_mood(mood: i32) -> Expression {
        Expression::of(mood, false)
    }

    /// The Fluent key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Expression::Pleased => "face-pleased",
            Expression::Calm => "face-calm",
            Expression::Worried => "face-worried",
            Expression::Annoyed => "face-annoyed",
            Expression::Angry => "face-angry",
            Expression::Furious => "face-furious",
            Expression::Hurt => "face-hurt",
            Expression::Sad => "face-sad",
        }
    }

    /// Turned outward: the face reddens and a vein shows.
    fn hostile(self) -> bool {
        matches!(
            self,
            Expression::Annoyed | Expression::Angry | Expression::Furious
        )
    }
}

/// Everything the face is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct Face {
    /// Mood, 0–100.
    pub mood: i32,
    /// The expression (from the mood and how this customer shows being upset).
    pub expression: Expression,
    /// Age band and sex; None draws a neutral adult.
    pub look: Option<Look>,
    /// The eyes are shut (a blink).
    pub blink: bool,
    /// Breathing, −1 to 1: the head rises and falls a little.
    pub breath: f32,
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// Paints the face for `mood` (0–100) into `rect`, neutral adult, eyes open.
pub fn paint(painter: &Painter, rect: Rect, mood: i32) {
    paint_face(
        painter,
        rect,
        &Face {
            mood,
            expression: Expression::from_mood(mood),
            look: None,
            blink: false,
            breath: 0.0,
        },
    );
}

/// Paints `face` into `rect`.
pub fn paint_face(painter: &Painter, rect: Rect, face: &Face) {
    let e = face.expression;
    let age = face.look.map_or(AgeBand::Adult, |l| l.age);
    let sex = face.look.map(|l| l.sex);
    let r = rect.width().min(rect.height()) * 0.40;
    let c = rect.center() + vec2(0.0, r * 0.04 + face.breath * r * 0.025);
    // Anger reddens the skin; hurt and sadness only pale it a little.
    let heat = if e.hostile() || matches!(e, Expression::Worried) {
        (1.0 - face.mood as f32 / 50.0).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pale = if matches!(e, Expression::Hurt | Expression::Sad) {
        0.35
    } else {
        0.0
    };
    let base = lerp(
        Color32::from_rgb(246, 214, 178),
        Color32::from_rgb(226, 226, 220),
        pale,
    );
    let skin = lerp(base, Color32::from_rgb(226, 96, 80), heat);
    let ink = Color32::from_rgb(50, 38, 34);
    let stroke = Stroke::new(r * 0.06, ink);
    let hair = match age {
        AgeBand::Senior => Color32::from_rgb(196, 196, 200),
        AgeBand::Adult => Color32::from_rgb(60, 48, 44),
        AgeBand::Young => Color32::from_rgb(36, 30, 30),
    };

    painter.rect_filled(rect, 12.0, Color32::from_rgb(226, 232, 240));
    // Shoulders, so the head sits on someone.
    let shoulders =
        Rect::from_center_size(pos2(c.x, rect.bottom() - r * 0.1), vec2(r * 1.9, r * 0.7))
            .intersect(rect);
    painter.rect_filled(
        shoulders,
        egui::CornerRadius {
            nw: (r * 0.5) as u8,
            ne: (r * 0.5) as u8,
            sw: 0,
            se: 12,
        },
        match sex {
            Some(Sex::Female) => Color32::from_rgb(170, 90, 110),
            Some(Sex::Male) => Color32::from_rgb(70, 90, 130),
            None => Color32::from_rgb(110, 120, 130),
        },
    );
    // Hair behind the head: long for a woman, short otherwise.
    match sex {
        Some(Sex::Female) => {
            let long = if age == AgeBand::Senior { 0.55 } else { 0.95 };
            painter.rect_filled(
                Rect::from_min_max(
                    pos2(c.x - r * 1.08, c.y - r * 0.4),
                    pos2(c.x + r * 1.08, c.y + r * long),
                ),
                (r * 0.45) as u8,
                hair,
            );
            painter.circle_filled(c + vec2(0.0, -r * 0.1), r * 1.08, hair);
        }
        _ => {
            painter.circle_filled(c + vec2(0.0, -r * 0.1), r * 1.03, hair);
        }
    }
    // A senior man's hair has receded: the crown shows skin.
    painter.circle_filled(c, r, skin);
    painter.circle_stroke(c, r, Stroke::new(r * 0.03, ink));
    if sex != Some(Sex::Male) || age != AgeBand::Senior {
        // A fringe across the forehead.
        // A cap of hair over the top of the head, above the brows; a man's stops higher.
        let depth: f32 = if sex == Some(Sex::Male) { 0.74 } else { 0.62 };
        let from = depth.asin();
        let span = std::f32::consts::PI - 2.0 * from;
        let fringe: Vec<Pos2> = (0..=16)
            .map(|i| {
                let a = std::f32::consts::PI + from + span * i as f32 / 16.0;
                c + vec2(a.cos() * r * 1.01, a.sin() * r * 1.01)
            })
            .collect();
        painter.add(Shape::convex_polygon(fringe, hair, Stroke::NONE));
    }
    let line = Stroke::new(r * 0.025, Color32::from_rgba_unmultiplied(90, 60, 50, 150));
    if age == AgeBand::Senior {
        // Lines on the forehead and beside the mouth.
        for k in 0..2 {
            let y = c.y - r * (0.42 - k as f32 * 0.09);
            painter.line_segment([pos2(c.x - r * 0.3, y), pos2(c.x + r * 0.3, y)], line);
        }
        for side in [-1.0f32, 1.0] {
            painter.line_segment(
                [
                    pos2(c.x + side * r * 0.42, c.y + r * 0.22),
                    pos2(c.x + side * r * 0.5, c.y + r * 0.5),
                ],
                line,
            );
        }
    }

    let eye_y = c.y - r * 0.1;
    let eye_dx = r * 0.38;
    // (eye height, brow tilt, brow lift, mouth curve, mouth open)
    let (eye_h, brow_tilt, brow_lift, mouth_curve, mouth_open) = match e {
        Expression::Pleased => (0.10, -0.05, 0.10, 0.32, 0.0),
        Expression::Calm => (0.12, 0.0, 0.06, 0.12, 0.0),
        Expression::Worried => (0.13, -0.22, 0.10, -0.05, 0.0),
        Expression::Annoyed => (0.08, 0.18, 0.02, -0.12, 0.0),
        Expression::Angry => (0.09, 0.35, -0.02, -0.25, 0.06),
        Expression::Furious => (0.11, 0.5, -0.05, -0.32, 0.16),
        // Inner brows raised, eyes lowered, the mouth turned down and small.
        Expression::Hurt => (0.09, -0.38, 0.12, -0.16, 0.0),
        Expression::Sad => (0.06, -0.5, 0.14, -0.26, 0.0),
    };
    let look_down = if matches!(e, Expression::Hurt | Expression::Sad) {
        r * 0.04
    } else {
        0.0
    };
    for side in [-1.0f32, 1.0] {
        let eye = pos2(c.x + side * eye_dx, eye_y);
        if face.blink {
            painter.line_segment(
                [eye - vec2(r * 0.09, 0.0), eye + vec2(r * 0.09, 0.0)],
                Stroke::new(r * 0.04, ink),
            );
        } else {
            painter.add(Shape::ellipse_filled(
                eye,
                vec2(r * 0.09, r * eye_h),
                Color32::WHITE,
            ));
            painter.circle_filled(eye + vec2(0.0, look_down), r * 0.055, ink);
        }
        if age == AgeBand::Senior {
            // Reading glasses.
            painter.circle_stroke(
                eye,
                r * 0.17,
                Stroke::new(r * 0.03, Color32::from_rgb(80, 70, 60)),
            );
        }
        // Brows: inner end down when angry, up when worried, hurt or sad.
        let inner = pos2(
            c.x + side * r * 0.16,
            eye_y - r * (0.22 + brow_lift) + r * brow_tilt * 0.5,
        );
        let outer = pos2(
            c.x + side * r * 0.58,
            eye_y - r * (0.26 + brow_lift) - r * brow_tilt * 0.3,
        );
        let brow = if age == AgeBand::Senior {
            Color32::from_rgb(150, 150, 155)
        } else {
            ink
        };
        painter.line_segment([inner, outer], Stroke::new(r * 0.08, brow));
    }
    if age == AgeBand::Senior {
        painter.line_segment(
            [
                pos2(c.x - eye_dx + r * 0.17, eye_y),
                pos2(c.x + eye_dx - r * 0.17, eye_y),
            ],
            Stroke::new(r * 0.03, Color32::from_rgb(80, 70, 60)),
        );
    }
    // Mouth: a parabola; a positive curve smiles (screen y grows downwards, so a smile's
    // middle sits lower than its corners).
    let y = c.y + r * 0.48;
    let w = r * if matches!(e, Expression::Hurt | Expression::Sad) {
        0.3
    } else {
        0.42
    };
    let points: Vec<Pos2> = (0..=16)
        .map(|i| {
            let t = i as f32 / 16.0 * 2.0 - 1.0;
            pos2(
                c.x + t * w,
                y + mouth_curve * r * (1.0 - t * t) - mouth_curve * r * 0.3,
            )
        })
        .collect();
    if mouth_open > 0.0 {
        let mut lower = points.clone();
        lower.reverse();
        let mut poly = points.clone();
        poly.extend(lower.into_iter().map(|p| {
            let t = (p.x - c.x) / w;
            p + Vec2::new(0.0, mouth_open * r * (1.0 - t * t) * 2.0)
        }));
        painter.add(Shape::convex_polygon(
            poly,
            Color32::from_rgb(120, 30, 30),
            stroke,
        ));
    } else {
        painter.add(Shape::line(points, stroke));
    }
    if sex == Some(Sex::Female) && age != AgeBand::Senior {
        // A touch of colour on the lips.
        painter.circle_filled(
            pos2(c.x, y + mouth_curve * r * 0.7 + r * 0.02),
            r * 0.05,
            Color32::from_rgba_unmultiplied(200, 80, 90, 110),
        );
    }
    // Cheeks when pleased, a vein when angry, a tear when sad.
    match e {
        Expression::Pleased => {
            for side in [-1.0f32, 1.0] {
                painter.circle_filled(
                    pos2(c.x + side * r * 0.55, c.y + r * 0.22),
                    r * 0.1,
                    Color32::from_rgba_unmultiplied(240, 120, 120, 120),
                );
            }
        }
        Expression::Furious | Expression::Angry => {
            let v = pos2(c.x + r * 0.45, c.y - r * 0.58);
            let s = Stroke::new(r * 0.05, Color32::from_rgb(170, 20, 20));
            painter.line_segment([v + vec2(-r * 0.1, 0.0), v + vec2(r * 0.1, 0.0)], s);
            painter.line_segment([v + vec2(0.0, -r * 0.1), v + vec2(0.0, r * 0.1)], s);
        }
        Expression::Sad => {
            let t = pos2(c.x + eye_dx + r * 0.02, eye_y + r * 0.2);
            painter.add(Shape::convex_polygon(
                vec![
                    t + vec2(0.0, -r * 0.08),
                    t + vec2(r * 0.05, r * 0.03),
                    t + vec2(0.0, r * 0.07),
                    t + vec2(-r * 0.05, r * 0.03),
                ],
                Color32::from_rgb(110, 170, 230),
                Stroke::NONE,
            ));
        }
        _ => {}
    }
}
