//! Gallery: a grid of generated images with captions. Pick how many; each is a colour
//! gradient with its hue as caption. API clients call it as `/generate` and get the images'
//! files back with their captions.

use blocks::media::image::{DynamicImage, Rgb, RgbImage};
use blocks::prelude::*;

/// A 96×96 gradient of hue `degrees`, from dark to full colour.
fn gradient(degrees: f32) -> DynamicImage {
    let (r, g, b) = hue(degrees);
    DynamicImage::ImageRgb8(RgbImage::from_fn(96, 96, |x, y| {
        let t = (x + y) as f32 / 190.0;
        Rgb([(r * t) as u8, (g * t) as u8, (b * t) as u8])
    }))
}

/// A fully saturated colour of hue `degrees`, as 0-255 channels.
fn hue(degrees: f32) -> (f32, f32, f32) {
    let h = (degrees.rem_euclid(360.0)) / 60.0;
    let x = 1.0 - (h % 2.0 - 1.0).abs();
    let (r, g, b) = match h as u32 {
        0 => (1.0, x, 0.0),
        1 => (x, 1.0, 0.0),
        2 => (0.0, 1.0, x),
        3 => (0.0, x, 1.0),
        4 => (x, 0.0, 1.0),
        _ => (1.0, 0.0, x),
    };
    (r * 255.0, g * 255.0, b * 255.0)
}

/// `count` gradients spread around the colour wheel, each captioned with its hue.
#[blocks::handler]
pub fn generate(count: f64) -> Vec<GalleryImage> {
    let count = count.clamp(1.0, 12.0) as u32;
    (0..count)
        .map(|i| {
            let degrees = i as f32 * 360.0 / count as f32;
            GalleryImage::new(gradient(degrees)).caption(format!("hue {degrees:.0}°"))
        })
        .collect()
}

/// The app.
#[blocks::app(title = "Gallery")]
pub fn app() {
    let count = Slider::new(1.0, 12.0).value(6.0).step(1.0).label("Images");
    let gallery = Gallery::new().label("Generated").columns(3);
    let go = Button::new("Generate");
    go.click(generate, count, gallery).api_name("generate");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
