//! `Gallery`: a grid of images with captions. Value: `Vec<GalleryImage>`.

use image::DynamicImage;
use serde_json::{json, Map, Value};

use crate::component::codec::{ComponentInput, InputError, OutputWrite};
use crate::component::file_kinds::{decode_file, file_schema};
use crate::component::media_kind::{head, media_spec, wrong, MediaKind};
use crate::component::props::common_props;
use crate::component::{
    ApiInfo, Component, ComponentSpec, IntoOutput, Props, ReadContext, ReadValue, Update,
};

const EXPECTS: &str = "a list of {\"image\": FileData, \"caption\": string or null} (images uploaded to /gradio_api/upload)";

/// One image of a [`Gallery`], with its caption.
#[derive(Debug, Clone)]
pub struct GalleryImage {
    /// The image.
    pub image: DynamicImage,
    /// What is written under it.
    pub caption: Option<String>,
}

impl GalleryImage {
    /// An image without a caption.
    pub fn new(image: DynamicImage) -> Self {
        GalleryImage {
            image,
            caption: None,
        }
    }
    /// The same image with a caption.
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }
}

/// A grid of images with captions: returned by a handler, or uploaded in the page.
/// Value: `Vec<GalleryImage>`. Events: change, upload.
///
/// ```
/// use blocks_runtime::component::Gallery;
/// let grid = Gallery::new().label("Results").columns(3);
/// assert_eq!(grid.props().label(), Some("Results"));
/// ```
#[derive(Debug, Clone)]
pub struct Gallery {
    props: Props,
}

impl Default for Gallery {
    fn default() -> Self {
        Self::new()
    }
}

impl Gallery {
    /// An empty gallery of two columns.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("gallery");
        props.set("value", Vec::<Value>::new());
        props.set("format", "png");
        props.set("columns", 2);
        props.set("rows", Value::Null);
        props.set("height", Value::Null);
        props.set("allow_preview", true);
        props.set("object_fit", Value::Null);
        props.set("file_types", Value::Null);
        props.set("type", "pil");
        props.set("sources", ["upload"]);
        Gallery { props }
    }
    /// How many images a row holds.
    pub fn columns(mut self, columns: u32) -> Self {
        self.props.set("columns", columns);
        self
    }
    /// The height in pixels; more images scroll.
    pub fn height(mut self, pixels: u32) -> Self {
        self.props.set("height", pixels);
        self
    }
    /// A prop update, returned by a handler in place of images.
    pub fn update() -> Update<Self> {
        Update::new()
    }
}

common_props!(Gallery);

/// The items of a gallery value, each an object with an `image` file.
fn items(json: &Value) -> Result<Vec<(&Value, Option<String>)>, String> {
    let Value::Array(items) = json else {
        return Err("a gallery is a list".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if item.get("video").is_some() {
                return Err(format!(
                    "item {i} is a video; a gallery's handler reads images"
                ));
            }
            let image = item
                .get("image")
                .ok_or_else(|| format!("item {i} has no \"image\""))?;
            let caption = item
                .get("caption")
                .and_then(Value::as_str)
                .map(str::to_owned);
            Ok((image, caption))
        })
        .collect()
}

/// `validate`: every item's file starts like an image.
fn check(json: &Value) -> Result<(), String> {
    for (i, (image, _)) in items(json)?.into_iter().enumerate() {
        let file = decode_file(image.clone()).map_err(|e| format!("item {i}: {e}"))?;
        let start = head(&file, 16)?;
        image::guess_format(&start).map_err(|_| format!("item {i}: the file is not an image"))?;
    }
    Ok(())
}

impl Component for Gallery {
    type Value = Vec<GalleryImage>;
    const NAME: &'static str = "Gallery";
    const KIND: &'static str = "gallery";

    fn into_spec(self) -> ComponentSpec {
        let mut image = file_schema();
        let defs = image
            .as_object_mut()
            .and_then(|o| o.remove("$defs"))
            .unwrap_or(Value::Null);
        let mut defs: Map<String, Value> = defs.as_object().cloned().unwrap_or_default();
        defs.insert("FileData".into(), image);
        let schema = json!({"$defs": defs, "type": "array", "items": {"type": "object", "properties": {
            "image": {"$ref": "#/$defs/FileData"},
            "caption": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null}
        }, "required": ["image"]}});
        let example = json!([{"image": crate::component::file_kinds::example_file(
            "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png"), "caption": null}]);
        let kind = MediaKind {
            kind: "gallery",
            name: "Gallery",
            expects: EXPECTS,
            validate: check,
            from_page: crate::component::file_kinds::from_page,
            to_page: crate::component::file_kinds::to_page,
        };
        media_spec(
            &kind,
            self.props,
            ApiInfo::new(schema, "list[dict]", example),
        )
    }
}

impl ReadValue for Gallery {
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<Vec<GalleryImage>, InputError> {
        let json = match input {
            ComponentInput::Json(Value::Null) => return Ok(Vec::new()),
            ComponentInput::Json(json) => json,
            other => {
                return Err(InputError::Internal(format!(
                    "Gallery #{} received {} instead of a JSON value",
                    cx.id,
                    other.kind()
                )))
            }
        };
        let fail = |detail: String| wrong(cx, "Gallery", EXPECTS, &json, detail);
        items(&json)
            .map_err(fail)?
            .into_iter()
            .map(|(image, caption)| {
                let file = decode_file(image.clone()).map_err(fail)?;
                let image = crate::component::image::load(&file, None).map_err(fail)?;
                Ok(GalleryImage { image, caption })
            })
            .collect()
    }
}

impl IntoOutput<Gallery> for Vec<GalleryImage> {
    fn into_write(self) -> OutputWrite {
        let mut out = Vec::with_capacity(self.len());
        for (i, item) in self.into_iter().enumerate() {
            match crate::component::image::encode_png(&item.image) {
                Ok(bytes) => out.push(json!({
                    "image": crate::media::hooks::pending(&format!("image-{i}.png"), &bytes),
                    "caption": item.caption,
                })),
                Err(err) => return OutputWrite::Invalid(err),
            }
        }
        OutputWrite::Value(Value::Array(out))
    }
}

crate::component::events::events!(Gallery: HasChange, Uploadable);
