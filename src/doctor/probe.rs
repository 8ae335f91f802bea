//! The doctor's probes: three browser fetches of `settings.getDokployVersion` (see the module
//! above for what each tells), each with its own timeout, run together.
//!
//! These are diagnostic requests, not API calls: they need the raw outcome (rejected, opaque,
//! or a readable status) that the client's `send` deliberately turns into an `ApiError`.

use std::future::Future;
use std::pin::pin;
use std::task::Poll;

use gloo_net::http::RequestBuilder;
use web_sys::{AbortController, RequestMode};

use super::{
    should_probe, should_try_bearer, Probe, Probes, Reach, Target, PROBE_PROCEDURE,
    PROBE_TIMEOUT_MS,
};
use crate::api::{normalize_base_url, AuthMode, Client};

enum Raced<A> {
    Done(A),
    TimedOut,
}

/// Runs `fut` with the probe timeout; aborts the fetch on timeout.
async fn with_timeout<F: Future>(fut: F, controller: Option<AbortController>) -> Raced<F::Output> {
    let mut fut = pin!(fut);
    let mut timer = pin!(gloo_timers::future::TimeoutFuture::new(PROBE_TIMEOUT_MS));
    let out = std::future::poll_fn(move |cx| {
        if let Poll::Ready(v) = fut.as_mut().poll(cx) {
            return Poll::Ready(Raced::Done(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Raced::TimedOut);
        }
        Poll::Pending
    })
    .await;
    if let (Raced::TimedOut, Some(c)) = (&out, controller) {
        c.abort();
    }
    out
}

/// Both futures to completion, concurrently.
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = pin!(a);
    let mut b = pin!(b);
    let mut ra = None;
    let mut rb = None;
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        match (ra.take(), rb.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                ra = x;
                rb = y;
                Poll::Pending
            }
        }
    })
    .await
}

/// The `no-cors` probe: resolves (opaque) when anything answers over HTTP.
pub async fn reach(url: &str) -> Reach {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let req = RequestBuilder::new(url)
        .mode(RequestMode::NoCors)
        .abort_signal(signal.as_ref())
        .build();
    let Ok(req) = req else {
        return Reach::Rejected;
    };
    match with_timeout(req.send(), controller).await {
        Raced::Done(Ok(_)) => Reach::Answered,
        Raced::Done(Err(_)) => Reach::Rejected,
        Raced::TimedOut => Reach::TimedOut,
    }
}

/// A CORS-mode GET with `headers`; the status and body when the page may read them.
pub async fn fetch(url: &str, headers: &[(&str, String)]) -> Probe {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let mut builder = RequestBuilder::new(url)
        .mode(RequestMode::Cors)
        .abort_signal(signal.as_ref());
    for (k, v) in headers {
        builder = builder.header(k, v);
    }
    let Ok(req) = builder.build() else {
        return Probe::Rejected;
    };
    let exchange = async move {
        let resp = req.send().await.map_err(|_| ())?;
        let status = resp.status();
        let content_type = resp.headers().get("content-type");
        let body = resp.text().await.unwrap_or_default();
        Ok::<_, ()>(Probe::Answered {
            status,
            content_type,
            body: body.chars().take(2000).collect(),
        })
    };
    match with_timeout(exchange, controller).await {
        Raced::Done(Ok(p)) => p,
        Raced::Done(Err(())) => Probe::Rejected,
        Raced::TimedOut => Probe::TimedOut,
    }
}

fn headers(req: &crate::api::Request) -> Vec<(&str, String)> {
    req.headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect()
}

/// Runs every probe `target` needs; the keyed probes use `client`'s own headers (its key goes
/// only to its own address).
pub async fn run(target: &Target, client: Option<&Client>) -> Probes {
    let mut probes = Probes::default();
    if !should_probe(target) {
        return probes;
    }
    let Ok(base) = normalize_base_url(&target.address) else {
        return probes;
    };
    let url = format!("{base}/{PROBE_PROCEDURE}");
    let client = client.filter(|c| c.has_key() && c.base() == base);
    let keyed_req = client.map(|c| c.get_request(PROBE_PROCEDURE, &[]));
    let ((reach, plain), keyed) = join(join(reach(&url), fetch(&url, &[])), async {
        match &keyed_req {
            Some(req) => fetch(&req.url, &headers(req)).await,
            None => Probe::NotRun,
        }
    })
    .await;
    probes.reach = reach;
    probes.plain = plain;
    probes.keyed = keyed;
    if let Some(c) = client {
        if should_try_bearer(target, &probes.keyed) {
            let req = c
                .with_auth(AuthMode::Bearer)
                .get_request(PROBE_PROCEDURE, &[]);
            probes.bearer = fetch(&req.url, &headers(&req)).await;
        }
    }
    probes
}
