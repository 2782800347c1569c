//! File info: drop a file, read its name and size. API clients call it as `/file_info` with
//! `gradio_client.handle_file(...)`.

use blocks::prelude::*;

/// "NAME: SIZE bytes" for the uploaded file.
#[blocks::handler]
pub fn file_info(file: FileData) -> Result<String, String> {
    let size = std::fs::metadata(&file.path)
        .map_err(|err| format!("cannot read the upload: {err}"))?
        .len();
    Ok(format!("{}: {size} bytes", file.name()))
}

/// The app.
#[blocks::app(title = "File info")]
pub fn app() {
    let file = File::new().label("File");
    let info = Textbox::new().label("Info");
    file.upload(file_info, file, info).api_name("file_info");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
