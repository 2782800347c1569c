//! Image filter: drop a picture, get it back in sepia. API clients call it as `/sepia` with
//! `gradio_client.handle_file("photo.png")` and get the filtered image's file back.

use blocks::media::image::{DynamicImage, Rgb};
use blocks::prelude::*;

/// The classic sepia tone: each pixel's colour through a fixed matrix.
#[blocks::handler]
pub fn sepia(image: DynamicImage) -> DynamicImage {
    let mut pixels = image.into_rgb8();
    for Rgb([r, g, b]) in pixels.pixels_mut() {
        let (red, green, blue) = (f32::from(*r), f32::from(*g), f32::from(*b));
        let tone = |a: f32, b_: f32, c: f32| (a * red + b_ * green + c * blue).min(255.0) as u8;
        let toned = [
            tone(0.393, 0.769, 0.189),
            tone(0.349, 0.686, 0.168),
            tone(0.272, 0.534, 0.131),
        ];
        [*r, *g, *b] = toned;
    }
    DynamicImage::ImageRgb8(pixels)
}

/// The app.
#[blocks::app(title = "Sepia")]
pub fn app() {
    let input = Image::new().label("Input");
    let output = Image::new().label("Sepia");
    let go = Button::new("Filter");
    go.click(sepia, input, output).api_name("sepia");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
