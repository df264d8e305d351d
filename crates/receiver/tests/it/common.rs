//! What the receiver's HTTP tests share: a receiver over a fresh database (a SQLite
//! file, or PostgreSQL: see [`database`]) and a small built widget in a temporary
//! folder.

use std::sync::Arc;

use candor_receiver::{AppState, Config, Store};

use crate::database;

/// A receiver whose database and `dist/` live as long as it does.
pub struct Receiver {
    /// Its state, as the routes see it.
    pub state: Arc<AppState>,
    _dir: tempfile::TempDir,
}

/// A receiver with a tiny widget (one inline boot script, one asset, the embedding
/// kit's guide and snippet), framed by
/// `https://clinic.example` and allowed to connect to `https://fhir.clinic.example`.
pub fn receiver() -> Receiver {
    receiver_with(|_| {})
}

/// The same receiver, with `adjust` applied to its configuration.
pub fn receiver_with(adjust: impl FnOnce(&mut Config)) -> Receiver {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>t</title><script>boot()</script><script src=\"app.js\"></script>",
    )
    .unwrap();
    std::fs::write(dist.join("app.js"), "boot()").unwrap();
    // Stand-ins for the build's precompressed copies: distinct bytes, so a test can
    // tell which one was sent.
    std::fs::write(dist.join("app.js.br"), "brotli bytes of boot()").unwrap();
    std::fs::write(dist.join("app.js.gz"), "gzip bytes of boot()").unwrap();
    std::fs::create_dir(dist.join("embed")).unwrap();
    std::fs::write(
        dist.join("embed/index.html"),
        "<!doctype html><title>guide</title><script src=\"candor-embed.js\"></script>",
    )
    .unwrap();
    std::fs::write(dist.join("embed/candor-embed.js"), "/* snippet */").unwrap();
    let config = Config {
        database: database::fresh(dir.path(), "receiver.sqlite"),
        dist,
        frame_ancestors: "'self' https://clinic.example".into(),
        connect_src: vec!["https://fhir.clinic.example".into()],
        ..Config::default()
    };
    let mut config = config;
    adjust(&mut config);
    let store = Store::connect(&config.database, &database::key()).unwrap();
    Receiver {
        state: Arc::new(AppState::new(store, config)),
        _dir: dir,
    }
}
