//! Files over HTTP against a real server: uploads become typed values through FileData, paths
//! that are not this server's files are refused (422 naming the component), outputs are stored
//! in the session's cache folder, served at their URL and deleted with the session.

#![allow(clippy::unwrap_used)]

#[path = "../examples/file_info.rs"]
#[allow(dead_code, unreachable_pub)]
mod file_info;

#[path = "../examples/image_filter.rs"]
#[allow(dead_code, unreachable_pub)]
mod image_filter;

#[path = "media/apps.rs"]
mod apps;
#[path = "../examples/audio_reverse.rs"]
#[allow(dead_code, unreachable_pub)]
mod audio_reverse;
#[path = "media/files_http.rs"]
mod files_http;

#[path = "media/audio_http.rs"]
mod audio_http;
#[path = "../examples/gallery.rs"]
#[allow(dead_code, unreachable_pub)]
mod gallery;

#[path = "media/gallery_video_http.rs"]
mod gallery_video_http;
#[path = "media/image_http.rs"]
mod image_http;
#[path = "media/quota_http.rs"]
mod quota_http;
