#![recursion_limit = "512"]
//! skiff-sandbox: a Dokploy-compatible API server with seeded demo data, for Skiff's demos and
//! end-to-end tests. Answers match the recordings of a real Dokploy v0.30.2 field for field;
//! `--era v0.24.12` speaks the last API before environments, `--legacy` (`--era v0.18.4`) the
//! 2024 one.

pub mod activity;
pub mod advanced;
pub mod api;
pub mod backups;
pub mod certificates;
pub mod docker;
pub mod duplicate;
pub mod era;
pub mod faults;
pub mod git_providers;
pub mod history;
pub mod hostile;
pub mod http;
pub mod kind;
pub mod legacy;
pub mod moves;
pub mod notifications;
pub mod people;
pub mod previews;
pub mod queue;
pub mod registries;
pub mod rollbacks;
pub mod servers;
pub mod shapes;
pub mod spec;
pub mod ssh_keys;
pub mod store;
pub mod swarm;
pub mod tags;
pub mod traefik;
pub mod util;
pub mod validate;
pub mod views;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use era::Era;
pub use store::{SeedOptions, DEMO_KEY, FAILING_APP, MEMBER_KEY, VIEWER_KEY};

/// Everything the command line can set.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// A second listener that serves only `/api` (for cross-origin tests).
    pub api_addr: Option<SocketAddr>,
    pub dist: PathBuf,
    /// The owner's API key (the bearer token of `--legacy`).
    pub key: String,
    /// The Dokploy release whose API is spoken (`--era`; `--legacy` is v0.18.4).
    pub era: Era,
    pub cors_origin: Option<String>,
    pub faults: String,
    pub seed: SeedOptions,
    /// Length of one deploy phase; a deploy takes about five of them.
    pub deploy_step_ms: u64,
    /// `--no-docker`: the instance has no Docker engine (`docker.rs`).
    pub no_docker: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            api_addr: None,
            dist: PathBuf::from("dist"),
            key: DEMO_KEY.to_string(),
            era: Era::default(),
            cors_origin: None,
            faults: String::new(),
            seed: SeedOptions::default(),
            deploy_step_ms: std::env::var("SKIFF_SANDBOX_DEPLOY_STEP_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1000),
            no_docker: false,
        }
    }
}

/// Requests seen per procedure.
#[derive(Default)]
pub struct Stats {
    pub total: u64,
    pub procedures: BTreeMap<String, u64>,
    /// Requests answered Dokploy's unknown-procedure 404 (a procedure the era lacks, or asked
    /// with the wrong method), per procedure.
    pub missing: BTreeMap<String, u64>,
    pub since_ms: i64,
}

/// State shared by every connection.
pub struct Shared {
    pub config: Config,
    store: Mutex<store::Store>,
    pub faults: Mutex<Vec<faults::Fault>>,
    pub stats: Mutex<Stats>,
    epoch: AtomicU64,
    project_all_cache: Mutex<Option<(u64, Arc<Vec<u8>>)>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    pub fn new(config: Config) -> Result<Self, String> {
        let faults = faults::parse(&config.faults)?;
        let store = Self::fresh_store(&config);
        Ok(Shared {
            config,
            store: Mutex::new(store),
            faults: Mutex::new(faults),
            stats: Mutex::new(Stats {
                since_ms: util::now_ms(),
                ..Stats::default()
            }),
            epoch: AtomicU64::new(0),
            project_all_cache: Mutex::new(None),
        })
    }

    fn fresh_store(config: &Config) -> store::Store {
        let seed = SeedOptions {
            era: config.era,
            ..config.seed.clone()
        };
        let mut st = store::seeded(&seed, &config.key);
        if config.era.bearer() {
            st.legacy.token = Some(config.key.clone());
        }
        st.docker.available = !config.no_docker;
        st
    }

    pub fn lock(&self) -> MutexGuard<'_, store::Store> {
        lock(&self.store)
    }

    pub fn faults(&self) -> MutexGuard<'_, Vec<faults::Fault>> {
        lock(&self.faults)
    }

    pub fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.stats)
    }

    /// Changes whenever the data is reset; running deploys stop when it does.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Restores the seeded data and clears the request counts.
    pub fn reset(&self) {
        let fresh = Self::fresh_store(&self.config);
        let mut st = self.lock();
        self.epoch.fetch_add(1, Ordering::SeqCst);
        let generation = st.generation.wrapping_add(1_000_000);
        *st = fresh;
        st.generation = generation;
        drop(st);
        *lock(&self.project_all_cache) = None;
        *self.stats() = Stats {
            since_ms: util::now_ms(),
            ..Stats::default()
        };
    }

    /// The owner's `project.all`, serialized once per change of the data.
    pub fn project_all_cached(&self, st: &store::Store) -> Arc<Vec<u8>> {
        let mut cache = lock(&self.project_all_cache);
        if let Some((generation, bytes)) = cache.as_ref() {
            if *generation == st.generation {
                return bytes.clone();
            }
        }
        let value = if self.config.era.flat() {
            legacy::project_all(st, self.config.era, &None, &None)
        } else {
            views::project_all(st, &None, &None)
        };
        let bytes = Arc::new(serde_json::to_vec(&value).unwrap_or_default());
        *cache = Some((st.generation, bytes.clone()));
        bytes
    }
}

/// A running sandbox; dropping it stops the listeners.
pub struct Handle {
    pub addr: SocketAddr,
    pub api_addr: Option<SocketAddr>,
    pub shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl Handle {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Binds the listeners and serves until the returned handle is dropped.
pub async fn serve(config: Config) -> std::io::Result<(SocketAddr, Handle)> {
    let shared = Arc::new(
        Shared::new(config.clone())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?,
    );
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let mut tasks = vec![tokio::spawn(http::accept_loop(
        listener,
        shared.clone(),
        false,
    ))];
    let mut api_addr = None;
    if let Some(a) = config.api_addr {
        let l = TcpListener::bind(a).await?;
        api_addr = Some(l.local_addr()?);
        tasks.push(tokio::spawn(http::accept_loop(l, shared.clone(), true)));
    }
    Ok((
        addr,
        Handle {
            addr,
            api_addr,
            shared,
            tasks,
        },
    ))
}
