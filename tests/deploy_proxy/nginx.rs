//! A real nginx in front of the test servers: started on a free loopback port with a config
//! written into its own temp folder (pid, logs, temp paths there, so it runs as any user),
//! stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// nginx (`BLOCKS_NGINX`, else `/usr/sbin/nginx`), or why there is none.
pub(crate) fn binary() -> Result<PathBuf, String> {
    let nginx = std::env::var_os("BLOCKS_NGINX")
        .map_or_else(|| PathBuf::from("/usr/sbin/nginx"), PathBuf::from);
    let works = Command::new(&nginx)
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        Ok(nginx)
    } else {
        Err(format!(
            "nginx not found at {} (apt-get install nginx, or set BLOCKS_NGINX)",
            nginx.display()
        ))
    }
}

/// A running nginx.
pub(crate) struct Nginx {
    child: Child,
    dir: PathBuf,
    /// `http://127.0.0.1:port`.
    pub(crate) url: String,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One `location` forwarding `prefix` (`/tools/demo/`) to `upstream` (`127.0.0.1:port`), with
/// the settings docs/deploying.md asks for: the forwarded headers, and no buffering for SSE.
fn location(prefix: &str, upstream: &str) -> String {
    let forwarded_prefix = prefix.trim_end_matches('/');
    format!(
        "location {prefix} {{
            proxy_pass http://{upstream}/;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Prefix {forwarded_prefix};
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 3600s;
            client_max_body_size 100m;
        }}"
    )
}

impl Nginx {
    /// Starts nginx forwarding each `(prefix, upstream)`.
    pub(crate) fn start(nginx: &Path, routes: &[(&str, String)]) -> Nginx {
        let dir = std::env::temp_dir().join(format!("blocks-nginx-{:x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = crate::browser::free_port();
        let locations: String = routes
            .iter()
            .map(|(prefix, upstream)| location(prefix, upstream))
            .collect();
        let d = dir.display();
        let config = format!(
            "daemon off; master_process off; worker_processes 1;
            pid {d}/nginx.pid; error_log {d}/error.log warn;
            events {{ worker_connections 256; }}
            http {{
                access_log off;
                client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;
                fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
                server {{ listen 127.0.0.1:{port}; {locations} }}
            }}"
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config).unwrap();
        let child = Command::new(nginx)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut nginx = Nginx {
            child,
            dir,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                let log = std::fs::read_to_string(nginx.dir.join("error.log")).unwrap_or_default();
                panic!("nginx exited ({status}): {log}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }
}
