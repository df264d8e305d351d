//! What a clinic's page may ask of the widget it embeds: a language, an accent colour
//! and a base font size, given as options of the embedding snippet and passed in the
//! frame's address (never health data). Each is checked here; what fails a check is
//! refused, named, and the widget keeps its own design.
//!
//! The accent colours buttons (white text on it) and links (it on white), so it must
//! reach 4.5:1 against white (WCAG 2.2, 1.4.3). It applies to the light scheme; the
//! dark scheme keeps its own colours, which already meet the same ratios.

/// A colour as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb` (case-insensitive); nothing else (no names, no functions,
    /// no CSS text).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The WCAG contrast ratio of two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The colour mixed with black by `share` (0 to 1): the hover shade of an accent.
    pub fn darker(self, share: f64) -> Rgb {
        let keep = |c: u8| (f64::from(c) * (1.0 - share)).round() as u8;
        Rgb(keep(self.0), keep(self.1), keep(self.2))
    }
}

/// The least contrast text needs (WCAG 2.2 AA).
pub const MIN_CONTRAST: f64 = 4.5;
/// The base font sizes a page may ask for, in CSS pixels.
pub const FONT_SIZES_PX: std::ops::RangeInclusive<u32> = 14..=24;
const WHITE: Rgb = Rgb(255, 255, 255);

/// The options accepted, ready to apply.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    /// The accent, and its hover shade.
    pub accent: Option<(Rgb, Rgb)>,
    /// The base font size as CSS in rem (`calc(18 * 0.0625rem)`, 18 px at the default
    /// root size), so the patient's own text size setting still scales it.
    pub font_size: Option<String>,
}

/// An option that was refused, and why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ThemeProblem {
    /// The accent is not `#rgb` or `#rrggbb`.
    AccentNotAColour,
    /// The accent reaches only this contrast against white.
    AccentContrast(f64),
    /// The font size is not a whole number of pixels from 14 to 24.
    FontSize,
}

impl ThemeProblem {
    /// Which option it concerns, as the embedding page named it.
    pub fn option(self) -> &'static str {
        match self {
            ThemeProblem::AccentNotAColour | ThemeProblem::AccentContrast(_) => "accent",
            ThemeProblem::FontSize => "font_size",
        }
    }
}

impl Theme {
    /// The theme from the page's options (`accent`, `font_size` in pixels, such as
    /// `18` or `18px`), and every option refused.
    pub fn from_options(
        accent: Option<&str>,
        font_size: Option<&str>,
    ) -> (Theme, Vec<ThemeProblem>) {
        let mut theme = Theme::default();
        let mut problems = Vec::new();
        if let Some(text) = accent {
            match Rgb::parse(text) {
                None => problems.push(ThemeProblem::AccentNotAColour),
                Some(colour) if colour.contrast(WHITE) < MIN_CONTRAST => {
                    problems.push(ThemeProblem::AccentContrast(colour.contrast(WHITE)))
                }
                Some(colour) => theme.accent = Some((colour, colour.darker(0.2))),
            }
        }
        if let Some(text) = font_size {
            let px = text.trim().trim_end_matches("px").parse::<u32>().ok();
            match px.filter(|px| FONT_SIZES_PX.contains(px)) {
                // Integers only: no float formatting in the widget's bundle.
                Some(px) => theme.font_size = Some(format!("calc({px} * 0.0625rem)")),
                None => problems.push(ThemeProblem::FontSize),
            }
        }
        (theme, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_hex_only() {
        assert_eq!(Rgb::parse("#0B5E55"), Some(Rgb(0x0b, 0x5e, 0x55)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        for bad in [
            "red",
            "0b5e55",
            "#0b5e5",
            "#0b5e55;background:url(x)",
            "rgb(0,0,0)",
            "#ggg",
            "",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
        assert_eq!(Rgb(0x0b, 0x5e, 0x55).css(), "#0b5e55");
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((Rgb(0, 0, 0).contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = Rgb::parse("#767676").unwrap().contrast(WHITE);
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
    }

    #[test]
    fn an_accent_too_light_for_white_text_is_refused_and_named() {
        let (theme, problems) = Theme::from_options(Some("#ffcc00"), None);
        assert_eq!(theme.accent, None);
        assert!(matches!(problems[..], [ThemeProblem::AccentContrast(r)] if r < 4.5));
        assert_eq!(problems[0].option(), "accent");
        let (theme, problems) = Theme::from_options(Some("#6b2c91"), Some("18px"));
        assert!(problems.is_empty(), "{problems:?}");
        let (accent, hover) = theme.accent.unwrap();
        assert_eq!(accent.css(), "#6b2c91");
        assert!(
            hover.contrast(WHITE) > accent.contrast(WHITE),
            "hover is darker"
        );
        assert_eq!(theme.font_size.as_deref(), Some("calc(18 * 0.0625rem)"));
    }

    #[test]
    fn font_sizes_outside_the_range_or_not_pixels_are_refused() {
        for bad in ["9", "40px", "1.2em", "large", "18.5"] {
            let (theme, problems) = Theme::from_options(None, Some(bad));
            assert_eq!(theme.font_size, None, "{bad}");
            assert_eq!(problems, [ThemeProblem::FontSize], "{bad}");
        }
        let (theme, _) = Theme::from_options(None, Some("16"));
        assert_eq!(theme.font_size.as_deref(), Some("calc(16 * 0.0625rem)"));
    }
}
