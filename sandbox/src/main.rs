//! `skiff-sandbox`: parses the command line and runs the sandbox until interrupted.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use skiff_sandbox::{serve, Config, Era};

const USAGE: &str =
    "usage: skiff-sandbox [--addr 127.0.0.1:PORT] [--api-addr 127.0.0.1:PORT2] [--dist DIR]
                     [--key KEY] [--era v0.30.2|v0.24.12|v0.18.4] [--legacy]
                     [--cors-origin ORIGIN] [--faults SPEC,...]
                     [--seed-projects N --services-per-project M] [--seed demo|xss]
                     [--seed-history] [--remote-server] [--fail-deploys] [--no-docker]
                     [--deploy-step-ms MS]

  --addr            where to listen (default 127.0.0.1:8080; port 0 picks a free port)
  --api-addr        a second listener serving only /api (cross-origin tests)
  --dist            Skiff's build to serve at / (default dist/)
  --key             the owner's API key (default skiff-demo-key; the bearer token with --legacy)
  --era             the Dokploy release whose API is spoken: v0.30.2 (default, environments),
                    v0.24.12 (the last before environments: x-api-key, flat projects with
                    organizationId) or v0.18.4 (= --legacy); procedures the release lacks
                    answer its unknown-procedure 404
  --legacy          speak the 2024 API (Dokploy v0.18.4): Authorization: Bearer, flat projects
  --cors-origin     answer CORS for this origin, like a Traefik CORS middleware
  --faults          PROCEDURE:KIND:RATE,... with KIND one of latency=MS, 500, 502, 503,
                    truncated, malformed, shape, 401, refuse, hang, redirect (307 to
                    another origin), invalid=FIELD (a 400 with a field error on FIELD)
                    (PROCEDURE * = all)
  --seed-projects   generate N projects instead of the demo data
  --services-per-project  services in each generated project (default 10)
  --seed            demo (default) or xss: every text the dashboard shows (names, descriptions,
                    hosts, env vars, deployment titles, log lines, key and member names) is an
                    XSS payload that sets window.__xss if it ever runs
  --remote-server   run the demo's storefront and monitoring on a remote server, edge-1
  --seed-history    add 30 days of past deployments to the demo's applications and compose
                    services and past runs to its backups, schedules and volume backups (each
                    keeping its 11 newest, as Dokploy prunes them); the same on every run
  --fail-deploys    every application and compose deploy fails
  --no-docker       no Docker engine, as the recorded v0.30.2: docker.* lists answer [], a
                    container restart and application.readAppMonitoring fail (also
                    POST /__sandbox/docker {\"available\": false})
  --deploy-step-ms  length of one deploy phase (default 1000, env SKIFF_SANDBOX_DEPLOY_STEP_MS)

Control routes (no auth): GET/POST /__sandbox/faults, POST /__sandbox/reset, GET /__sandbox/stats,
GET/POST /__sandbox/docker";

fn parse_args(args: &[String]) -> Result<Config, String> {
    let mut c = Config::default();
    let mut services_per_project = 10;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        let mut value = || -> Result<String, String> {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let addr = |v: String| v.parse::<SocketAddr>().map_err(|e| format!("{flag}: {e}"));
        match flag {
            "--addr" => c.addr = addr(value()?)?,
            "--api-addr" => c.api_addr = Some(addr(value()?)?),
            "--dist" => c.dist = PathBuf::from(value()?),
            "--key" => c.key = value()?,
            "--legacy" => c.era = Era::V0_18_4,
            "--era" => {
                let v = value()?;
                c.era = Era::parse(&v).ok_or_else(|| {
                    format!("--era: unknown era {v:?} (v0.30.2, v0.24.12 or v0.18.4)")
                })?
            }
            "--cors-origin" => c.cors_origin = Some(value()?),
            "--faults" => c.faults = value()?,
            "--seed-projects" => {
                c.seed.projects = Some(
                    value()?
                        .parse()
                        .map_err(|_| "--seed-projects: not a number")?,
                )
            }
            "--services-per-project" => {
                services_per_project = value()?
                    .parse()
                    .map_err(|_| "--services-per-project: not a number")?
            }
            "--fail-deploys" => c.seed.fail_deploys = true,
            "--seed-history" => c.seed.history = true,
            "--remote-server" => c.seed.remote_server = true,
            "--no-docker" => c.no_docker = true,
            "--seed" => match value()?.as_str() {
                "demo" => c.seed.hostile = false,
                "xss" => c.seed.hostile = true,
                other => return Err(format!("--seed: unknown seed {other:?} (demo or xss)")),
            },
            "--deploy-step-ms" => {
                c.deploy_step_ms = value()?
                    .parse()
                    .map_err(|_| "--deploy-step-ms: not a number")?
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
        i += 1;
    }
    c.seed.services_per_project = services_per_project;
    if c.key.is_empty() {
        return Err("--key must not be empty".into());
    }
    Ok(c)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(c) => c,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("skiff-sandbox: {e}\n");
            }
            eprintln!("{USAGE}");
            std::process::exit(if e.is_empty() { 0 } else { 2 });
        }
    };
    let key = config.key.clone();
    let bearer = config.era.bearer();
    let (addr, handle) = match serve(config).await {
        Ok(x) => x,
        Err(e) => {
            eprintln!("skiff-sandbox: {e}");
            std::process::exit(1);
        }
    };
    let mode = if bearer { "Bearer token" } else { "API key" };
    println!("skiff-sandbox listening on http://{addr} ({mode}: {key})");
    if let Some(api) = handle.api_addr {
        println!("skiff-sandbox API-only listener on http://{api}");
    }
    let _ = std::io::stdout().flush();
    let _ = tokio::signal::ctrl_c().await;
    drop(handle);
}
